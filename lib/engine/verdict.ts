/**
 * The verdict, in the words of the playbook's Decision for Escalation: escalate to Tier 2 when a
 * token is used from unfamiliar or risky locations, when API use is inconsistent with the
 * identity's profile, or when several accounts are affected the same way. Weak signals combine
 * per subject (an identity or a token); a minting call alone never escalates. A finding whose
 * records name no caller and no token is its own subject (`no-caller:finding-<n>`): records without a caller
 * are unrelated until something ties them, so they never add up into one "unknown" story.
 */
import { z } from 'zod';
import { type Finding, type IndicatorId, type Severity, severityRank } from './types';

export const VERDICTS = ['benign', 'suspicious', 'escalate'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The three grounds of the playbook's Decision for Escalation, plus the supporting signals. */
export type Ground = 'location' | 'behaviour' | 'multi-account' | 'vendor' | 'persistence' | 'context';

export const GROUND_OF: Record<IndicatorId, Ground> = {
  'new-source': 'location',
  'token-multi-source': 'location',
  'workload-credential-offsite': 'location',
  'risky-network': 'location',
  'geo-anomaly': 'location',
  'unusual-time': 'behaviour',
  'mass-api-access': 'behaviour',
  'privileged-with-token': 'behaviour',
  'broader-permissions': 'behaviour',
  'suspicious-client': 'behaviour',
  'console-from-programmatic': 'behaviour',
  'refresh-token-abuse': 'behaviour',
  'failures-then-success': 'behaviour',
  'oauth-consent': 'persistence',
  'new-auth-material': 'persistence',
  'multi-account': 'multi-account',
  'vendor-risk': 'vendor',
  'token-minting': 'context',
};

/** The playbook's own sentence for each ground. */
export const GROUND_TEXT: Record<Ground, string> = {
  location: 'Token used from unfamiliar or risky locations',
  behaviour: "Pattern of API use inconsistent with the identity's profile",
  'multi-account': 'Multiple accounts affected in a similar manner, indicating potential widespread compromise',
  vendor: "The provider's own threat detection flagged this activity",
  persistence:
    'New authentication material or application grants (check whether other users or tokens are similarly compromised)',
  context: 'Token minting or exchange (context only: not enough on its own)',
};

export const VerdictSettingsSchema = z
  .object({
    /** Points per severity; a subject escalates at `escalateScore` when at least two grounds contribute. */
    points: z
      .object({
        info: z.number().default(0),
        low: z.number().default(1),
        medium: z.number().default(3),
        high: z.number().default(6),
      })
      .prefault({}),
    escalateScore: z.number().default(6),
    suspiciousScore: z.number().default(2),
  })
  .strict();
export type VerdictSettings = z.infer<typeof VerdictSettingsSchema>;

export interface SubjectVerdict {
  /** `id:<actor>`, `tok:<credential>`, or `no-caller:finding-<n>` for the n-th finding when its records name neither. */
  subject: string;
  verdict: Verdict;
  score: number;
  reasons: string[];
  /** Indices into the findings array. */
  findings: number[];
}

export interface VerdictResult {
  verdict: Verdict;
  /** Playbook-worded reasons for the overall verdict, strongest first. */
  reasons: string[];
  subjects: SubjectVerdict[];
}

export function decide(
  findings: readonly Finding[],
  settings: VerdictSettings = VerdictSettingsSchema.parse({}),
): VerdictResult {
  const bySubject = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const subjects = new Set<string>([...f.identities.map((x) => 'id:' + x), ...f.tokens.map((x) => 'tok:' + x)]);
    if (subjects.size === 0) subjects.add(`no-caller:finding-${i + 1}`);
    for (const s of subjects) {
      const arr = bySubject.get(s);
      if (arr) arr.push(i);
      else bySubject.set(s, [i]);
    }
  });
  const subjects: SubjectVerdict[] = [];
  for (const [subject, idx] of bySubject) subjects.push(judge(subject, idx, findings, settings));
  subjects.sort((a, b) => rank(b.verdict) - rank(a.verdict) || b.score - a.score);
  const worst = subjects[0]?.verdict ?? 'benign';
  const reasons =
    worst === 'benign'
      ? []
      : groundReasons(
          subjects.filter((s) => s.verdict === worst).flatMap((s) => s.findings),
          findings,
        );
  return { verdict: worst, reasons, subjects };
}

/** One sentence per ground, the playbook's words first, then the strongest finding titles. */
function groundReasons(idx: readonly number[], findings: readonly Finding[]): string[] {
  const order: Ground[] = ['location', 'behaviour', 'multi-account', 'vendor', 'persistence', 'context'];
  const unique = [...new Set(idx)].map((i) => findings[i]!).filter((f) => f.severity !== 'info');
  unique.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.time - b.time);
  const out: string[] = [];
  for (const g of order) {
    const titles = [...new Set(unique.filter((f) => groundOf(f) === g).map((f) => f.title))];
    if (titles.length)
      out.push(
        `${GROUND_TEXT[g]}: ${titles.slice(0, 3).join('; ')}${titles.length > 3 ? ` (+${titles.length - 3} more)` : ''}`,
      );
  }
  return out;
}

function judge(subject: string, idx: number[], findings: readonly Finding[], st: VerdictSettings): SubjectVerdict {
  // One contribution per indicator: its strongest finding (repeated findings do not stack).
  const best = new Map<string, { ind: IndicatorId; g: Ground; sev: Severity }>();
  for (const i of idx) {
    const f = findings[i]!;
    const key = `${f.indicator}|${groundOf(f)}`;
    const prev = best.get(key);
    if (!prev || severityRank(f.severity) > severityRank(prev.sev))
      best.set(key, { ind: f.indicator, g: groundOf(f), sev: f.severity });
  }
  const groundMax = new Map<Ground, Severity>();
  let score = 0;
  for (const { g, sev } of best.values()) {
    // Minting is context: it counts as a weak signal only next to something else.
    const pts = g === 'context' ? Math.min(st.points[sev], st.points.low) : st.points[sev];
    score += pts;
    const prev = groundMax.get(g);
    if (!prev || severityRank(sev) > severityRank(prev)) groundMax.set(g, sev);
  }
  const sev = (g: Ground): number => (groundMax.has(g) ? severityRank(groundMax.get(g)!) : -1);
  const HIGH = 3,
    MED = 2,
    LOW = 1;
  const decisive = (['location', 'behaviour', 'multi-account'] as const).filter((g) => sev(g) >= LOW);
  const strongGrounds = (['location', 'behaviour', 'multi-account', 'vendor'] as const).filter((g) => sev(g) >= MED);
  // New credentials and app grants are what an attacker leaves behind, and what an admin does on
  // a normal day: they escalate only next to a sign that the token itself is misused.

  let verdict: Verdict = 'benign';
  const onlyContext = [...groundMax.keys()].every((g) => g === 'context');
  if (!onlyContext) {
    if (
      sev('location') >= HIGH ||
      sev('behaviour') >= HIGH ||
      sev('multi-account') >= MED ||
      (sev('vendor') >= HIGH && decisive.length >= 1) ||
      strongGrounds.length >= 2 ||
      (strongGrounds.length >= 1 && sev('persistence') >= MED) ||
      (score >= st.escalateScore && decisive.length >= 2)
    )
      verdict = 'escalate';
    else if (score >= st.suspiciousScore || strongGrounds.length >= 1) verdict = 'suspicious';
  }
  const reasons = verdict === 'benign' ? [] : groundReasons(idx, findings);
  return { subject, verdict, score, reasons, findings: idx };
}

/** A finding's ground: its own `ground` (a persistence chain that proves use counts as behaviour), else its indicator's. */
function groundOf(f: Finding): Ground {
  return f.ground ?? GROUND_OF[f.indicator];
}

function rank(v: Verdict): number {
  return VERDICTS.indexOf(v);
}
