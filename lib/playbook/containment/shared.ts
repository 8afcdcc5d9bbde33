/**
 * Helpers shared by the per-provider containment builders: quoting for each target language,
 * shape checks for the identifiers each provider uses, and a small "fill" that puts a case value
 * into a command or, when the case has none (or only a value that fails its shape check), a
 * `<PLACEHOLDER>` that it records in the action's `missing`.
 *
 * Why: every value here comes from log text an attacker can influence (a role name, a UPN, an
 * app id). Two defences, both always applied: the value must have the provider's shape for that
 * identifier (so `x'; rm -rf / #` is never a role name), and it is quoted for the language it
 * lands in (bash single quotes, PowerShell single quotes, JSON, URL path segments, KQL). Free
 * text (display names, user agents, targets) is never put into a command or a comment.
 * Pure and deterministic: no clock, no randomness.
 */
import type { Case, CaseEvent } from '../../model/case';
import type { ContainmentAction, ContainmentItemId, ContainmentProvider } from './types';

// ---------------------------------------------------------------------------------------------
// Quoting

/** A bash word that is exactly `s`: single quotes, each `'` written as `'\''`. */
export function bashQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A PowerShell single-quoted string that is exactly `s`. PowerShell treats the typographic
 * quotes U+2018..U+201B as single quotes too, so each of those is doubled as well.
 */
export function psQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** A KQL single-quoted string literal. */
export function kqlQuote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One URL path segment: encodeURIComponent, plus the RFC 3986 sub-delims it leaves alone. */
export function pathSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

// ---------------------------------------------------------------------------------------------
// Shapes (anchored; a value must match the whole pattern)

export const SHAPES = {
  awsAccessKeyId: /^(AKIA|ASIA)[A-Z0-9]{16}$/,
  awsAccountId: /^\d{12}$/,
  /** IAM user, role and path names: [\w+=,.@-]. */
  awsIamName: /^[\w+=,.@-]{1,64}$/,
  awsRoleArn: /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/,
  awsUserArn: /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):user\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/,
  awsAssumedRoleArn: /^arn:aws(?:-[a-z]+)*:sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/,
  guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /** A user principal name / mail address; `'` is allowed (O'Brien) and is quoted away. */
  email: /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$/,
  gcpServiceAccount:
    /^[a-z][a-z0-9-]{4,29}@(?:[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam|\d{1,20}-compute@developer|[a-z][a-z0-9-]{4,28}[a-z0-9]@appspot)\.gserviceaccount\.com$/,
  gcpProject: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  gcpKeyId: /^[0-9a-f]{40}$/,
  /** `//iam.googleapis.com/projects/P/serviceAccounts/SA/keys/KEY` (serviceAccountKeyName). */
  gcpKeyName: /^(?:\/\/iam\.googleapis\.com\/)?projects\/([^/]+)\/serviceAccounts\/([^/]+)\/keys\/([^/]+)$/,
  oktaUserId: /^00u[0-9A-Za-z]{10,30}$/,
  oktaApiTokenId: /^00T[0-9A-Za-z]{10,30}$/,
  /** Okta OAuth client ids: generated `0oa…` or a custom id of URL-safe characters. */
  oktaClientId: /^[0-9A-Za-z_-]{6,100}$/,
  workspaceUserId: /^\d{10,30}$/,
  workspaceClientId: /^(?:\d{1,30}-[0-9a-z]{1,64}\.apps\.googleusercontent\.com|\d{5,30})$/,
  githubLogin: /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/,
  githubTokenId: /^\d{1,20}$/,
  /** hashed_token in the audit log: base64 of a SHA-256. */
  githubHashedToken: /^[A-Za-z0-9+/]{43}=$/,
  /** OAuth app / GitHub App client ids (`Ov23…`, `Iv1.…`, `Iv23…`, legacy 20 hex). */
  githubClientId: /^(?:Ov23[A-Za-z0-9]{16}|Iv1\.[0-9a-f]{16}|Iv23[A-Za-z0-9]{16}|[0-9a-f]{20})$/,
} as const;

/** Distinct values (first-seen order) that have the shape. */
export function allShaped(values: readonly (string | undefined)[], re: RegExp): string[] {
  const out: string[] = [];
  for (const v of values) if (v !== undefined && re.test(v) && !out.includes(v)) out.push(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Case access

const EVENT_PROVIDER: Record<CaseEvent['provider'], ContainmentProvider> = {
  aws: 'aws',
  entra: 'entra',
  azure: 'entra',
  m365: 'entra',
  gcp: 'gcp',
  okta: 'okta',
  workspace: 'workspace',
  github: 'github',
};

/** The containment provider an event's source provider maps to. */
export function containmentProviderOf(p: CaseEvent['provider']): ContainmentProvider {
  return EVENT_PROVIDER[p];
}

/** The case's events that belong to one containment provider (snapshot order). */
export function eventsFor(c: Case, provider: ContainmentProvider): CaseEvent[] {
  return c.snapshot.events.filter((e) => EVENT_PROVIDER[e.provider] === provider);
}

/**
 * Candidate identity strings for one provider: its events' actors, then the case subject (only
 * when the provider has events, so an Okta case does not fill a Workspace command with the
 * same mail address by accident). Flagged events first: they are the ones the case is about.
 */
export function actorCandidates(c: Case, events: readonly CaseEvent[]): string[] {
  const ordered = [...events.filter((e) => e.flagged.length > 0), ...events.filter((e) => e.flagged.length === 0)];
  const out = ordered.map((e) => e.actor);
  if (events.length > 0) out.push(c.subject.id);
  return out;
}

/** Flagged events first, then the rest (stable). */
export function flaggedFirst(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events.filter((e) => e.flagged.length > 0), ...events.filter((e) => e.flagged.length === 0)];
}

function iso(ms: number): string | undefined {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

/** The case's reference time (snapshot.takenAt), ISO 8601 UTC without milliseconds. */
export function caseTime(c: Case): string {
  return iso(c.snapshot.takenAt) ?? earliestFlaggedTime(c) ?? '1970-01-01T00:00:00Z';
}

/** The earliest flagged event's time (else the earliest event's), ISO 8601 UTC. */
export function earliestFlaggedTime(c: Case): string | undefined {
  const evs = c.snapshot.events.filter((e) => e.timeKnown);
  const flagged = evs.filter((e) => e.flagged.length > 0);
  const pool = flagged.length ? flagged : evs;
  if (!pool.length) return undefined;
  return iso(Math.min(...pool.map((e) => e.time)));
}

/** A name safe for resource names (rules, metrics): the case id with anything else folded to '-'. */
export function caseSlug(c: Case, max = 48): string {
  const slug = c.id.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, max);
  return /^[A-Za-z0-9]/.test(slug) ? slug : `case-${slug}`.slice(0, max);
}

// ---------------------------------------------------------------------------------------------
// Building actions

/** Collects the placeholders an action's command had to leave in. */
export class Fill {
  readonly missing: string[] = [];

  /** `value` quoted by `quote`, or the (quoted) placeholder, recorded as missing. */
  q(value: string | undefined, placeholder: string, quote: (s: string) => string): string {
    if (value === undefined) {
      this.miss(placeholder);
      return quote(placeholder);
    }
    return quote(value);
  }

  /** Raw value (already shape-checked and safe where it lands) or the bare placeholder. */
  raw(value: string | undefined, placeholder: string): string {
    if (value === undefined) {
      this.miss(placeholder);
      return placeholder;
    }
    return value;
  }

  miss(placeholder: string): void {
    if (!this.missing.includes(placeholder)) this.missing.push(placeholder);
  }
}

export interface ActionSpec {
  id: string;
  playbookItem: ContainmentItemId;
  title: string;
  why: string;
  language: ContainmentAction['language'];
}

/** One action: the command from `lines` (joined with newlines) and the fill's missing list. */
export function makeAction(
  provider: ContainmentProvider,
  spec: ActionSpec,
  fill: Fill,
  lines: readonly string[],
): ContainmentAction {
  return { ...spec, provider, command: lines.join('\n'), missing: [...fill.missing] };
}

/**
 * One row of a provider's action table: the fixed text of the action and the named function
 * that writes its command lines from the provider's context `X` (its facts, the case), putting
 * values in through `fill` so the placeholders it had to leave are recorded.
 */
export interface ActionDef<X> extends Omit<ActionSpec, 'why'> {
  /** Fixed text, or (rarely) text that depends on what the case holds. */
  why: string | ((x: X) => string);
  command: (fill: Fill, x: X) => string[];
}

/** A provider's actions, in table order, each with its own Fill. */
export function buildActions<X>(
  provider: ContainmentProvider,
  table: readonly ActionDef<X>[],
  x: X,
): ContainmentAction[] {
  return table.map((d) => {
    const fill = new Fill();
    const lines = d.command(fill, x);
    const spec: ActionSpec = {
      id: d.id,
      playbookItem: d.playbookItem,
      title: d.title,
      why: typeof d.why === 'string' ? d.why : d.why(x),
      language: d.language,
    };
    return makeAction(provider, spec, fill, lines);
  });
}

/** The values, or one `undefined` (so the command is written once, with placeholders) when there are none. */
export function orPlaceholder<T>(values: readonly T[]): (T | undefined)[] {
  return values.length ? [...values] : [undefined];
}

/** `linesFor` of each item, in order, with a blank line between items. */
export function blankBetween<T>(items: readonly T[], linesFor: (item: T, i: number) => string[]): string[] {
  return items.flatMap((item, i) => [...(i ? [''] : []), ...linesFor(item, i)]);
}
