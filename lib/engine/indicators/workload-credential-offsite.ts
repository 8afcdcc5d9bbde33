/**
 * workload-credential-offsite — instance / workload / CI credentials used outside their home network.
 *
 * Playbook: "anomalies in the source IP addresses used for token access".
 * Public content (research/detections.md §1 I3, §6 item 3): GuardDuty
 * `UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS` (instance credentials
 * used from outside AWS), Sigma S5 and Panther P3 (instance-role ARN from a public non-AWS IP;
 * INFO when the address is Amazon's), Sentinel AZ11b (EC2 STS token used outside AWS ranges),
 * Sentinel "token replay of workload identity from outside of Azure", SCC ETD / Stratus ST3
 * (GCE default service account used outside GCP), Elastic E11 (GitHub Actions AWS key from an AS
 * organisation other than Microsoft, Amazon or Google).
 *
 * False-positive lessons (§5): service callers (`invokedBy`, `ec2.amazonaws.com`, SSM) and
 * private VPC addresses are the platform itself; EKS/K8s nodes proxying IMDS show many IPs but
 * inside the provider; GitHub self-hosted runners outside Microsoft/Amazon/Google look
 * suspicious (E11), so CI is judged against all three clouds, not one.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import type { IpIntel, NetworkKind } from '../../intel/intel-provider';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting, maxSeverity } from '../finding';

export const workloadCredentialOffsiteSettings = z.object({
  /** UA substrings that mark CI credentials (Elastic E11: `aws-credentials-for-github-actions`). */
  ciUserAgents: z.array(z.string()).default(['aws-credentials-for-github-actions']),
  /** Clouds a CI credential may legitimately come from (E11: Microsoft, Amazon, Google). */
  ciClouds: z.array(z.string()).default(['azure', 'aws', 'gcp']),
  /** Network kinds that are plainly off-platform → high (GuardDuty OutsideAWS). */
  offsiteKinds: z.array(z.string()).default(['residential', 'mobile', 'hosting', 'vpn', 'tor', 'satellite']),
  /** Report addresses intel knows nothing about (low). Off: with no intel data every event would be "unknown". */
  flagUnknownNetwork: z.boolean().default(false),
  /** UA substrings of the platform's own agents (Sigma S5 excludes SSM). */
  platformUserAgents: z.array(z.string()).default(['amazon-ssm-agent', 'ssm-agent', 'ec2-instance-connect']),
  maxEvidence: maxEvidenceSetting,
});
export type WorkloadCredentialOffsiteSettings = z.infer<typeof workloadCredentialOffsiteSettings>;

/** The cloud a workload of each provider lives in. */
const HOME_CLOUD: Record<string, string> = { aws: 'aws', gcp: 'gcp', azure: 'azure', entra: 'azure', m365: 'azure' };

interface Offsite {
  e: TokenEvent;
  net: IpIntel;
  severity: Severity;
}

export const workloadCredentialOffsite = defineIndicator({
  id: 'workload-credential-offsite',
  title: 'Workload or CI credential used outside its home network',
  signals: ['unfamiliar-source'],
  settings: workloadCredentialOffsiteSettings,
  evaluate(ctx: EngineContext, s: WorkloadCredentialOffsiteSettings): Finding[] {
    const ciUas = s.ciUserAgents.map((u) => u.toLowerCase());
    const platformUas = s.platformUserAgents.map((u) => u.toLowerCase());
    const offsiteKinds = new Set(s.offsiteKinds);
    // CI credentials: any token that ever showed a CI user agent (E11 looks over the key's history).
    const ciTokens = new Set<string>();
    for (const [tok, events] of ctx.byToken) {
      if (events.some((e) => uaHas(e, ciUas))) ciTokens.add(tok);
    }
    // Group offsite uses per credential (or per identity when the log has no credential id).
    const groups = new Map<string, { ci: boolean; home: string; uses: Offsite[]; homeUses: number }>();
    for (const e of ctx.events) {
      const tok = e.credential?.id;
      const ci = (tok !== undefined && ciTokens.has(tok)) || uaHas(e, ciUas);
      if (e.actor.kind !== 'workload' && !ci) continue;
      const home = ci ? s.ciClouds : HOME_CLOUD[e.provider] ? [HOME_CLOUD[e.provider]!] : undefined;
      if (!home) continue;
      const key = tok ? 'tok:' + tok : 'id:' + e.actor.id;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ci, home: home.join('/'), uses: [], homeUses: 0 }));
      const ip = e.source.ip;
      if (!ip) continue; // service caller (ec2.amazonaws.com, AWS Internal): the platform itself
      if (e.details?.invokedBy !== undefined) continue; // an AWS service acting for the role (P3)
      if (uaHas(e, platformUas)) continue;
      const net = ctx.network(e);
      if (!net || net.kind === 'private' || net.kind === 'reserved') continue; // inside a VPC
      const severity = judge(net, home, offsiteKinds, s);
      if (severity === undefined) {
        g.homeUses++;
        continue;
      }
      g.uses.push({ e, net, severity });
    }
    const findings: Finding[] = [];
    for (const [key, g] of groups) {
      if (g.uses.length) findings.push(toFinding(key, g, s));
    }
    return findings.sort((a, b) => a.time - b.time);
  },
});

function uaHas(e: TokenEvent, needles: string[]): boolean {
  const ua = e.source.userAgent?.toLowerCase();
  return !!ua && needles.some((n) => ua.includes(n));
}

/** undefined = at home; otherwise how bad the network is. */
function judge(net: IpIntel, home: string[], offsiteKinds: Set<string>, s: WorkloadCredentialOffsiteSettings): Severity | undefined {
  if (net.kind === 'cloud') {
    if (net.cloud && home.includes(net.cloud)) return undefined;
    // Another cloud (or a cloud intel cannot name): like GuardDuty's InsideAWS, someone else's compute.
    return 'medium';
  }
  if (offsiteKinds.has(net.kind as NetworkKind)) return 'high';
  if (net.kind === 'unknown') return s.flagUnknownNetwork ? 'low' : undefined;
  return undefined;
}

function toFinding(key: string, g: { ci: boolean; home: string; uses: Offsite[]; homeUses: number }, s: WorkloadCredentialOffsiteSettings): Finding {
  let severity: Severity = 'info';
  for (const u of g.uses) severity = maxSeverity(severity, u.severity);
  const first = g.uses[0]!.e;
  const what = g.ci ? 'CI credential' : 'workload credential';
  const nets = new Map<string, string>();
  for (const u of g.uses) {
    const n = u.net;
    const k = n.asn !== undefined ? `AS${n.asn}` : u.e.source.ip!;
    if (!nets.has(k)) nets.set(k, `${k}${n.asOrg ? ' ' + n.asOrg : ''} (${n.kind}${n.cloud ? ' ' + n.cloud : ''}${n.country ? ', ' + n.country : ''})`);
  }
  const ips = [...new Set(g.uses.map((u) => u.e.source.ip!))];
  return findingFrom('workload-credential-offsite', {
    severity,
    title: `${g.ci ? 'CI' : 'Workload'} credential of ${first.actor.id} used from outside ${g.home.toUpperCase()}`,
    detail:
      `The ${what} ${key.slice(4)} (home: ${g.home}) was used from ${ips.slice(0, 10).join(', ')}${ips.length > 10 ? ', …' : ''} ` +
      `in ${[...nets.values()].join('; ')}: ${g.uses.length} use(s) off-platform, ${g.homeUses} from its home network. ` +
      `Matches GuardDuty InstanceCredentialExfiltration semantics${g.ci ? ' and Elastic E11 (GitHub Actions key from a non-cloud network)' : ''}.`,
  }, g.uses.map((u) => u.e), s.maxEvidence);
}
