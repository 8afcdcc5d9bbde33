/**
 * suspicious-client — attacker tooling and scripting user agents.
 *
 * Playbook question: "Is the token usage aligned with known malicious patterns?"
 * Public content (research/detections.md §1 I14): Sigma S6 (TruffleHog), S11 (AzureHound, axios,
 * BAV2ROPC), Elastic E21 (`distrib#kali`, `+kali`, TruffleHog), E60 (scripted UAs on an Okta
 * session), Panther P19c (package-manager UAs in the GitHub audit log), GuardDuty
 * `PenTest:IAMUser/KaliLinux|ParrotLinux|PentooLinux`.
 *
 * Offensive tools are high on sight. Generic scripting clients are everywhere in automation, so
 * (§5: baseline per identity) they are medium only when the identity normally uses something
 * else (warm history and this UA never seen for it, history dimension `ua`), low otherwise.
 * Log text is hostile: the UA is quoted in the detail, never interpreted.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { identitySubject } from '../../baseline/history';
import { hasWarmHistory, isFirstSeen } from '../../baseline/novelty';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting } from '../finding';

export interface UaRule {
  name: string;
  pattern: RegExp;
  /** Public rule(s) that use it. */
  source: string;
}

/** Offensive tooling: high wherever it appears. */
export const OFFENSIVE_USER_AGENTS: readonly UaRule[] = [
  { name: 'TruffleHog', pattern: /trufflehog/i, source: 'Sigma aws_sts_getcalleridentity_trufflehog / aws_cloudtrail_pua_trufflehog (S6); Elastic E21' },
  { name: 'Kali Linux', pattern: /distrib#kali|[+-]kali\b|kali[0-9]*-amd64|\bkali linux\b/i, source: 'Elastic E21 (distrib#kali, +kali); GuardDuty PenTest:IAMUser/KaliLinux' },
  { name: 'Parrot OS', pattern: /distrib#parrot|[+-]parrot\b|\bparrot ?os\b/i, source: 'GuardDuty PenTest:IAMUser/ParrotLinux' },
  { name: 'Pentoo', pattern: /distrib#pentoo|[+-]pentoo\b|\bpentoo\b/i, source: 'GuardDuty PenTest:IAMUser/PentooLinux' },
  { name: 'AzureHound', pattern: /azurehound/i, source: 'Sigma azure_ad_azurehound user agent (S11)' },
  { name: 'ROADtools', pattern: /roadtools|roadrecon|roadtx/i, source: 'Elastic ROADrecon rules (§1 I14)' },
  { name: 'TeamFiltration', pattern: /teamfiltration/i, source: 'Elastic TeamFiltration rules (§1 I14)' },
  { name: 'Kali365', pattern: /kali365/i, source: 'Elastic Kali365 rules (§1 I14)' },
  { name: 'BAV2ROPC', pattern: /bav2ropc/i, source: 'Sigma MFA bypass via legacy client BAV2ROPC (S11)' },
];

/** Generic scripting / HTTP libraries: suspicious where the identity normally uses something else. */
export const SCRIPTING_USER_AGENTS: readonly UaRule[] = [
  { name: 'python-requests', pattern: /python-requests/i, source: 'Elastic E60 (Okta AiTM cookie replay scripted UA)' },
  { name: 'curl', pattern: /^curl\/|\bcurl\/\d/i, source: 'Elastic E60' },
  { name: 'httpx', pattern: /python-httpx|\bhttpx\//i, source: 'Elastic E60' },
  { name: 'aiohttp', pattern: /aiohttp/i, source: 'Elastic E60' },
  { name: 'Go-http-client', pattern: /go-http-client/i, source: 'Elastic E60' },
  { name: 'okhttp', pattern: /okhttp/i, source: 'Elastic E60' },
  { name: 'Java', pattern: /(^|\s)java\/\d/i, source: 'Elastic E60' },
  { name: 'headless browser', pattern: /headless/i, source: 'Elastic E60 (Headless)' },
  { name: 'axios', pattern: /\baxios\//i, source: 'Sigma hunting azure_ad_signin_axios_user_agent (S11)' },
  { name: 'MSAL for Python', pattern: /msal\.python|python-msal/i, source: 'brief (python-msal abuse by token tooling); no single public rule' },
];

/** Package managers in the GitHub audit log: a token used outside a person's browser/git (P19c). */
export const PACKAGE_MANAGER_USER_AGENTS: readonly UaRule[] = [
  { name: 'npm', pattern: /^npm\/|\bnpm\/\d/i, source: 'Panther GitHub.SupplyChain.SuspiciousUserAgents (P19c)' },
  { name: 'yarn', pattern: /\byarn\/\d/i, source: 'Panther P19c' },
  { name: 'pip', pattern: /^pip\/|\bpip\/\d/i, source: 'Panther P19c' },
  { name: 'gem', pattern: /rubygems|^gem\//i, source: 'Panther P19c' },
  { name: 'cargo', pattern: /^cargo\/|\bcargo\/\d/i, source: 'Panther P19c' },
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
  const texts = [e.source.userAgent, typeof e.details?.clientAppUsed === 'string' ? e.details.clientAppUsed : undefined].filter(
    (x): x is string => !!x,
  );
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
  const sc = SCRIPTING_USER_AGENTS.find((r) => r.pattern.test(ua));
  return sc ? { rule: sc, family: 'scripting' } : undefined;
}

interface Group {
  rule: UaRule;
  family: Family;
  severity: Severity;
  why: string;
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
            g = { rule: m.rule, family: m.family, severity: judged.severity, why: judged.why, events: [], uas: new Set() };
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
    return findings.sort((a, b) => a.time - b.time);
  },
});

function judge(ctx: EngineContext, e: TokenEvent, family: Family, seenHere: Set<string>, s: SuspiciousClientSettings): { severity: Severity; why: string } {
  if (family === 'offensive') return { severity: 'high', why: 'offensive security tooling' };
  const subject = identitySubject(e);
  const ua = e.source.userAgent!;
  const familiar = seenHere.has(ua) || !isFirstSeen(ctx.history, subject, 'ua', ua, e.time);
  const warm = hasWarmHistory(ctx.history, subject, e.time, s.minHistoryEvents);
  if (warm && !familiar) {
    return {
      severity: 'medium',
      why: `this identity normally uses other clients (${ctx.history.countBefore(subject, e.time)} earlier events, none with this user agent)`,
    };
  }
  return {
    severity: 'low',
    why: familiar ? 'this identity has used this client before' : `not enough history (< ${s.minHistoryEvents} events) to know what this identity normally uses`,
  };
}

function toFinding(actor: string, g: Group, s: SuspiciousClientSettings): Finding {
  const kind = g.family === 'offensive' ? 'attacker tool' : g.family === 'package' ? 'package-manager client' : 'scripting client';
  const uas = [...g.uas].slice(0, 3).map((u) => JSON.stringify(u.length > 160 ? u.slice(0, 160) + '…' : u));
  return findingFrom('suspicious-client', {
    severity: g.severity,
    title: `${actor} used ${g.family === 'offensive' ? 'the attacker tool' : 'a ' + kind} ${g.rule.name}`,
    detail:
      `${g.events.length} event(s) with user agent ${uas.join(', ')}${g.uas.size > 3 ? ` and ${g.uas.size - 3} more` : ''}; ` +
      `${kind} per ${g.rule.source}; ${g.why}.`,
  }, g.events, s.maxEvidence);
}
