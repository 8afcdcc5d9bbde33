/**
 * The team's allow-list (issue 10): activity the team says is expected — office egress, VPN
 * concentrators and CI runners (CIDR), a provider's network (ASN), break-glass or automation
 * identities, an application or client id, a user-agent family — each with the reason and an
 * optional expiry. An entry may be scoped to one identity ("this identity from this ASN").
 *
 * A finding whose every evidence record is allowed stays in the report, marked with the entries
 * that allowed it, and no longer counts toward the verdict. A finding with any evidence outside
 * the list counts as before: allowed activity never hides what sits next to it.
 */
import { z } from 'zod';
import ipaddr from 'ipaddr.js';
import type { TokenEvent } from '../model/token-event';
import type { IpIntel } from '../intel/intel-provider';
import type { Finding, IndicatorId } from './types';
import { hasCaller } from '../model/caller';
import { clip } from './finding';

export const ALLOW_KINDS = ['cidr', 'asn', 'identity', 'app', 'user-agent'] as const;
export type AllowKind = (typeof ALLOW_KINDS)[number];

export const AllowEntrySchema = z
  .object({
    kind: z.enum(ALLOW_KINDS),
    /** A CIDR or address, an ASN (`64500` or `AS64500`), an identity, an app or client id or name, a user-agent substring. */
    value: z.string().trim().min(1).max(500),
    /** Why it is expected: shown on every finding it allows. */
    reason: z.string().trim().min(1).max(500),
    /** Only this identity's activity (actor id or name). */
    identity: z.string().trim().min(1).max(500).optional(),
    /** After this date (ISO 8601) the entry no longer applies. */
    expires: z.iso
      .date()
      .or(z.iso.datetime({ offset: true }))
      .optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    if (entry.kind === 'cidr' && !cidrOf(entry.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: `not a CIDR or IP address: ${entry.value}` });
    if (entry.kind === 'asn' && asnOf(entry.value) === undefined)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `not an ASN: ${entry.value}` });
  });
export type AllowEntry = z.infer<typeof AllowEntrySchema>;

export const AllowListSchema = z.array(AllowEntrySchema).max(10_000).default([]);

/** What the report says of an allowed finding: the entries, with their reasons. */
export type AllowedBy = Pick<AllowEntry, 'kind' | 'value' | 'reason'> & { identity?: string };

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

function cidrOf(value: string): Range | undefined {
  try {
    if (value.includes('/')) return ipaddr.parseCIDR(value);
    const a = ipaddr.process(value);
    return [a, a.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

function asnOf(value: string): number | undefined {
  const m = /^(?:AS)?(\d{1,10})$/i.exec(value.trim());
  return m ? Number(m[1]) : undefined;
}

function inRange(ip: string, [net, bits]: Range): boolean {
  try {
    const a = ipaddr.process(ip);
    return a.kind() === net.kind() && a.match(net, bits);
  } catch {
    return false;
  }
}

interface Compiled {
  entry: AllowEntry;
  matches(e: TokenEvent, net: IpIntel | undefined): boolean;
}

function compile(entry: AllowEntry): Compiled {
  const scoped = (e: TokenEvent): boolean =>
    !entry.identity || e.actor.id === entry.identity || e.actor.name === entry.identity;
  const needle = entry.value.toLowerCase();
  switch (entry.kind) {
    case 'cidr': {
      const range = cidrOf(entry.value)!;
      return { entry, matches: (e) => scoped(e) && !!e.source.ip && inRange(e.source.ip, range) };
    }
    case 'asn': {
      const asn = asnOf(entry.value)!;
      return { entry, matches: (e, net) => scoped(e) && Number(e.source.asn ?? net?.asn) === asn };
    }
    case 'identity':
      return { entry, matches: (e) => scoped(e) && (e.actor.id === entry.value || e.actor.name === entry.value) };
    case 'app':
      return {
        entry,
        matches: (e) => scoped(e) && !!e.app && (e.app.id === entry.value || e.app.name === entry.value),
      };
    case 'user-agent':
      return {
        entry,
        matches: (e) => scoped(e) && !!e.source.userAgent && e.source.userAgent.toLowerCase().includes(needle),
      };
  }
}

const expiryOf = (s: string): number => Date.parse(s.length === 10 ? `${s}T23:59:59.999Z` : s);

/** Whether an entry's expiry has passed at `now` (a date alone lasts to the end of that day, UTC). */
export function isExpired(entry: Pick<AllowEntry, 'expires'>, now: number): boolean {
  return entry.expires !== undefined && expiryOf(entry.expires) < now;
}

/**
 * Marks the findings the allow-list covers (`allowedBy`) and returns them; entries expired at
 * `now` do not apply. `eventById` and `network` are the engine's own.
 */
export function applyAllowList(
  findings: Finding[],
  entries: readonly AllowEntry[],
  now: number,
  eventById: (id: string) => TokenEvent | undefined,
  network: (e: TokenEvent) => IpIntel | undefined,
): Finding[] {
  const live = entries.filter((x) => !isExpired(x, now)).map(compile);
  if (!live.length) return findings;
  return findings.map((f) => {
    if (!f.events.length) return f;
    const used = new Set<Compiled>();
    for (const id of f.events) {
      const e = eventById(id);
      const net = e && network(e);
      const hit = e && live.find((c) => c.matches(e, net));
      if (!hit) return f;
      used.add(hit);
    }
    const allowedBy: AllowedBy[] = [...used].map(({ entry }) => ({
      kind: entry.kind,
      value: entry.value,
      reason: entry.reason,
      ...(entry.identity ? { identity: entry.identity } : {}),
    }));
    return { ...f, allowedBy };
  });
}

/** "allowed: 203.0.113.0/24 (office egress)", for reports. */
export function allowedText(by: readonly AllowedBy[]): string {
  return `allowed by the team's list: ${by.map((b) => `${b.kind} ${b.value}${b.identity ? ` for ${b.identity}` : ''} (${b.reason})`).join('; ')}`;
}

/**
 * "Mark as expected" on a finding (issue 10): the entry the analyst is offered, scoped as narrowly
 * as the finding allows: one address (`/32`, `/128`) before its network (ASN), a client's product
 * token ("python-requests/") or an application, each for the one identity the evidence names
 * (for everyone only when the evidence spans identities). Never an identity entry (it would allow
 * all of that identity's activity). `reason` is a suggestion the analyst edits; `words` says the
 * entry in the analyst's words.
 */
export interface AllowProposal {
  entry: AllowEntry;
  words: string;
}

type ProposalKind = Exclude<AllowKind, 'identity'>;

/** Which entry kinds fit an indicator's findings, narrowest first. */
const PROPOSAL_ORDER: Partial<Record<IndicatorId, readonly ProposalKind[]>> = {
  'suspicious-client': ['user-agent', 'cidr', 'asn'],
  'oauth-consent': ['app', 'cidr', 'asn'],
  'new-auth-material': ['app', 'cidr', 'asn'],
  'refresh-token-abuse': ['app', 'cidr', 'asn'],
};
const DEFAULT_ORDER: readonly ProposalKind[] = ['cidr', 'asn', 'user-agent', 'app'];

/** A user agent's product token ("python-requests/" of "python-requests/2.31.0"); browsers ("Mozilla/") are not one family. */
function uaFamily(ua: string | undefined): string | undefined {
  const m = ua ? /^([A-Za-z][\w.+-]{1,60})\//.exec(ua.trim()) : null;
  return m && m[1]!.toLowerCase() !== 'mozilla' ? `${m[1]}/` : undefined;
}

/** The one value every event gives, or undefined (none, or several). */
function onlyValue<T>(events: readonly TokenEvent[], of: (e: TokenEvent) => T | undefined): T | undefined {
  let v: T | undefined;
  for (const e of events) {
    const x = of(e);
    if (x === undefined || (v !== undefined && x !== v)) return undefined;
    v = x;
  }
  return v;
}

/**
 * The narrowest allow-list entry that allows `finding` (every evidence record matches it), with a
 * suggested reason; undefined when no single entry can (evidence from two networks with two
 * clients, a finding already allowed, evidence not at hand). `network` is the engine's (intel),
 * for the ASN of an address the log does not enrich. Checked with applyAllowList itself, so the
 * entry, once in the settings, allows this finding.
 */
export function proposeAllowEntry(
  finding: Finding,
  eventById: (id: string) => TokenEvent | undefined,
  network: (e: TokenEvent) => IpIntel | undefined = () => undefined,
): AllowProposal | undefined {
  if (finding.allowedBy || !finding.events.length) return undefined;
  const events: TokenEvent[] = [];
  for (const id of finding.events) {
    const e = eventById(id);
    if (!e) return undefined;
    events.push(e);
  }
  const identity = events.every(hasCaller) ? onlyValue(events, (e) => e.actor.id) : undefined;
  const who = identity ? `${identity}'s activity` : 'all activity';
  const candidates: Record<ProposalKind, () => { value: string; words: string } | undefined> = {
    cidr: () => {
      const ip = onlyValue(events, (e) => e.source.ip);
      if (!ip || !cidrOf(ip)) return undefined;
      const bits = ip.includes(':') ? 128 : 32;
      return { value: `${ip}/${bits}`, words: `${who} from ${ip} (this address only)` };
    },
    asn: () => {
      const asn = onlyValue(events, (e) => {
        const a = e.source.asn ?? network(e)?.asn;
        return a === undefined ? undefined : Number(a);
      });
      if (asn === undefined || !Number.isFinite(asn)) return undefined;
      const org = onlyValue(events, (e) => e.source.asOrg ?? network(e)?.asOrg);
      return { value: `AS${asn}`, words: `${who} from network AS${asn}${org ? ` (${org})` : ''}` };
    },
    'user-agent': () => {
      const family = onlyValue(events, (e) => uaFamily(e.source.userAgent));
      return family ? { value: family, words: `${who} with a user agent starting ${family}` } : undefined;
    },
    app: () => {
      const app = onlyValue(events, (e) => e.app?.id ?? e.app?.name);
      if (!app) return undefined;
      const name = onlyValue(events, (e) => e.app?.name);
      return { value: app, words: `${who} with the application ${name && name !== app ? `${name} (${app})` : app}` };
    },
  };
  for (const kind of PROPOSAL_ORDER[finding.indicator] ?? DEFAULT_ORDER) {
    const c = candidates[kind]();
    if (!c) continue;
    const parsed = AllowEntrySchema.safeParse({
      kind,
      value: c.value,
      reason: clip(
        `Expected: ${c.words.replace(/^all activity/, 'activity')}; marked from the finding "${finding.title}"`,
        500,
      ),
      ...(identity ? { identity } : {}),
    });
    if (!parsed.success) continue;
    const [judged] = applyAllowList([finding], [parsed.data], 0, eventById, network);
    if (judged?.allowedBy) return { entry: parsed.data, words: c.words };
  }
  return undefined;
}
