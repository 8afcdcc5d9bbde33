/**
 * suspicious-client — attacker tooling and scripting user agents.
 *
 * Playbook question: "Is the token usage aligned with known malicious patterns?"
 * Public content: Sigma "TruffleHog user agent", "AzureHound user agent", axios and BAV2ROPC
 * rules; Elastic's known-offensive-tool rules (`distrib#kali`, `+kali`, TruffleHog) and "Okta AiTM
 * session cookie replay" (scripted user agents on a browser session); Panther
 * GitHub.SupplyChain.SuspiciousUserAgents (package managers in the GitHub audit log); GuardDuty
 * `PenTest:IAMUser/KaliLinux|ParrotLinux|PentooLinux`. The user-agent tables live with the client
 * classification (lib/model/client-kind.ts), which also adds Pacu, aws_consoler, ScoutSuite and
 * CloudFox.
 *
 * The console's own traffic, services acting for the caller and infrastructure as code are not
 * scripting clients (lib/model/client-kind.ts): the AWS console's back ends send
 * `aws-internal/3 aws-sdk-java/… java/1.8…`, which is the console working, not a Java script
 * holding the session's credentials (Permiso CloudConsoleCartographer sessions). Only user agents
 * the classification calls scripting libraries are judged as such; SDKs and CLIs are not.
 * Records that name no caller are judged for attacker tooling only, one finding per tool, with
 * no identity (nothing to compare a scripting client with).
 *
 * Offensive tools are high on sight. Generic scripting clients are everywhere in automation, so
 * (every public rule's advice: baseline per identity) they are medium only when the identity normally uses something
 * else (warm history and this UA never seen for it, history dimension `ua`), low otherwise.
 * Log text is hostile: the UA is quoted in the detail, never interpreted.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import {
  OFFENSIVE_USER_AGENTS,
  SCRIPTING_USER_AGENTS,
  type UaRule,
  type ClientKind,
  clientKindOf,
  CLIENT_KIND_WORDS,
} from '../../model/client-kind';
import { identitySubject } from '../../baseline/history';
import { hasWarmHistory, isFirstSeen } from '../../baseline/novelty';
import { defineIndicator, type EngineContext, type Finding, type HistoryUse, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting } from '../finding';

export type { UaRule } from '../../model/client-kind';

/** Package managers in the GitHub audit log: a token used outside a person's browser/git (Panther GitHub.SupplyChain.SuspiciousUserAgents). */
export const PACKAGE_MANAGER_USER_AGENTS: readonly UaRule[] = [
  { name: 'npm', pattern: /^npm\/|\bnpm\/\d/i, source: 'Panther GitHub.SupplyChain.SuspiciousUserAgents' },
  { name: 'yarn', pattern: /\byarn\/\d/i, source: 'Panther GitHub.SupplyChain.SuspiciousUserAgents' },
  { name: 'pip', pattern: /^pip\/|\bpip\/\d/i, source: 'Panther GitHub.SupplyChain.SuspiciousUserAgents' },
  { name: 'gem', pattern: /rubygems|^gem\//i, source: 'Panther GitHub.SupplyChain.SuspiciousUserAgents' },
  { name: 'cargo', pattern: /^cargo\/|\bcargo\/\d/i, source: 'Panther GitHub.SupplyChain.SuspiciousUserAgents' },
];

export const suspiciousClientSettings = z.object({
  /** Prior events before "normally uses something else" can be judged (Entra unlikelyTravel learning: 10 logins). */
  minHistoryEvents: z.number().int().min(0).default(10),
  /** Judge scripting UAs at all (off: offensive tools only). */
  scriptingClients: z.boolean().default(true),
  maxEvidence: maxEvidenceSetting,
});
export type SuspiciousClientSettings = z.infer<typeof suspiciousClientSettings>;

type Family = 'offensive' | 'scripting' | 'package';

function matchUa(e: TokenEvent, s: SuspiciousClientSettings): { rule: UaRule; family: Family } | undefined {
  const texts = [
    e.source.userAgent,
    typeof e.details?.clientAppUsed === 'string' ? e.details.clientAppUsed : undefined,
  ].filter((x): x is string => !!x);
  if (!texts.length) return undefined;
  for (const t of texts) {
    const off = OFFENSIVE_USER_AGENTS.find((r) => r.pattern.test(t));
    if (off) return { rule: off, family: 'offensive' };
  }
  const ua = e.source.userAgent;
  if (!ua) return undefined;
  if (e.provider === 'github') {
    const pm = PACKAGE_MANAGER_USER_AGENTS.find((r) => r.pattern.test(ua));
    if (pm) return { rule: pm, family: 'package' };
  }
  if (!s.scriptingClients) return undefined;
  // The console, a service acting for the caller, infrastructure as code, an SDK: not a script.
  if (clientKindOf(e) !== 'scripting') return undefined;
  const sc = SCRIPTING_USER_AGENTS.find((r) => r.pattern.test(ua));
  return sc ? { rule: sc, family: 'scripting' } : undefined;
}

interface Group {
  rule: UaRule;
  family: Family;
  severity: Severity;
  why: string;
  /** Judged against the identity's history: new to it (a client it does not use), or by what it usually uses. */
  restsOn?: HistoryUse;
  events: TokenEvent[];
  uas: Set<string>;
}

export const suspiciousClient = defineIndicator({
  id: 'suspicious-client',
  title: 'Attacker tooling or scripting client',
  signals: ['known-malicious'],
  settings: suspiciousClientSettings,
  evaluate(ctx: EngineContext, s: SuspiciousClientSettings): Finding[] {
    const findings: Finding[] = [];
    for (const [actor, events] of ctx.byIdentity) {
      if (!actor) continue;
      const groups = new Map<string, Group>();
      const seenHere = new Set<string>(); // UA strings this identity used earlier in the input
      for (const e of events) {
        const ua = e.source.userAgent;
        if (e.actor.kind === 'service') continue;
        const m = matchUa(e, s);
        if (m) {
          let g = groups.get(m.rule.name);
          if (!g) {
            const judged = judge(ctx, e, m.family, seenHere, s);
            g = {
              rule: m.rule,
              family: m.family,
              severity: judged.severity,
              why: judged.why,
              restsOn: judged.restsOn,
              events: [],
              uas: new Set(),
            };
            groups.set(m.rule.name, g);
          }
          g.events.push(e);
          if (ua) g.uas.add(ua);
          else if (typeof e.details?.clientAppUsed === 'string') g.uas.add(e.details.clientAppUsed);
        }
        if (ua) seenHere.add(ua);
      }
      for (const g of groups.values()) findings.push(toFinding(actor, g, s));
    }
    // Records without a caller: attacker tooling still shows, one finding per tool, no identity.
    const tools = new Map<string, Group>();
    for (const e of ctx.noCaller) {
      if (e.actor.kind === 'service') continue;
      const m = matchUa(e, s);
      if (!m || m.family !== 'offensive') continue;
      let g = tools.get(m.rule.name);
      if (!g)
        tools.set(
          m.rule.name,
          (g = {
            rule: m.rule,
            family: m.family,
            severity: 'high',
            why: 'offensive security tooling (the records name no caller)',
            events: [],
            uas: new Set(),
          }),
        );
      g.events.push(e);
      const text =
        e.source.userAgent ?? (typeof e.details?.clientAppUsed === 'string' ? e.details.clientAppUsed : undefined);
      if (text) g.uas.add(text);
    }
    for (const g of tools.values()) findings.push(toFinding('a caller the records do not name', g, s));
    return findings.sort((a, b) => a.time - b.time);
  },
});

function judge(
  ctx: EngineContext,
  e: TokenEvent,
  family: Family,
  seenHere: Set<string>,
  s: SuspiciousClientSettings,
): { severity: Severity; why: string; restsOn?: HistoryUse } {
  if (family === 'offensive') return { severity: 'high', why: 'offensive security tooling' };
  const subject = identitySubject(e);
  const ua = e.source.userAgent!;
  const familiar = seenHere.has(ua) || !isFirstSeen(ctx.history, subject, 'ua', ua, e.time);
  const warm = hasWarmHistory(ctx.history, subject, e.time, s.minHistoryEvents);
  if (warm && !familiar) {
    const usual = usualClient(ctx, e);
    return {
      severity: 'medium',
      restsOn: 'first-seen',
      why: `this identity normally uses ${usual ?? 'other clients'} (${ctx.history.countBefore(subject, e.time)} earlier events, none with this user agent)`,
    };
  }
  return {
    severity: 'low',
    restsOn: 'profile',
    why: familiar
      ? 'this identity has used this client before'
      : `not enough history (< ${s.minHistoryEvents} events) to know what this identity normally uses`,
  };
}

/** What the identity's earlier events in the input mostly were, in words ("console activity"), when one kind dominates. */
function usualClient(ctx: EngineContext, e: TokenEvent): string | undefined {
  const events = ctx.byIdentity.get(e.actor.id);
  if (!events) return undefined;
  const counts = new Map<ClientKind, number>();
  let n = 0;
  for (const x of events) {
    if (x.time >= e.time) break;
    const k = clientKindOf(x);
    counts.set(k, (counts.get(k) ?? 0) + 1);
    n++;
  }
  for (const [k, c] of counts) if (c * 2 > n) return CLIENT_KIND_WORDS[k];
  return undefined;
}

function toFinding(actor: string, g: Group, s: SuspiciousClientSettings): Finding {
  const kind =
    g.family === 'offensive' ? 'attacker tool' : g.family === 'package' ? 'package-manager client' : 'scripting client';
  const uas = [...g.uas].slice(0, 3).map((u) => JSON.stringify(u.length > 160 ? u.slice(0, 160) + '…' : u));
  return findingFrom(
    'suspicious-client',
    {
      severity: g.severity,
      title: `${actor} used ${g.family === 'offensive' ? 'the attacker tool' : 'a ' + kind} ${g.rule.name}`,
      detail:
        `${g.events.length} event(s) with user agent ${uas.join(', ')}${g.uas.size > 3 ? ` and ${g.uas.size - 3} more` : ''}; ` +
        `${kind} per ${g.rule.source}; ${g.why}.`,
    },
    g.events,
    s.maxEvidence,
    g.restsOn ? { restsOn: g.restsOn } : {},
  );
}
