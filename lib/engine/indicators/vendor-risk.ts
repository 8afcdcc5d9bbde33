/**
 * vendor-risk — the platform's own verdicts, taken as strong priors: GuardDuty findings, Entra ID
 * Protection risk levels and detections, Okta ThreatInsight / behaviours / ITP risk, Google
 * Workspace suspicious logins.
 *
 * Playbook: the Decision for Escalation's "unfamiliar or risky locations", "known malicious
 * patterns".
 * Public content (docs/detections.md, 'vendor-risk'): Sigma's Entra ID Protection, M365 alert, Okta
 * (`security.threat.detected`) and Workspace (`suspicious_login`, `gov_attack_warning`) rules;
 * Elastic's ID Protection sign-in risk, "Okta ThreatInsight Threat Suspected Promotion" and "Google
 * Workspace Login Flagged Suspicious"; Panther Azure.Audit.RiskLevelPassthrough,
 * Okta.ThreatInsight.SecurityThreatDetected, GSuite.SuspiciousLogins and GuardDuty passthrough.
 *
 * Severity follows the vendor's level. False-positive lessons: Entra `anomalousToken` (and
 * the other history-learning detections) is "historically tuned to incur more noise … at low and
 * medium risk" — low and medium are supporting evidence (`low`), high is strong (`high`); Okta
 * behaviours are weak on their own (`low`).
 */
import { z } from 'zod';
import type { RiskLevel, TokenEvent } from '../../model/token-event';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';

/** Entra riskState values that mean the risk was closed (Elastic's ID Protection sign-in-risk rules exclude them). */
export const ENTRA_CLOSED_RISK_STATES = ['dismissed', 'remediated', 'confirmedSafe'] as const;

/** GuardDuty finding-type families: plain words and the least severity they get. */
export const GUARDDUTY_TYPES: readonly { match: RegExp; words: string; floor: Severity }[] = [
  {
    match: /InstanceCredentialExfiltration\.OutsideAWS/,
    words: 'instance credentials used outside AWS',
    floor: 'high',
  },
  {
    match: /InstanceCredentialExfiltration\.InsideAWS/,
    words: 'instance credentials used from another AWS account',
    floor: 'high',
  },
  { match: /^AttackSequence:/, words: 'attack sequence (correlated findings)', floor: 'high' },
  { match: /TorIPCaller/, words: 'API called from a Tor exit node', floor: 'medium' },
  { match: /MaliciousIPCaller/, words: 'API called from a known malicious IP', floor: 'medium' },
  { match: /^PenTest:/, words: 'API called from a penetration-testing distribution', floor: 'medium' },
  { match: /AnomalousBehavior/, words: 'API use unusual for this identity', floor: 'low' },
  { match: /ConsoleLoginSuccess\.B/, words: 'console logins from unusual locations', floor: 'low' },
];

/** Entra risk detections that learn from history and are noisy below high (Microsoft's own risk-detection documentation). */
export const ENTRA_NOISY_DETECTIONS = [
  'anomalousToken',
  'unfamiliarFeatures',
  'unlikelyTravel',
  'newCountry',
  'mcasImpossibleTravel',
] as const;

/** Google Workspace login events that are Google's own suspicious-login verdicts (Sigma's Workspace suspicious-login rule, Panther GSuite.SuspiciousLogins). */
export const WORKSPACE_SUSPICIOUS_EVENTS: Readonly<Record<string, Severity>> = {
  suspicious_login: 'medium',
  suspicious_login_less_secure_app: 'medium',
  suspicious_programmatic_login: 'medium',
  gov_attack_warning: 'high',
};

/** Okta events that are Okta's own detections (Sigma's Okta threat rule; Okta "ITP Suspected Session Hijacking", ThreatInsight). */
export const OKTA_DETECTION_EVENTS: Readonly<Record<string, Severity>> = {
  'security.threat.detected': 'medium',
  'user.risk.detect': 'medium',
  'security.session.detect_client_roaming': 'medium',
};

export const vendorRiskSettings = z.object({
  /** Entra low/medium risk is supporting evidence (`low`) for the noisy detections; other medium risks stay `medium`. */
  entraNoisyBelowHighAs: z.enum(['info', 'low', 'medium']).default('low'),
  /** Okta POSITIVE behaviours (New IP, New Device, Velocity…) alone. */
  oktaBehaviorSeverity: z.enum(['info', 'low', 'medium']).default('low'),
  maxEvidence: maxEvidenceSetting,
});
export type VendorRiskSettings = z.infer<typeof vendorRiskSettings>;

interface Verdict {
  vendor: string;
  detection: string;
  severity: Severity;
  words?: string;
}

export const vendorRisk = defineIndicator({
  id: 'vendor-risk',
  title: "The platform's own risk detection",
  signals: ['known-malicious', 'unfamiliar-source'],
  settings: vendorRiskSettings,
  evaluate(ctx: EngineContext, s: VendorRiskSettings): Finding[] {
    const groups = new Map<
      string,
      { v: Verdict; actor: string; events: TokenEvent[]; severity: Severity; levels: Set<string> }
    >();
    for (const e of ctx.events) {
      for (const v of verdictsOf(e, s)) {
        const key = [e.actor.id, v.vendor, v.detection].join('\u0000');
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { v, actor: e.actor.id, events: [], severity: 'info', levels: new Set() }));
        g.events.push(e);
        g.severity = maxSeverity(g.severity, v.severity);
        if (e.risk && e.risk.level !== 'none') g.levels.add(e.risk.level);
      }
    }
    const out: Finding[] = [];
    for (const g of groups.values()) {
      const n = g.events.length;
      const facts = [
        `${g.v.vendor} reported ${g.v.detection}${g.v.words ? ` (${g.v.words})` : ''} for ${g.actor}${n > 1 ? ` on ${n} events` : ''}`,
      ];
      if (g.levels.size) facts.push(`vendor risk level ${listSome(g.levels)}`);
      const sevs = new Set(
        g.events.map((e) => e.details?.['severity']).filter((x): x is number => typeof x === 'number'),
      );
      if (sevs.size) facts.push(`vendor severity ${listSome([...sevs].map(String))}`);
      const ips = new Set(g.events.map((e) => e.source.ip).filter((x): x is string => !!x));
      if (ips.size) facts.push(`from ${listSome(ips, 5)}`);
      out.push(
        findingFrom(
          'vendor-risk',
          {
            severity: g.severity,
            title: `${g.v.vendor}: ${g.v.detection} for ${g.actor}`,
            detail: facts.join('; '),
          },
          g.events,
          s.maxEvidence,
        ),
      );
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

function verdictsOf(e: TokenEvent, s: VendorRiskSettings): Verdict[] {
  const d = e.details ?? {};
  const out: Verdict[] = [];
  const findingType = typeof d['findingType'] === 'string' ? d['findingType'] : undefined;
  const vendorName = e.risk?.vendor ?? '';

  if (findingType || /guardduty/i.test(vendorName) || e.format === 'guardduty') {
    const type = findingType ?? e.risk?.detections[0] ?? 'finding';
    const known = GUARDDUTY_TYPES.find((t) => t.match.test(type));
    const numeric = typeof d['severity'] === 'number' ? guardDutyLevel(d['severity']) : undefined;
    let sev = numeric ?? fromLevel(e.risk?.level) ?? 'low';
    if (known) sev = maxSeverity(sev, known.floor);
    out.push({ vendor: 'GuardDuty', detection: type, severity: sev, words: known?.words });
    return out;
  }

  switch (e.provider) {
    case 'entra':
    case 'm365':
    case 'azure': {
      if (!e.risk) break;
      const level = e.risk.level;
      const dets = e.risk.detections.filter((x) => x && x !== 'none');
      if (level === 'none' && !dets.length) break;
      let sev: Severity = fromLevel(level) ?? 'info';
      const noisy = dets.length > 0 && dets.every((x) => (ENTRA_NOISY_DETECTIONS as readonly string[]).includes(x));
      if (noisy && (level === 'low' || level === 'medium')) sev = s.entraNoisyBelowHighAs;
      // The vendor's own later word: a risk an admin dismissed, remediated or confirmed safe is context only.
      const state = e.details?.['riskState'];
      const closed = typeof state === 'string' && (ENTRA_CLOSED_RISK_STATES as readonly string[]).includes(state);
      if (closed) sev = 'info';
      out.push({
        vendor: 'Entra ID Protection',
        detection: `${dets.length ? dets.join(', ') : `${level} sign-in risk`}${closed ? ` (${state})` : ''}`,
        severity: sev,
      });
      break;
    }
    case 'okta': {
      const named = OKTA_DETECTION_EVENTS[e.action.name];
      if (named) {
        const sev = maxSeverity(named, fromLevel(e.risk?.level) ?? 'info');
        out.push({ vendor: 'Okta', detection: e.action.name, severity: sev });
      }
      if (d['threatSuspected'] === true || d['threatSuspected'] === 'true') {
        out.push({ vendor: 'Okta ThreatInsight', detection: 'threat suspected', severity: 'medium' });
      }
      const behaviors = Array.isArray(d['behaviors']) ? d['behaviors'] : [];
      if (behaviors.length)
        out.push({
          vendor: 'Okta',
          detection: `behaviours ${listSome(behaviors, 6)}`,
          severity: s.oktaBehaviorSeverity,
        });
      if (!out.length && e.risk && e.risk.level !== 'none') {
        out.push({
          vendor: 'Okta',
          detection: `${e.risk.level} risk${e.risk.detections.length ? ' (' + listSome(e.risk.detections, 4) + ')' : ''}`,
          severity: fromLevel(e.risk.level) ?? 'low',
        });
      }
      break;
    }
    case 'workspace': {
      const named = WORKSPACE_SUSPICIOUS_EVENTS[e.action.name];
      if (named) out.push({ vendor: 'Google Workspace', detection: e.action.name, severity: named });
      else if (d['isSuspicious'] === true || d['isSuspicious'] === 'true') {
        out.push({
          vendor: 'Google Workspace',
          detection: `${e.action.name} flagged is_suspicious`,
          severity: 'medium',
        });
      }
      break;
    }
    default:
      break;
  }
  if (!out.length && e.risk && (e.risk.level !== 'none' || e.risk.detections.length)) {
    out.push({
      vendor: e.risk.vendor || e.provider,
      detection: e.risk.detections.length ? listSome(e.risk.detections, 4) : `${e.risk.level} risk`,
      severity: fromLevel(e.risk.level) ?? 'info',
    });
  }
  return out;
}

function fromLevel(level: RiskLevel | undefined): Severity | undefined {
  switch (level) {
    case 'low':
      return 'low';
    case 'medium':
      return 'medium';
    case 'high':
      return 'high';
    default:
      return undefined;
  }
}

/** GuardDuty severity scale: 1.0–3.9 low, 4.0–6.9 medium, ≥ 7.0 high (and critical). */
function guardDutyLevel(n: number): Severity {
  return n >= 7 ? 'high' : n >= 4 ? 'medium' : 'low';
}
