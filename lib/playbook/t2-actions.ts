/**
 * The playbook's "T2 Analyst Actions" (./t1550-001.ts, t2Actions) worked out from a case: for
 * each action, the findings that serve it (indices into snapshot.findings), their events, a
 * one-line summary computed from the case, and the scope-query languages (lib/queries) worth
 * running for the case's providers. Also `caseScope`, the Scope those queries take, built from
 * the case. Pure: no DOM, no I/O; strings in the output come from logs and must render as text.
 *
 * Which indicators serve which action (T2_ACTION_INDICATORS), and why:
 * - t2-api-scope-impact (scope and impact of the unusual API requests): mass-api-access,
 *   privileged-with-token, broader-permissions, token-minting, console-from-programmatic — the
 *   findings about what the token did. vendor-risk is added: the provider's own detection is
 *   about the same API activity and names what it saw.
 * - t2-other-users-tokens (other users or tokens similarly compromised): multi-account,
 *   token-multi-source, refresh-token-abuse, plus snapshot.related. oauth-consent and
 *   new-auth-material are added: a consent grant or a newly minted key/credential is exactly how
 *   another principal or token becomes compromised (verdict.ts GROUND_TEXT says the same of the
 *   persistence ground).
 * - t2-privesc-lateral (privilege escalation, lateral movement correlated with token use):
 *   privileged-with-token, broader-permissions, console-from-programmatic, new-auth-material,
 *   token-minting. multi-account is added: the same source reaching several accounts is how
 *   lateral movement shows in these logs.
 *
 * caseScope: IPs are the flagged events' IPs first, then the subject's unusual ones (not seen in
 * the earlier unflagged baseline; every IP of the subject when there is no flagged window),
 * at most 20; ASNs of the same events; token ids are the subject's credential ids and session
 * ids (and the subject itself when it is a token), then the related tokens; identities are the
 * subject (or its events' actors) then the related identities. The window is the flagged window
 * padded (default 24 h before, 6 h after), else the span of all events, else takenAt ± 24 h.
 */
import type { Case, CaseEvent, CaseFinding } from '../model/case';
import type { Provider } from '../model/token-event';
import type { IndicatorId } from '../engine/types';
import { QUERY_LANGUAGES } from '../queries/index';
import type { Scope } from '../queries/scope';
import { baselineEvents, flaggedWindow, isFlagged, networkName, span, subjectEvents } from './case-events';
import { DAY_MS, HOUR_MS } from './l1-steps';
import { listText, plural } from './phrasing';

export type T2ActionId = 't2-api-scope-impact' | 't2-other-users-tokens' | 't2-privesc-lateral';
export const T2_ACTION_IDS: readonly T2ActionId[] = [
  't2-api-scope-impact',
  't2-other-users-tokens',
  't2-privesc-lateral',
];

export const T2_ACTION_INDICATORS: Record<T2ActionId, readonly IndicatorId[]> = {
  't2-api-scope-impact': [
    'mass-api-access',
    'privileged-with-token',
    'broader-permissions',
    'token-minting',
    'console-from-programmatic',
    'vendor-risk',
  ],
  't2-other-users-tokens': [
    'multi-account',
    'token-multi-source',
    'refresh-token-abuse',
    'oauth-consent',
    'new-auth-material',
  ],
  't2-privesc-lateral': [
    'privileged-with-token',
    'broader-permissions',
    'console-from-programmatic',
    'new-auth-material',
    'token-minting',
    'multi-account',
  ],
};

/** The query languages (lib/queries QUERY_LANGUAGES ids) that read each provider's logs. */
export const PROVIDER_LANGUAGES: Record<Provider, readonly string[]> = {
  aws: ['cloudtrail-lake', 'athena'],
  entra: ['kql'],
  azure: ['kql'],
  m365: ['kql'],
  gcp: ['gcp-logging', 'bigquery'],
  okta: ['okta'],
  github: ['github'],
  workspace: [],
};

export interface T2ActionSupport {
  actionId: T2ActionId;
  /** Indices into snapshot.findings, in snapshot order (strongest first). */
  findings: number[];
  /** Ids of those findings' evidence events, first-seen order. */
  events: string[];
  /** One line computed from the case. */
  summary: string;
  /** QUERY_LANGUAGES ids relevant to the case's providers, in QUERY_LANGUAGES order. */
  languages: string[];
}

const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

/** The case's providers' query languages, in the order QUERY_LANGUAGES lists them. */
export function relevantLanguages(c: Case): string[] {
  const wanted = new Set(uniq(c.snapshot.events.map((e) => e.provider)).flatMap((p) => PROVIDER_LANGUAGES[p]));
  return QUERY_LANGUAGES.map((l) => l.id).filter((id) => wanted.has(id));
}

function findingsFor(c: Case, action: T2ActionId): { findings: number[]; events: string[]; items: CaseFinding[] } {
  const want = new Set<string>(T2_ACTION_INDICATORS[action]);
  const findings: number[] = [];
  c.snapshot.findings.forEach((f, i) => {
    if (want.has(f.indicator)) findings.push(i);
  });
  const items = findings.map((i) => c.snapshot.findings[i]!);
  return { findings, events: uniq(items.flatMap((f) => f.evidence.map((ev) => ev.eventId))), items };
}

const byWhom = (c: Case) =>
  c.subject.kind === 'token' ? 'the token' : c.subject.kind === 'identity' ? 'the identity' : 'the subject';

function actionsText(events: readonly CaseEvent[]): string {
  return listText(uniq(events.map((e) => (e.target ? `${e.action} → ${e.target}` : e.action))), 3);
}

function apiScopeSummary(c: Case, events: readonly CaseEvent[]): string {
  const api = events.filter((e) => e.class === 'api_activity');
  if (!api.length) {
    return `No API activity by ${byWhom(c)} in this analysis: pull the provider's audit log (the scope queries) to see what the token did`;
  }
  const networks = uniq(api.map((e) => networkName(e) ?? e.ip ?? e.caller ?? 'unknown'));
  const failed = api.filter((e) => !e.success).length;
  const priv = api.filter((e) => e.verb === 'privileged');
  const writes = api.filter((e) => e.verb === 'write' || e.verb === 'delete').length;
  const flagged = api.filter(isFlagged).length;
  const services = uniq(api.map((e) => e.service).filter((s): s is string => Boolean(s)));
  const parts = [
    `${plural(api.length, 'API call')} by ${byWhom(c)} from ${plural(networks.length, 'network')}${failed ? ` (${failed} failed)` : ''}`,
    `${flagged} flagged`,
    `${priv.length} privileged${priv.length ? ` (${actionsText(priv)})` : ''}`,
    `${writes} write/delete`,
  ];
  if (services.length) parts.push(`services: ${listText(services, 4)}`);
  const omitted = c.snapshot.eventsOmitted ? `; ${c.snapshot.eventsOmitted} more events not in the case` : '';
  return `${parts.join(', ')}${omitted}`;
}

function otherUsersSummary(c: Case, items: readonly CaseFinding[]): string {
  const subject = c.subject.id;
  const related = c.snapshot.related.filter((r) => r.id !== subject);
  const relIds = related.filter((r) => r.kind === 'identity');
  const relToks = related.filter((r) => r.kind === 'token');
  const fromFindings = {
    ids: uniq(items.flatMap((f) => f.identities)).filter((x) => x !== subject && !relIds.some((r) => r.id === x)),
    toks: uniq(items.flatMap((f) => f.tokens)).filter((x) => x !== subject && !relToks.some((r) => r.id === x)),
  };
  const identities = [...relIds.map((r) => `${r.id} (${r.verdict})`), ...fromFindings.ids];
  const tokens = [...relToks.map((r) => `${r.id} (${r.verdict})`), ...fromFindings.toks];
  const own = uniq(
    subjectEvents(c)
      .map((e) => e.credentialId)
      .filter((x): x is string => Boolean(x)),
  );
  const ownText = own.length ? `; the subject used ${plural(own.length, 'credential')} (${listText(own, 3)})` : '';
  if (!identities.length && !tokens.length) {
    return `No other identity or token flagged by the same analysis${ownText}; run the scope queries on the source IPs across all users`;
  }
  const parts: string[] = [];
  if (identities.length)
    parts.push(`${plural(identities.length, 'other identity', 'other identities')}: ${listText(identities, 3)}`);
  if (tokens.length) parts.push(`${plural(tokens.length, 'other token')}: ${listText(tokens, 3)}`);
  return `${parts.join('; ')}${ownText}`;
}

const MINTING =
  /^(GetFederationToken|GetSessionToken|AssumeRole\w*|generateAccessToken|generateIdToken|signJwt|SignBlob|CreateAccessKey|CreateLoginProfile)$/i;

function privescSummary(c: Case, events: readonly CaseEvent[], items: readonly CaseFinding[]): string {
  const priv = events.filter((e) => e.verb === 'privileged');
  const minting = events.filter((e) => e.flagged.includes('token-minting') || MINTING.test(e.action));
  const accounts = uniq(events.map((e) => e.account).filter((a): a is string => Boolean(a)));
  const parts = [
    `${plural(priv.length, 'privileged call')}${priv.length ? ` (${actionsText(priv)})` : ''}`,
    `${plural(minting.length, 'credential-minting call')}${minting.length ? ` (${actionsText(minting)})` : ''}`,
    `${plural(accounts.length, 'account')} touched${accounts.length ? ` (${listText(accounts, 3)})` : ''}`,
  ];
  const titles = uniq(items.map((f) => f.title));
  if (titles.length) parts.push(`findings: ${listText(titles, 3)}`);
  return parts.join(', ');
}

/** One entry per T2 Analyst Action, in the playbook's order. */
export function t2Actions(c: Case): T2ActionSupport[] {
  const events = subjectEvents(c);
  const languages = relevantLanguages(c);
  return T2_ACTION_IDS.map((actionId) => {
    const { findings, events: ids, items } = findingsFor(c, actionId);
    const summary =
      actionId === 't2-api-scope-impact'
        ? apiScopeSummary(c, events)
        : actionId === 't2-other-users-tokens'
          ? otherUsersSummary(c, items)
          : privescSummary(c, events, items);
    return { actionId, findings, events: ids, summary, languages: [...languages] };
  });
}

// ---------------------------------------------------------------------------------------------
// The case's scope for the queries

export interface CaseScopeOptions {
  /** Padding before the flagged window (default 24 h); also after it unless padAfterMs is set. */
  padMs?: number;
  /** Padding after the flagged window (default 6 h, or padMs when only padMs is set). */
  padAfterMs?: number;
}

export const MAX_SCOPE_IPS = 20;
export const MAX_SCOPE_VALUES = 50;

const defined = <T>(xs: readonly (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined && x !== '');

export function caseScope(c: Case, opts: CaseScopeOptions = {}): Scope {
  const before = opts.padMs ?? DAY_MS;
  const after = opts.padAfterMs ?? opts.padMs ?? 6 * HOUR_MS;
  const events = subjectEvents(c);
  const flagged = events.filter(isFlagged);
  const baseline = baselineEvents(events);
  const usual = new Set(defined(baseline.map((e) => e.ip)));
  // The flagged events' IPs, then the subject's other IPs not seen in the baseline (all of them
  // when there is no flagged window, hence no baseline).
  const unusual = events.filter((e) => !isFlagged(e) && e.ip && !usual.has(e.ip));
  const scoped = [...flagged, ...unusual];
  const ips = uniq(defined(scoped.map((e) => e.ip))).slice(0, MAX_SCOPE_IPS);
  const ipSet = new Set(ips);
  const asns = uniq(defined(scoped.filter((e) => e.ip && ipSet.has(e.ip)).map((e) => e.asn)));

  const related = c.snapshot.related.filter((r) => r.id !== c.subject.id);
  const tokenIds = uniq([
    ...(c.subject.kind === 'token' ? [c.subject.id] : []),
    ...defined(events.map((e) => e.credentialId)),
    ...defined(events.map((e) => e.sessionId)),
    ...related.filter((r) => r.kind === 'token').map((r) => r.id),
  ]).slice(0, MAX_SCOPE_VALUES);
  const appIds = uniq(defined(events.map((e) => e.appId))).slice(0, MAX_SCOPE_VALUES);
  const identities = uniq([
    ...(c.subject.kind === 'identity' ? [c.subject.id] : defined(events.map((e) => e.actor))),
    ...related.filter((r) => r.kind === 'identity').map((r) => r.id),
  ]).slice(0, MAX_SCOPE_VALUES);

  const w = flaggedWindow(events);
  const all = span(c.snapshot.events);
  let from: number;
  let to: number;
  if (w) [from, to] = [w.from - before, w.to + after];
  else if (all) [from, to] = [all.from - before, all.to + after];
  else [from, to] = [c.snapshot.takenAt - DAY_MS, c.snapshot.takenAt + DAY_MS];
  return { ips, asns, tokenIds, appIds, identities, from: new Date(from), to: new Date(to) };
}
