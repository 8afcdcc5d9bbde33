/**
 * mass-api-access — bursts of distinct reads per token (else per identity) in sliding windows:
 * list/get/describe enumeration, bulk secret reads, file downloads, repository clones, Okta app
 * sign-ins, Key Vault operations, mailbox access; weighted by sensitivity and by writes.
 *
 * Playbook: "signs of mass API access requests, particularly those directed at sensitive
 * resources or using elevated privileges"; "mass data extraction".
 * Public content, by rule name: Elastic "AWS Discovery API Calls via CLI from a Single Resource"
 * (> 5 distinct Describe/Get/List per ARN per 10 s, CLI user agents only), "AWS Secrets Manager
 * Rapid Secrets Retrieval" (≥ 20 distinct secrets / 6 min; GetParameter(s) with decryption is the
 * same read in Parameter Store), "OneDrive/SharePoint Excessive File Downloads" (≥ 25 files /
 * 3 min), "High Number of Cloned Repos From PAT" (≥ 10 private repositories), "Azure Key Vault
 * Excessive Secret or Key Retrieved" (≥ 10 operations and ≥ 2 actions / 1 min); Okta "Rapid Okta
 * Application Access" (≥ 10 apps / 1 min); Splunk "O365 Multiple Mailboxes Accessed via API"
 * (> 5 mailboxes / 10 min).
 *
 * Score: 1 for crossing a threshold, +1 when the burst is `largeFactor` × the threshold, +1 when
 * it touches sensitive resources (secrets, IAM, KMS, S3 objects, mail, files, code), +1 when the
 * same token also wrote (create/update/delete/privileged) during the burst or one window after it,
 * +1 for enumeration from a client the identity has not used before (warm history, `ua`
 * dimension). Severity: ≥ highScore high, ≥ mediumScore medium, else low.
 *
 * Mass access is about data and secrets, and about enumeration from a client the identity does
 * not normally use. The console's own traffic, services acting for the caller and infrastructure
 * as code (lib/model/client-kind.ts) are context: every console page load fires dozens of
 * List/Describe/Get calls (the Elastic rule counts CLI user agents only for this reason; Permiso
 * CloudConsoleCartographer maps 300-call bursts to single console clicks; Terraform refreshes read
 * every resource they manage), so they never count for enumeration, and a data or secret burst
 * they drive is at most low. Enumeration by a warm identity with a client it has used before is
 * its normal work: at most low. One secret read in the console is far below every threshold.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, listSome, maxEvidenceSetting } from '../finding';
import { methodName } from '../../model/verb';
import { detailText } from '../../model/details';
import { clientKindOf, isManagedClient } from '../../model/client-kind';
import { hasCaller } from '../../model/caller';
import { identitySubject } from '../../baseline/history';
import { hasWarmHistory } from '../../baseline/novelty';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

/** Sensitive resources: a burst touching any of them weighs more. */
export const SENSITIVE_CATEGORIES: readonly { category: string; match: (e: TokenEvent) => boolean }[] = [
  {
    category: 'secrets',
    match: (e) =>
      isSecretRead(e) || /^(SecretList)$/.test(methodName(e.action.name)) || /\/secrets\//i.test(e.action.name),
  },
  {
    category: 'IAM',
    match: (e) =>
      /^iam\.(amazonaws|googleapis)\.com$/.test(e.action.service ?? '') ||
      /^Microsoft\.Authorization\//i.test(e.action.name),
  },
  {
    category: 'KMS',
    match: (e) =>
      /^(kms\.amazonaws\.com|cloudkms\.googleapis\.com)$/.test(e.action.service ?? '') ||
      /^(KeyGet|KeyDecrypt|KeyUnwrap)$/.test(e.action.name),
  },
  {
    category: 'S3 objects',
    match: (e) => e.action.name === 'GetObject' || /^storage\.objects\.get$/.test(e.action.name),
  },
  {
    category: 'mail',
    match: (e) => /^(MailItemsAccessed|Send|MessageBind)$/.test(e.action.name) || /gmail/i.test(e.action.service ?? ''),
  },
  {
    category: 'files',
    match: (e) =>
      /^File(Downloaded|Accessed|SyncDownloadedFull|Previewed)$/.test(e.action.name) ||
      (e.provider === 'workspace' && /drive/i.test(e.action.service ?? '')),
  },
  { category: 'code', match: (e) => /^(git\.clone|repo\.download_zip)$/.test(e.action.name) },
];

export const massApiAccessSettings = z.object({
  /** Elastic "AWS Discovery API Calls via CLI from a Single Resource": more than this many distinct list/get/describe actions… */
  enumDistinctOver: z.number().int().min(1).default(5),
  /** …within this window (that rule: 10 s). */
  enumWindowMs: z
    .number()
    .int()
    .min(1)
    .default(10 * SEC),
  /** Elastic "AWS Secrets Manager Rapid Secrets Retrieval": distinct secrets read… */
  secretsMinDistinct: z.number().int().min(1).default(20),
  /** …within 6 min. */
  secretsWindowMs: z
    .number()
    .int()
    .min(1)
    .default(6 * MIN),
  /** Elastic "OneDrive/SharePoint Excessive File Downloads": distinct files downloaded/accessed… */
  filesMinDistinct: z.number().int().min(1).default(25),
  /** …within 3 min. */
  filesWindowMs: z
    .number()
    .int()
    .min(1)
    .default(3 * MIN),
  /** Elastic "High Number of Cloned Repos From PAT": distinct private repositories cloned per token… */
  reposMinDistinct: z.number().int().min(1).default(10),
  /** …within this window (1 h here; the Elastic rule counts ≥ 10 private repositories in 6 min). */
  reposWindowMs: z.number().int().min(1).default(HOUR),
  /** Okta "Rapid Okta Application Access": distinct Okta apps signed in to… */
  oktaAppsMinDistinct: z.number().int().min(1).default(10),
  /** …within 1 min. */
  oktaAppsWindowMs: z.number().int().min(1).default(MIN),
  /** Elastic "Azure Key Vault Excessive Secret or Key Retrieved": Key Vault operations… */
  keyVaultMinOps: z.number().int().min(1).default(10),
  /** …of at least this many different actions… */
  keyVaultMinActions: z.number().int().min(1).default(2),
  /** …within 1 min. */
  keyVaultWindowMs: z.number().int().min(1).default(MIN),
  /** Splunk "O365 Multiple Mailboxes Accessed via API": more than this many mailboxes accessed… */
  mailboxesOver: z.number().int().min(1).default(5),
  /** …within 10 min. */
  mailboxesWindowMs: z
    .number()
    .int()
    .min(1)
    .default(10 * MIN),
  /** A burst this many times its threshold scores one more point. */
  largeFactor: z.number().min(1).default(2),
  mediumScore: z.number().int().min(1).default(2),
  highScore: z.number().int().min(1).default(3),
  /** Enumeration counts programmatic calls only: console-session events (the console's own Describe storm) are skipped. */
  ignoreConsoleSessions: z.boolean().default(true),
  /** Earlier events an identity needs before "a client it has used before" or "a new client" means anything. */
  minHistoryEvents: z.number().int().min(0).default(10),
  maxEvidence: maxEvidenceSetting,
});
export type MassApiAccessSettings = z.infer<typeof massApiAccessSettings>;

/**
 * A secret's value read: Secrets Manager GetSecretValue, Parameter Store GetParameter(s)(ByPath)
 * with decryption (without it a SecureString comes back encrypted), GCP AccessSecretVersion,
 * Key Vault SecretGet.
 */
export function isSecretRead(e: TokenEvent): boolean {
  const m = methodName(e.action.name);
  if (/^(GetSecretValue|BatchGetSecretValue|AccessSecretVersion|SecretGet)$/.test(m)) return true;
  return /^GetParameters?(ByPath)?$/.test(m) && e.details?.['withDecryption'] === true;
}

interface Rule {
  id: string;
  /** "distinct list/get/describe actions", "distinct secrets"… */
  unit: string;
  /** The public rule the threshold comes from, by its own name. */
  source: string;
  windowMs: number;
  /** Minimum distinct keys (or operations when `countOps`). */
  min: number;
  countOps?: boolean;
  minActions?: number;
  inherentlySensitive: boolean;
  /** The key this event counts under, or undefined when the rule does not apply. */
  key(e: TokenEvent): string | undefined;
}

function rulesOf(s: MassApiAccessSettings): Rule[] {
  return [
    {
      id: 'enumeration',
      unit: 'distinct list/get/describe actions',
      source: 'Elastic "AWS Discovery API Calls via CLI from a Single Resource"',
      windowMs: s.enumWindowMs,
      min: s.enumDistinctOver + 1,
      inherentlySensitive: false,
      key: (e) =>
        (e.action.verb === 'list' || e.action.verb === 'read') &&
        !(s.ignoreConsoleSessions && e.credential?.fromConsole) &&
        // A secret read inside a CLI or script's enumeration is part of it (and makes it sensitive).
        !isManagedClient(clientKindOf(e))
          ? e.action.name
          : undefined,
    },
    {
      id: 'secrets',
      unit: 'distinct secrets read',
      source: 'Elastic "AWS Secrets Manager Rapid Secrets Retrieval"',
      windowMs: s.secretsWindowMs,
      min: s.secretsMinDistinct,
      inherentlySensitive: true,
      key: (e) => (isSecretRead(e) ? (detailText(e, 'secretName') ?? targetKey(e)) : undefined),
    },
    {
      id: 'files',
      unit: 'distinct files downloaded or opened',
      source: 'Elastic "OneDrive/SharePoint Excessive File Downloads"',
      windowMs: s.filesWindowMs,
      min: s.filesMinDistinct,
      inherentlySensitive: true,
      key: (e) =>
        /^File(Downloaded|Accessed|SyncDownloadedFull|Previewed)$/.test(e.action.name) ||
        (e.provider === 'workspace' && /drive/i.test(e.action.service ?? '') && /^(download|view)$/.test(e.action.name))
          ? targetKey(e)
          : undefined,
    },
    {
      id: 'repos',
      unit: 'distinct private repositories cloned',
      source: 'Elastic "High Number of Cloned Repos From PAT"',
      windowMs: s.reposWindowMs,
      min: s.reposMinDistinct,
      inherentlySensitive: true,
      key: (e) =>
        e.provider === 'github' &&
        /^(git\.clone|repo\.download_zip)$/.test(e.action.name) &&
        e.details?.['repositoryPublic'] !== true
          ? (detailText(e, 'repo') ?? targetKey(e))
          : undefined,
    },
    {
      id: 'okta-apps',
      unit: 'distinct Okta apps signed in to',
      source: 'Okta "Rapid Okta Application Access"',
      windowMs: s.oktaAppsWindowMs,
      min: s.oktaAppsMinDistinct,
      inherentlySensitive: false,
      key: (e) =>
        e.provider === 'okta' && e.action.name === 'user.authentication.sso'
          ? (e.app?.id ?? e.target?.id ?? e.target?.name ?? e.id)
          : undefined,
    },
    {
      id: 'key-vault',
      unit: 'Key Vault operations',
      source: 'Elastic "Azure Key Vault Excessive Secret or Key Retrieved"',
      windowMs: s.keyVaultWindowMs,
      min: s.keyVaultMinOps,
      countOps: true,
      minActions: s.keyVaultMinActions,
      inherentlySensitive: true,
      key: (e) =>
        /keyvault/i.test(e.action.service ?? '') ||
        /^Microsoft\.KeyVault\/vaults\/(secrets|keys|certificates)\//i.test(e.action.name)
          ? e.action.name
          : undefined,
    },
    {
      id: 'mailboxes',
      unit: 'distinct mailboxes accessed',
      source: 'Splunk "O365 Multiple Mailboxes Accessed via API"',
      windowMs: s.mailboxesWindowMs,
      min: s.mailboxesOver + 1,
      inherentlySensitive: true,
      key: (e) => (e.action.name === 'MailItemsAccessed' ? (e.target?.id ?? e.target?.name) : undefined),
    },
  ];
}

export const massApiAccess = defineIndicator({
  id: 'mass-api-access',
  title: 'Mass API access with one token',
  signals: ['unusual-api-use'],
  settings: massApiAccessSettings,
  evaluate(ctx: EngineContext, s: MassApiAccessSettings): Finding[] {
    const rules = rulesOf(s);
    const out: Finding[] = [];
    const groups: (readonly TokenEvent[])[] = [...ctx.byToken.values()];
    for (const events of ctx.byIdentity.values()) {
      const loose = events.filter((e) => !e.credential?.id);
      if (loose.length) groups.push(loose);
    }
    for (const events of groups) {
      const acting = events.filter((e) => e.actor.kind !== 'service' && e.outcome.success);
      if (!acting.length) continue;
      for (const rule of rules) {
        const hits: { e: TokenEvent; k: string }[] = [];
        for (const e of acting) {
          const k = rule.key(e);
          if (k !== undefined) hits.push({ e, k });
        }
        if (hits.length < rule.min) continue;
        for (const b of bursts(hits, rule)) out.push(toFinding(ctx, b, rule, acting, s));
      }
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

interface Burst {
  start: number;
  end: number;
  peak: number;
  hits: { e: TokenEvent; k: string }[];
}

/** Maximal runs of overlapping qualifying windows (two pointers, O(n)). */
function bursts(hits: { e: TokenEvent; k: string }[], rule: Rule): Burst[] {
  const out: Burst[] = [];
  const counts = new Map<string, number>();
  let l = 0;
  let cur: Burst | undefined;
  for (let r = 0; r < hits.length; r++) {
    const h = hits[r]!;
    counts.set(h.k, (counts.get(h.k) ?? 0) + 1);
    while (h.e.time - hits[l]!.e.time > rule.windowMs) {
      const k = hits[l]!.k;
      const n = counts.get(k)! - 1;
      if (n) counts.set(k, n);
      else counts.delete(k);
      l++;
    }
    const ops = r - l + 1;
    const measure = rule.countOps ? ops : counts.size;
    const ok = measure >= rule.min && (!rule.minActions || counts.size >= rule.minActions);
    if (!ok) continue;
    if (cur && l <= cur.end) {
      cur.end = r;
      cur.peak = Math.max(cur.peak, measure);
    } else {
      if (cur) out.push(cur);
      cur = { start: l, end: r, peak: measure, hits };
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** How the identity's history reads the burst's clients: used before, new, or too little history to say. */
function clientHistory(
  ctx: EngineContext,
  evs: readonly TokenEvent[],
  s: MassApiAccessSettings,
): 'familiar' | 'new' | 'cold' {
  const first = evs[0]!;
  if (!hasCaller(first)) return 'cold';
  const subject = identitySubject(first);
  if (!hasWarmHistory(ctx.history, subject, first.time, s.minHistoryEvents)) return 'cold';
  for (const e of evs) {
    const ua = e.source.userAgent;
    if (!ua) return 'cold';
    const seen = ctx.history.firstSeen(subject, 'ua', ua);
    if (seen === undefined || seen >= first.time) return 'new';
  }
  return 'familiar';
}

function toFinding(
  ctx: EngineContext,
  b: Burst,
  rule: Rule,
  acting: readonly TokenEvent[],
  s: MassApiAccessSettings,
): Finding {
  const hits = b.hits.slice(b.start, b.end + 1);
  const evs = hits.map((h) => h.e);
  const t0 = evs[0]!.time;
  const t1 = evs[evs.length - 1]!.time;
  const keys = new Set(hits.map((h) => h.k));
  const sensitive = new Set<string>();
  for (const e of evs) for (const c of SENSITIVE_CATEGORIES) if (c.match(e)) sensitive.add(c.category);
  const writes = writesBetween(acting, t0, t1 + rule.windowMs);
  for (const w of writes) for (const c of SENSITIVE_CATEGORIES) if (c.match(w)) sensitive.add(c.category);

  let score = 1;
  if (b.peak >= rule.min * s.largeFactor) score += 1;
  if (rule.inherentlySensitive || sensitive.size) score += 1;
  if (writes.length) score += 1;
  const managed = evs.filter((e) => isManagedClient(clientKindOf(e))).length;
  const clients = rule.id === 'enumeration' ? clientHistory(ctx, evs, s) : 'cold';
  if (clients === 'new') score += 1;
  let severity: Severity = score >= s.highScore ? 'high' : score >= s.mediumScore ? 'medium' : 'low';
  // Context, not an attack: the console, a service or infrastructure as code drove most of it, or
  // a warm identity enumerated with a client it has used before.
  if (managed * 2 > evs.length || clients === 'familiar') severity = 'low';

  const first = evs[0]!;
  const who = first.credential?.id ? `token ${first.credential.id} (${first.actor.id})` : first.actor.id;
  const threshold = rule.countOps
    ? `≥ ${rule.min} operations and ≥ ${rule.minActions ?? 1} actions in ${windowWords(rule.windowMs)}`
    : `threshold ${rule.min} in ${windowWords(rule.windowMs)}`;
  const facts = [
    `${b.peak} ${rule.unit} within ${windowWords(rule.windowMs)} (${threshold}, after ${rule.source}); ` +
      `${keys.size} distinct over the burst of ${windowWords(t1 - t0)}: ${listSome(keys, 10)}`,
  ];
  if (managed * 2 > evs.length)
    facts.push(
      `${managed} of ${evs.length} calls are console activity, a service acting for the caller or infrastructure as code: context, not a second client`,
    );
  if (clients === 'familiar') facts.push('this identity has used these clients before: its normal tooling');
  if (clients === 'new') facts.push('from a client this identity has not used before');
  if (sensitive.size) facts.push(`sensitive: ${listSome(sensitive)}`);
  if (writes.length)
    facts.push(
      `${writes.length} write${writes.length > 1 ? 's' : ''} during or within ${windowWords(rule.windowMs)} ` +
        `after the burst: ${listSome(new Set(writes.map((w) => w.action.name)), 6)}`,
    );
  facts.push(`score ${score}`);
  return findingFrom(
    'mass-api-access',
    {
      severity,
      title: `Burst of ${b.peak} ${rule.unit} by ${who}`,
      detail: facts.join('; '),
    },
    [...evs, ...writes],
    s.maxEvidence,
  );
}

/** The group's write / delete / privileged events in [t0, t1] (binary search, then a scan). */
function writesBetween(events: readonly TokenEvent[], t0: number, t1: number): TokenEvent[] {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.time < t0) lo = mid + 1;
    else hi = mid;
  }
  const out: TokenEvent[] = [];
  for (let i = lo; i < events.length && events[i]!.time <= t1; i++) {
    const v = events[i]!.action.verb;
    if (v === 'write' || v === 'delete' || v === 'privileged') out.push(events[i]!);
  }
  return out;
}

function windowWords(ms: number): string {
  if (ms < MIN) return `${Math.round(ms / SEC)} s`;
  if (ms < HOUR) return `${Math.round(ms / MIN)} min`;
  return `${+(ms / HOUR).toFixed(1)} h`;
}

function targetKey(e: TokenEvent): string {
  return e.target?.id ?? e.target?.name ?? 'event:' + e.id;
}
