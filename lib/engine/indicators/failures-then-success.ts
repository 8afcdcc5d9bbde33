/**
 * failures-then-success — failed attempts, then a success for the same identity, token or source IP.
 *
 * Playbook question: "Are there multiple failed access attempts … prior to successful access?"
 * Public content: Elastic "Okta Successful Login After Credential Attack" (6 h lookback), Elastic
 * "Entra ID User Sign-in Brute Force Attempted" and "M365 Identity User Brute Force Attempted",
 * Elastic "Unauthorized Scope for Public App OAuth2 Token Grant with Client Credentials" and Okta's
 * "OAuth Mismatched Redirect URI" (failed grants: `no_matching_scope`, `mismatched_redirect_uri`),
 * Sentinel's failed-AssumeRole rule (AccessDenied > 2), Splunk "AWS IAM AccessDenied Discovery
 * Events" (≥ 5 / h), Panther Standard.BruteForceByIP (20 per IP / 60 min) and
 * AWS.CloudTrail.PasswordSpraying (> 9 users), Stratus Red Team
 * gcp.privilege-escalation.impersonate-service-accounts (failed impersonation: status 7, caller redacted).
 *
 * False-positive lessons: Entra interrupts, token refreshes and re-prompts are not failures (the
 * code list in catalog/auth-failures.ts names them and the Sentinel rule that drops them); a
 * mistyped password before a success is normal, hence a threshold; AccessDenied among successes is
 * common for least-privilege apps, hence a higher threshold and `low`; a shared office NAT IP only
 * counts with many failures or many users (spray).
 *
 * Password spray from one client (T1110.003; Panther AWS.CloudTrail.PasswordSpraying, Splunk
 * "Azure AD Multiple Users Failing To Authenticate From Ip", Elastic "M365 Identity User Brute
 * Force Attempted"): failures for many different accounts from one source (one IP, or one IPv6
 * /64, which is one subscriber's network) with one user agent, inside a short window. Those rules
 * count 10–30 accounts because they watch a whole tenant's traffic; an analyst's export is a
 * slice, so the burst here is ≥ 5 accounts within one minute: machine speed (o365spray tries six
 * accounts in two seconds), where people behind one office NAT who mistype are minutes apart. A
 * busy shared address also signs many people in: when the source's successful accounts around the
 * burst are at least half its failing ones, it is not a spray. Slow sprays are the 10-account rule.
 * A success for that client after (or amid) the burst is the token the spraying tool obtained:
 * high. A burst with no success in the input is still a finding (medium): the accounts were
 * attacked, nothing shows a token was obtained.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting, maxSeverity } from '../finding';
import { hasCaller } from '../../model/caller';
import { type FailureKind, failureKind } from './catalog/auth-failures';
import { ipv6PrefixOfText } from '../../intel/parse-ranges';

const MIN = 60_000;

export const failuresThenSuccessSettings = z.object({
  /** Authentication failures before a success (Sentinel failed AssumeRole: > 2; Elastic's Okta spray band starts at 2–6 per user). */
  minFailures: z.number().int().min(1).default(3),
  /** AccessDenied-type failures before a success (Splunk AWS IAM AccessDenied Discovery Events: ≥ 5 / h). */
  minDeniedFailures: z.number().int().min(1).default(5),
  /** Look-back from the success, minutes (Elastic Okta Successful Login After Credential Attack: 6 h). */
  windowMinutes: z.number().positive().default(360),
  /** Failures from one IP before a success from it (Panther Standard.BruteForceByIP: 20 / 60 min). */
  minIpFailures: z.number().int().min(1).default(20),
  /** Distinct identities failing from one IP that make it a spray (Panther AWS.CloudTrail.PasswordSpraying: > 9 users / 60 min). */
  sprayMinIdentities: z.number().int().min(2).default(10),
  /** A spray burst: distinct accounts failing from one source and user agent… */
  burstMinIdentities: z.number().int().min(2).default(5),
  /** …within this many minutes. */
  burstWindowMinutes: z.number().positive().default(1),
  maxEvidence: maxEvidenceSetting,
});
export type FailuresThenSuccessSettings = z.infer<typeof failuresThenSuccessSettings>;

interface Candidate {
  success: TokenEvent;
  failures: Map<string, TokenEvent>;
  severity: Severity;
  reasons: string[];
  identities: Set<string>;
}

export const failuresThenSuccess = defineIndicator({
  id: 'failures-then-success',
  title: 'Failed attempts followed by a success',
  signals: ['failed-then-success'],
  settings: failuresThenSuccessSettings,
  evaluate(ctx: EngineContext, s: FailuresThenSuccessSettings): Finding[] {
    const windowMs = s.windowMinutes * MIN;
    const bySuccess = new Map<string, Candidate>();
    const add = (success: TokenEvent, failures: TokenEvent[], severity: Severity, reason: string): void => {
      let c = bySuccess.get(success.id);
      if (!c)
        bySuccess.set(success.id, (c = { success, failures: new Map(), severity, reasons: [], identities: new Set() }));
      for (const f of failures) {
        c.failures.set(f.id, f);
        if (f.actor.id) c.identities.add(f.actor.id);
      }
      c.severity = maxSeverity(c.severity, severity);
      c.reasons.push(reason);
    };

    // Each record's failure kind, once: most records are no failure, and only subjects and
    // sources with failures can lead anywhere (the scans below skip the rest unread).
    const kinds = new Map<TokenEvent, FailureKind>();
    const failingIdentities = new Set<string>();
    const failingTokens = new Set<string>();
    const authFailuresByIp = new Map<string, number>();
    for (const e of ctx.timed) {
      const kind = failureKind(e);
      if (!kind) continue;
      kinds.set(e, kind);
      if (e.actor.kind === 'service') continue;
      if (hasCaller(e)) failingIdentities.add(e.actor.id);
      if (e.credential?.id) failingTokens.add(e.credential.id);
      if (kind === 'auth' && e.source.ip)
        authFailuresByIp.set(e.source.ip, (authFailuresByIp.get(e.source.ip) ?? 0) + 1);
    }

    // Per identity and per token: a queue of failures in the window, emptied by the success it leads to.
    const scanSubject = (label: string, events: readonly TokenEvent[]): void => {
      let queue: { e: TokenEvent; kind: FailureKind }[] = [];
      let head = 0;
      for (const e of events) {
        if (e.actor.kind === 'service') continue;
        const kind = kinds.get(e);
        if (kind) {
          queue.push({ e, kind });
          continue;
        }
        if (!e.outcome.success) continue;
        while (head < queue.length && e.time - queue[head]!.e.time > windowMs) head++;
        if (head === queue.length) continue;
        const live = queue.slice(head);
        const auth = live.filter((q) => q.kind === 'auth');
        const denied = live.filter((q) => q.kind === 'denied');
        if (auth.length >= s.minFailures) {
          add(
            e,
            auth.map((q) => q.e),
            'medium',
            `${auth.length} authentication failures for ${label} (threshold ${s.minFailures})`,
          );
        } else if (denied.length >= s.minDeniedFailures) {
          add(
            e,
            denied.map((q) => q.e),
            'low',
            `${denied.length} denied calls for ${label} (threshold ${s.minDeniedFailures})`,
          );
        } else {
          // Below threshold: keep the live failures, compacted, for the next success.
          queue = live;
          head = 0;
          continue;
        }
        queue = [];
        head = 0;
      }
    };
    // byIdentity holds only records that name their caller (lib/engine/context.ts).
    for (const [actor, events] of ctx.byIdentity)
      if (failingIdentities.has(actor)) scanSubject(`identity ${actor}`, events);
    for (const [tok, events] of ctx.byToken) if (failingTokens.has(tok)) scanSubject(`token ${tok}`, events);

    // Per source IP: many failures or a spray across identities, then a success from that IP. An
    // address with fewer authentication failures than either threshold cannot reach one.
    const minIpAuthFailures = Math.min(s.minIpFailures, s.sprayMinIdentities);
    const byIp = new Map<string, TokenEvent[]>();
    for (const e of ctx.timed) {
      const ip = e.source.ip;
      if (!ip || e.actor.kind === 'service' || (authFailuresByIp.get(ip) ?? 0) < minIpAuthFailures) continue;
      const arr = byIp.get(ip);
      if (arr) arr.push(e);
      else byIp.set(ip, [e]);
    }
    for (const [ip, events] of byIp) {
      const net = ctx.network(events[0]!);
      if (!net || net.kind === 'private' || net.kind === 'reserved') continue;
      const queue: TokenEvent[] = [];
      let head = 0;
      const perIdentity = new Map<string, number>();
      for (const e of events) {
        while (head < queue.length && e.time - queue[head]!.time > windowMs) {
          const old = queue[head++]!;
          const n = (perIdentity.get(old.actor.id) ?? 1) - 1;
          if (n <= 0) perIdentity.delete(old.actor.id);
          else perIdentity.set(old.actor.id, n);
        }
        if (kinds.get(e) === 'auth') {
          queue.push(e);
          perIdentity.set(e.actor.id, (perIdentity.get(e.actor.id) ?? 0) + 1);
          continue;
        }
        if (!e.outcome.success) continue;
        const live = queue.length - head;
        const users = perIdentity.size;
        if (users >= s.sprayMinIdentities) {
          add(
            e,
            queue.slice(head),
            'high',
            `password spray: ${live} failures across ${users} identities from ${ip} (threshold ${s.sprayMinIdentities} ` +
              `identities), then a success for ${e.actor.id}`,
          );
        } else if (live >= s.minIpFailures) {
          add(
            e,
            queue.slice(head),
            'medium',
            `${live} failures from ${ip} (threshold ${s.minIpFailures}), then a success for ${e.actor.id}`,
          );
        } else continue;
        queue.length = 0;
        head = 0;
        perIdentity.clear();
      }
    }

    const findings: Finding[] = [];
    for (const burst of sprayBursts(ctx, s, kinds, authFailuresByIp)) {
      if (burst.successes.length === 0) {
        findings.push(sprayWithoutSuccess(burst, s));
        continue;
      }
      for (const ok of burst.successes) {
        add(
          ok,
          burst.failures,
          'high',
          `password spray: ${burst.failures.length} failures across ${burst.identities.size} accounts from ${burst.source} ` +
            `with one client (${burst.userAgent || 'no user agent'}) within ${spanText(burst)} ` +
            `(threshold ${s.burstMinIdentities} accounts within ${s.burstWindowMinutes} min), then a success for ${ok.actor.id} from the same client`,
        );
      }
    }
    for (const c of bySuccess.values()) findings.push(toFinding(c, s));
    return findings.sort((a, b) => a.time - b.time);
  },
});

interface Burst {
  source: string;
  userAgent: string;
  failures: TokenEvent[];
  identities: Set<string>;
  successes: TokenEvent[];
}

/** IPv4 as is; IPv6 by its /64 (one subscriber's network: the address inside it changes freely). */
export function sourceNetworkKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const p = ipv6PrefixOfText(ip);
  if (!p) return ip;
  const h = (n: number): string => n.toString(16);
  return `${h(p[0] >>> 16)}:${h(p[0] & 0xffff)}:${h(p[1] >>> 16)}:${h(p[1] & 0xffff)}::/64`;
}

/** Spray bursts per (source network, user agent), with the client's successes after the burst started. */
function sprayBursts(
  ctx: EngineContext,
  s: FailuresThenSuccessSettings,
  kinds: ReadonlyMap<TokenEvent, FailureKind>,
  authFailuresByIp: ReadonlyMap<string, number>,
): Burst[] {
  // A burst needs burstMinIdentities authentication failures from one address at least.
  const bySource = new Map<string, TokenEvent[]>();
  for (const e of ctx.timed) {
    const ip = e.source.ip;
    if (!ip || e.actor.kind === 'service' || !hasCaller(e)) continue;
    // (an IPv6 source is its /64, which per-address counts do not bound)
    if (!ip.includes(':') && (authFailuresByIp.get(ip) ?? 0) < s.burstMinIdentities) continue;
    const key = sourceNetworkKey(ip) + '\u0000' + (e.source.userAgent ?? '');
    const arr = bySource.get(key);
    if (arr) arr.push(e);
    else bySource.set(key, [e]);
  }
  const windowMs = s.burstWindowMinutes * MIN;
  const out: Burst[] = [];
  for (const [key, events] of bySource) {
    const fails = events.filter((e) => kinds.get(e) === 'auth');
    if (fails.length < s.burstMinIdentities) continue;
    const net = ctx.network(events[0]!);
    if (!net || net.kind === 'private' || net.kind === 'reserved') continue;
    // Mark every failure that sits in a window holding ≥ burstMinIdentities accounts.
    const inBurst = new Array<boolean>(fails.length).fill(false);
    const count = new Map<string, number>();
    let l = 0;
    let marked = -1;
    for (let r = 0; r < fails.length; r++) {
      const f = fails[r]!;
      count.set(f.actor.id, (count.get(f.actor.id) ?? 0) + 1);
      while (f.time - fails[l]!.time > windowMs) {
        const id = fails[l++]!.actor.id;
        const n = count.get(id)! - 1;
        if (n === 0) count.delete(id);
        else count.set(id, n);
      }
      // Mark only what the last marking did not reach: each failure is marked once (linear).
      if (count.size >= s.burstMinIdentities) {
        for (let i = Math.max(l, marked + 1); i <= r; i++) inBurst[i] = true;
        marked = r;
      }
    }
    // Runs of marked failures no more than a window apart form one burst.
    let cur: TokenEvent[] = [];
    const runs: TokenEvent[][] = [];
    fails.forEach((f, i) => {
      if (!inBurst[i]) return;
      if (cur.length && f.time - cur[cur.length - 1]!.time > windowMs) {
        runs.push(cur);
        cur = [];
      }
      cur.push(f);
    });
    if (cur.length) runs.push(cur);
    const [source = key, userAgent = ''] = key.split('\u0000');
    for (const run of runs) {
      const start = run[0]!.time;
      const end = run[run.length - 1]!.time;
      const identities = new Set(run.map((f) => f.actor.id));
      const successes = events.filter(
        (e) => e.outcome.success && !kinds.has(e) && e.time >= start && e.time <= end + s.windowMinutes * MIN,
      );
      // A busy shared address signs many people in: not one client spraying.
      const okDuring = new Set(successes.filter((e) => e.time <= end + windowMs).map((e) => e.actor.id));
      if (okDuring.size * 2 >= identities.size) continue;
      out.push({ source, userAgent, failures: run, identities, successes });
    }
  }
  return out;
}

function spanText(b: Burst): string {
  const ms = b.failures[b.failures.length - 1]!.time - b.failures[0]!.time;
  return ms < MIN ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.round(ms / MIN)} min`;
}

function sprayWithoutSuccess(b: Burst, s: FailuresThenSuccessSettings): Finding {
  const codes = new Map<string, number>();
  for (const f of b.failures) {
    const k = f.outcome.code ?? f.outcome.reason ?? f.action.name;
    codes.set(k, (codes.get(k) ?? 0) + 1);
  }
  return findingFrom(
    'failures-then-success',
    {
      severity: 'medium',
      title: `Password spray from one source: ${b.identities.size} accounts failed within ${spanText(b)}`,
      detail:
        `One client (${b.userAgent || 'no user agent'}) at ${b.source} failed to sign in as ${b.identities.size} different accounts ` +
        `(${[...b.identities].slice(0, 10).join(', ')}${b.identities.size > 10 ? ', …' : ''}) within ${spanText(b)}; ` +
        `a person who mistypes fails for their own account, not for ${b.identities.size} (threshold ${s.burstMinIdentities} accounts within ` +
        `${s.burstWindowMinutes} min). Failures: ${[...codes.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}. ` +
        `No success from this client is in the input: check these accounts' sign-ins after ${new Date(b.failures[b.failures.length - 1]!.time).toISOString()}.`,
    },
    b.failures,
    s.maxEvidence,
    { identities: [...b.identities] },
  );
}

function toFinding(c: Candidate, s: FailuresThenSuccessSettings): Finding {
  const failures = [...c.failures.values()].sort((a, b) => a.time - b.time);
  const codes = new Map<string, number>();
  for (const f of failures) {
    const k = f.outcome.code ?? f.outcome.reason ?? f.action.name;
    codes.set(k, (codes.get(k) ?? 0) + 1);
  }
  const ips = new Set(failures.map((f) => f.source.ip).filter((x): x is string => !!x));
  const mins = Math.round((c.success.time - failures[0]!.time) / MIN);
  const spray = c.severity === 'high';
  // Over the cap the evidence keeps the earliest failures and always the success.
  return findingFrom(
    'failures-then-success',
    {
      severity: c.severity,
      title: spray
        ? `Password spray from one address, then a successful sign-in for ${c.success.actor.id}`
        : `${failures.length} failed attempts, then a success for ${c.success.actor.id}`,
      detail:
        `${[...new Set(c.reasons)].join('; ')}. Failures: ${[...codes.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}` +
        `${ips.size ? ` from ${[...ips].slice(0, 10).join(', ')}${ips.size > 10 ? ', …' : ''}` : ''}; success ${c.success.id} ` +
        `(${c.success.action.name}${c.success.source.ip ? ' from ' + c.success.source.ip : ''}) ${mins} ` +
        `min after the first failure (window ${s.windowMinutes} min).`,
    },
    [...failures, c.success],
    s.maxEvidence,
    { keep: c.success, identities: [...new Set([...c.identities, c.success.actor.id])] },
  );
}
