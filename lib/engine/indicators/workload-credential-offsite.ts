/**
 * workload-credential-offsite — instance / workload / CI credentials used away from their workload.
 *
 * Playbook: "anomalies in the source IP addresses used for token access".
 * Public anchors: GuardDuty `UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS`
 * (instance credentials used from outside AWS) and `.InsideAWS` (from another AWS account's
 * compute); Panther `AWS.CloudTrail.IMDSCredentialExfiltration` (an instance-profile session
 * `…/i-…` called from a public address, SSM and `invokedBy` excluded); Sigma "Malicious Usage Of
 * IMDS Credentials Outside Of AWS Infrastructure"; Sentinel "token replay of workload identity from
 * outside of Azure"; Stratus Red Team's GCE technique (the default service account's token
 * used outside GCP); Elastic "AWS Credentials Used from GitHub Actions and Non-CI/CD Infrastructure".
 *
 * What fires, per role session (one finding names every signal it saw):
 * - Network: a public address outside the workload's cloud. Residential, mobile, hosting, VPN,
 *   Tor, satellite → high (OutsideAWS). Another cloud → medium (InsideAWS-like: someone else's
 *   compute). For AWS instance / task / function credentials, any public address outside every
 *   cloud that intel can name (an ASN) counts too: those credentials have no business off AWS.
 * - Without trustworthy addresses (anonymised exports, NAT, VPC endpoints) AWS workload sessions
 *   are judged on their own history, in time order:
 *   · the client changes family: another OS (an instance does not turn from Linux into Darwin),
 *     a scripting library the workload never used, or a function's/task's runtime marker
 *     (`exec-env/AWS_Lambda_…`, `exec-env/AWS_ECS_…`) missing from a later client;
 *   · the address is otherwise used only by human identities (someone's workstation);
 *   · an instance session used from a public AWS address nothing ties to the instance (no
 *     instance tooling ever called from it) by a client that names no server platform: medium,
 *     as Panther alerts on every public source and the log cannot show it is the instance's own;
 *   and, as supporting evidence only: the new client's first call is `sts:GetCallerIdentity`
 *   (the first thing done with stolen keys, as Stratus Red Team documents for stolen EC2
 *   credentials); a second public AWS address next to the instance's own (InsideAWS; alone it
 *   is not enough, EKS nodes proxying IMDS show several); an access key the workload was not using at the time, or one it
 *   had already rotated away from (instance credentials rotate about hourly and processes keep
 *   the old key for a while, so overlap alone is normal: it counts only beside another signal).
 *   One signal → medium, two or more → high.
 * - A call whose user agent carries the Lambda/ECS runtime marker is the runtime itself, whatever
 *   the address says (Panther's own Lambda and Fargate samples carry placeholder addresses such as
 *   1.1.1.1): it is the workload's home, and what later clients are compared with.
 *
 * False-positive lessons: service callers (`invokedBy`, `ec2.amazonaws.com`, `AWS Internal`) and
 * the SSM agent's own services (ssm, ssmmessages, ec2messages; `RegisterManagedInstance`) are
 * the platform; private VPC addresses and VPC endpoints are inside; a NAT gateway's constant
 * public address is the instance's own; GitHub self-hosted runners outside Microsoft, Amazon and
 * Google look suspicious, so CI is judged against all three clouds, not one. EC2 Mac instances
 * run Darwin: a Darwin client on a session whose home is Darwin is no change.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import type { IpIntel, NetworkKind } from '../../intel/intel-provider';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting, maxSeverity } from '../finding';
import { OFFENSIVE_USER_AGENTS, SCRIPTING_USER_AGENTS, agentIncludesAny } from '../../model/client-kind';

export const workloadCredentialOffsiteSettings = z.object({
  /** UA substrings that mark CI credentials (the `aws-credentials-for-github-actions` action). */
  ciUserAgents: z.array(z.string()).default(['aws-credentials-for-github-actions']),
  /** Clouds a CI credential may legitimately come from (Microsoft, Amazon, Google). */
  ciClouds: z.array(z.string()).default(['azure', 'aws', 'gcp']),
  /** Network kinds that are plainly off-platform → high (GuardDuty OutsideAWS). */
  offsiteKinds: z.array(z.string()).default(['residential', 'mobile', 'hosting', 'vpn', 'tor', 'satellite']),
  /** Report addresses intel knows nothing about (low). Off: with no intel data every event would be "unknown". */
  flagUnknownNetwork: z.boolean().default(false),
  /** UA substrings of the platform's own agents (Sigma and Panther exclude SSM). */
  platformUserAgents: z.array(z.string()).default(['amazon-ssm-agent', 'ssm-agent', 'ec2-instance-connect']),
  /** Services the platform's agents call with the instance's credentials (Panther's IMDS rule excludes them). */
  platformServices: z
    .array(z.string())
    .default(['ssm.amazonaws.com', 'ssmmessages.amazonaws.com', 'ec2messages.amazonaws.com']),
  /** Calls the platform makes with the instance's credentials wherever it is. */
  platformEvents: z.array(z.string()).default(['RegisterManagedInstance']),
  /** A rotated-away key still used this long after the workload moved to its successor counts as reuse. */
  retiredKeyGraceMinutes: z.number().min(0).default(15),
  maxEvidence: maxEvidenceSetting,
});
export type WorkloadCredentialOffsiteSettings = z.infer<typeof workloadCredentialOffsiteSettings>;

/** The cloud a workload of each provider lives in. */
const HOME_CLOUD: Record<string, string> = { aws: 'aws', gcp: 'gcp', azure: 'azure', entra: 'azure', m365: 'azure' };

// ---------------------------------------------------------------------------------------------
// Clients: what a user agent says about the program and the machine that sent the call.

export type ClientOs = 'Linux' | 'Darwin' | 'Windows';

export interface Client {
  /** The program (aws-cli, Boto3, aws-sdk-go, python-requests, SSM agent, …). */
  tool: string;
  os?: ClientOs;
  /** AWS runtime marker (`exec-env/AWS_Lambda_python3.12`, `AWS_ECS_FARGATE`, `CloudShell`). */
  env?: string;
  /** A generic HTTP/scripting library or attacker tool, not an AWS SDK or CLI. */
  scripting: boolean;
  sdk: boolean;
  /** "aws-cli on Darwin", for the analyst. */
  label: string;
}

const SDKS: readonly [RegExp, string][] = [
  [/aws-sdk-go-v2/i, 'aws-sdk-go-v2'],
  [/aws-sdk-go/i, 'aws-sdk-go'],
  [/\bboto3\//i, 'Boto3'],
  [/\bbotocore\//i, 'botocore'],
  [/aws-sdk-java/i, 'aws-sdk-java'],
  [/aws-sdk-(?:js|nodejs)/i, 'aws-sdk-js'],
  [/aws-sdk-(?:dotnet|net)/i, 'aws-sdk-dotnet'],
  [/aws-sdk-ruby/i, 'aws-sdk-ruby'],
  [/aws-sdk-php/i, 'aws-sdk-php'],
  [/aws-sdk-rust/i, 'aws-sdk-rust'],
  [/aws-sdk-cpp/i, 'aws-sdk-cpp'],
  [/awspowershell|aws-tools-for-powershell/i, 'AWS Tools for PowerShell'],
];

// Instances write most of a trail, with a handful of user agents: read each string once.
const clientMemo = new Map<string, Client | undefined>();

/** The client family of a user agent; undefined when there is none. Never interprets more than names. */
export function clientOf(ua: string | undefined): Client | undefined {
  if (ua === undefined) return undefined;
  if (clientMemo.has(ua)) return clientMemo.get(ua);
  const c = readClient(ua);
  if (clientMemo.size > 5_000) clientMemo.clear();
  clientMemo.set(ua, c);
  return c;
}

function readClient(ua: string): Client | undefined {
  const text = ua.trim();
  if (!text) return undefined;
  let tool: string | undefined;
  let scripting = false;
  let sdk = false;
  if (/amazon-ssm-agent|\bssm-agent/i.test(text)) tool = 'SSM agent';
  else if (/(^|[\s[,(])aws-cli\//i.test(text)) tool = 'aws-cli';
  const attack = OFFENSIVE_USER_AGENTS.find((r) => r.pattern.test(text));
  if (attack) scripting = true;
  tool ??= attack?.name;
  if (!tool) {
    for (const [re, name] of SDKS)
      if (re.test(text)) {
        [tool, sdk] = [name, true];
        break;
      }
  }
  if (!tool) {
    const lib = SCRIPTING_USER_AGENTS.find((r) => r.pattern.test(text));
    if (lib) [tool, scripting] = [lib.name, true];
  }
  tool ??= (text.split(/[\s/;(]/)[0] || text).slice(0, 40);
  const os: ClientOs | undefined = /darwin|os\/macos|mac ?os ?x|macos/i.test(text)
    ? 'Darwin'
    : /windows|os\/windows|win64|win32/i.test(text)
      ? 'Windows'
      : /linux|amzn|os\/linux/i.test(text)
        ? 'Linux'
        : undefined;
  const env = /exec-env\/([A-Za-z0-9_.-]{1,60})/.exec(text)?.[1];
  const label = `${tool}${os ? ' on ' + os : ''}${env ? ` (${env})` : ''}${attack && attack.name !== tool ? ` [${attack.name}]` : ''}`;
  const c: Client = { tool, scripting, sdk, label };
  if (os) c.os = os;
  if (env) c.env = env;
  return c;
}

/** A client an instance, task or function plausibly runs itself: its agents, an SDK, or a tool naming a server platform. */
function instanceLike(c: Client): boolean {
  if (c.tool === 'SSM agent' || c.env) return true;
  if (c.scripting || c.os === 'Darwin') return false;
  return c.sdk || c.os !== undefined;
}

// ---------------------------------------------------------------------------------------------

type Place = 'inside' | 'home-cloud' | 'other-cloud' | 'offsite' | 'unknown';

interface Use {
  e: TokenEvent;
  net?: IpIntel;
  place: Place;
  client?: Client;
  netSeverity?: Severity;
  /** Signals that make this use suspect (network, client change, human address, untied). */
  primary: string[];
  /** Signals that only add to a primary one (GetCallerIdentity, another AWS address, key). */
  support: string[];
}

interface Session {
  key: string;
  ci: boolean;
  home: string[];
  /** An AWS instance, task or function session: judged on its own history too. */
  awsWorkload: boolean;
  instance: boolean;
  events: TokenEvent[];
}

interface Home {
  uses: number;
  oses: Set<ClientOs>;
  tools: Set<string>;
  clients: Map<string, number>;
  envUses: number;
  plainUses: number;
  noUaUses: number;
  addrs: Map<string, string>;
  /** Addresses of the workload's own (unflagged) uses, not of platform calls. */
  useAddrs: Set<string>;
  publicAddrs: Set<string>;
  keys: Map<string, { first: number; last: number }>;
}

const INSTANCE_SESSION = /^i-[0-9a-f]{8,17}$/;
const TASK_SESSION = /^[0-9a-f]{32}$/;

export const workloadCredentialOffsite = defineIndicator({
  id: 'workload-credential-offsite',
  title: 'Workload or CI credential used away from its workload',
  signals: ['unfamiliar-source'],
  settings: workloadCredentialOffsiteSettings,
  evaluate(ctx: EngineContext, s: WorkloadCredentialOffsiteSettings): Finding[] {
    const ciUas = s.ciUserAgents;
    // CI credentials: any token that ever showed a CI user agent (the Elastic rule looks over the key's history).
    const ciTokens = new Set<string>();
    for (const [tok, events] of ctx.byToken) {
      if (events.some((e) => agentIncludesAny(e.source.userAgent, ciUas))) ciTokens.add(tok);
    }
    // AWS role sessions the platform marks as a workload although their name does not say so:
    // instance-profile delivery (a property of the credentials), or a Lambda/ECS runtime marker
    // on the session's first call with a user agent (the runtime uses its credentials first; a
    // session that began in a browser and later shows the marker is not the runtime's).
    const markedWorkloads = new Set<string>();
    const firstUaSeen = new Set<string>();
    for (const e of ctx.events) {
      if (e.provider !== 'aws' || e.actor.type !== 'AssumedRole') continue;
      if (e.details?.ec2RoleDelivery !== undefined) markedWorkloads.add(e.actor.id);
      const ua = e.source.userAgent;
      if (!ua || firstUaSeen.has(e.actor.id)) continue;
      firstUaSeen.add(e.actor.id);
      if (/exec-env\/AWS_(Lambda|ECS)/i.test(ua)) markedWorkloads.add(e.actor.id);
    }
    const sessions = new Map<string, Session>();
    for (const e of ctx.events) {
      const tok = e.credential?.id;
      const ci = (tok !== undefined && ciTokens.has(tok)) || agentIncludesAny(e.source.userAgent, ciUas);
      const workload = e.actor.kind === 'workload' || markedWorkloads.has(e.actor.id);
      if (!workload && !ci) continue;
      const home = ci ? s.ciClouds : HOME_CLOUD[e.provider] ? [HOME_CLOUD[e.provider]!] : undefined;
      if (!home) continue;
      // A workload session keeps its name across key rotations: group by it. CI by its key.
      const key = ci && tok ? 'tok:' + tok : 'id:' + e.actor.id;
      let g = sessions.get(key);
      if (!g) {
        const name = sessionNameOf(e);
        const instance =
          e.provider === 'aws' && (INSTANCE_SESSION.test(name ?? '') || e.details?.ec2RoleDelivery !== undefined);
        sessions.set(key, (g = { key, ci, home, awsWorkload: e.provider === 'aws' && !ci, instance, events: [] }));
      }
      if (!g.instance && e.details?.ec2RoleDelivery !== undefined) g.instance = true;
      g.events.push(e);
    }
    const addressUsers = addressUsersOf(ctx, markedWorkloads);
    const findings: Finding[] = [];
    for (const g of sessions.values()) {
      const f = judgeSession(ctx, g, s, addressUsers);
      if (f) findings.push(f);
    }
    return findings.sort((a, b) => a.time - b.time);
  },
});

function sessionNameOf(e: TokenEvent): string | undefined {
  const d = e.details?.sessionName;
  if (typeof d === 'string') return d;
  const id = e.actor.id;
  return id.includes(':assumed-role/') ? id.slice(id.lastIndexOf('/') + 1) : undefined;
}

/** Who uses each address: human identities and workload sessions (for "otherwise only people use it"). */
function addressUsersOf(
  ctx: EngineContext,
  markedWorkloads: ReadonlySet<string>,
): Map<string, { humans: Set<string>; workloads: Set<string> }> {
  const out = new Map<string, { humans: Set<string>; workloads: Set<string> }>();
  for (const e of ctx.events) {
    const ip = e.source.ip;
    if (!ip) continue;
    let u = out.get(ip);
    if (!u) out.set(ip, (u = { humans: new Set(), workloads: new Set() }));
    if (e.actor.kind === 'workload' || e.actor.kind === 'service' || markedWorkloads.has(e.actor.id))
      u.workloads.add(e.actor.id);
    else if (e.actor.kind === 'human' && !/exec-env\//i.test(e.source.userAgent ?? '')) u.humans.add(e.actor.id);
  }
  return out;
}

function isPlatform(e: TokenEvent, s: WorkloadCredentialOffsiteSettings, platformUas: readonly string[]): boolean {
  if (!e.source.ip) return true; // service caller (ec2.amazonaws.com, AWS Internal): the platform itself
  if (e.details?.invokedBy !== undefined) return true; // an AWS service acting for the role
  if (agentIncludesAny(e.source.userAgent, platformUas)) return true;
  if (e.action.service && s.platformServices.includes(e.action.service)) return true;
  return s.platformEvents.includes(e.action.name);
}

function judgeSession(
  ctx: EngineContext,
  g: Session,
  s: WorkloadCredentialOffsiteSettings,
  addressUsers: Map<string, { humans: Set<string>; workloads: Set<string> }>,
): Finding | undefined {
  const platformUas = s.platformUserAgents;
  const offsiteKinds = new Set(s.offsiteKinds);
  const home: Home = {
    uses: 0,
    oses: new Set(),
    tools: new Set(),
    clients: new Map(),
    envUses: 0,
    plainUses: 0,
    noUaUses: 0,
    addrs: new Map(),
    useAddrs: new Set(),
    publicAddrs: new Set(),
    keys: new Map(),
  };
  // Addresses the workload's own tooling called from: an instance's public address is tied to it.
  const tied = new Set<string>();
  const platform = g.events.map((e) => isPlatform(e, s, platformUas));
  const clients = g.events.map((e) => clientOf(e.source.userAgent));
  g.events.forEach((e, i) => {
    const ip = e.source.ip;
    const c = clients[i];
    if (ip && (platform[i] || (c && instanceLike(c)))) tied.add(ip);
  });
  const suspects: Use[] = [];
  const keysReported = new Map<string, string>();
  for (let i = 0; i < g.events.length; i++) {
    const e = g.events[i]!;
    const ip = e.source.ip;
    if (platform[i]) {
      if (ip) noteAddress(home, ip, ctx.network(e), e);
      continue;
    }
    const net = ctx.network(e);
    const client = clients[i];
    // Fast path (most of a trail): an address and a client this workload already used at home.
    if (ip && home.useAddrs.has(ip) && (client ? home.clients.has(client.label) : home.noUaUses > 0)) {
      addHome(home, e, client, net);
      continue;
    }
    const u: Use = { e, place: 'unknown', primary: [], support: [] };
    if (net) u.net = net;
    if (client) u.client = client;
    // A call stamped with the Lambda/ECS runtime's own marker is the runtime itself: exported
    // samples with placeholder addresses must not make it "offsite".
    if (!(g.awsWorkload && client?.env && /^AWS_(Lambda|ECS)/i.test(client.env))) placeOf(u, g, offsiteKinds, s);
    if (g.awsWorkload) {
      if (home.uses > 0 && client) {
        const change = clientChange(client, home);
        if (change) u.primary.push(change);
      }
      const users = ip ? addressUsers.get(ip) : undefined;
      if (
        ip &&
        home.uses > 0 &&
        !home.addrs.has(ip) &&
        users &&
        users.humans.size > 0 &&
        [...users.workloads].every((w) => w === e.actor.id)
      ) {
        u.primary.push(
          `${ip} is otherwise used only by ${plural(users.humans.size, 'human identity', 'human identities')} (${[...users.humans].slice(0, 2).join(', ')})`,
        );
      }
      if (g.instance && u.place === 'home-cloud' && ip && client && !instanceLike(client) && !tied.has(ip)) {
        u.primary.push(
          `called from the public AWS address ${ip} by ${client.label}, and nothing in the log ties that ` +
            `address to the instance (no instance tooling ever called from it)`,
        );
      }
    }
    if (u.primary.length === 0) {
      addHome(home, e, client, net);
      continue;
    }
    if (g.awsWorkload) addSupport(u, g, home, s, keysReported);
    suspects.push(u);
  }
  if (!suspects.length) return undefined;
  // The first call of each new client (or address): GetCallerIdentity is "who am I?" with stolen keys.
  const seenNew = new Set<string>();
  for (const u of suspects) {
    const k = u.client?.label ?? u.e.source.ip ?? '';
    if (seenNew.has(k)) continue;
    seenNew.add(k);
    if (g.awsWorkload && u.e.action.name === 'GetCallerIdentity')
      u.support.push(
        `its first call from ${u.client?.label ?? u.e.source.ip} was sts:GetCallerIdentity (checking whose keys these are)`,
      );
  }
  let severity: Severity = 'info';
  for (const u of suspects) {
    const n = u.primary.length + u.support.length;
    let sev: Severity =
      u.netSeverity === 'high' || n >= 2 ? 'high' : u.netSeverity === 'low' && n === 1 ? 'low' : 'medium';
    if (u.netSeverity) sev = maxSeverity(sev, u.netSeverity);
    severity = maxSeverity(severity, sev);
  }
  return toFinding(g, home, suspects, severity, s);
}

/** Where the call came from, relative to the workload's cloud; sets the network signal. */
function placeOf(u: Use, g: Session, offsiteKinds: Set<string>, s: WorkloadCredentialOffsiteSettings): void {
  const net = u.net;
  const ip = u.e.source.ip!;
  if (u.e.details?.vpcEndpointId !== undefined || !net || net.kind === 'private' || net.kind === 'reserved') {
    u.place = 'inside';
    return;
  }
  if (net.kind === 'cloud') {
    if (net.cloud && g.home.includes(net.cloud)) {
      u.place = 'home-cloud';
      return;
    }
    u.place = 'other-cloud';
    u.netSeverity = 'medium';
    u.primary.push(
      `${ip} is in ${net.cloud ? net.cloud.toUpperCase() : 'a cloud'}, not ${homeNameOf(g)} (someone ` +
        `else's compute, as GuardDuty's InsideAWS finding reads it)`,
    );
    return;
  }
  const offsite =
    offsiteKinds.has(net.kind as NetworkKind) || (g.awsWorkload && net.kind === 'unknown' && net.asn !== undefined);
  if (offsite) {
    u.place = 'offsite';
    u.netSeverity = 'high';
    u.primary.push(
      `${ip} is outside ${homeNameOf(g)} (${describeNet(net, ip)}; GuardDuty InstanceCredentialExfiltration.OutsideAWS)`,
    );
    return;
  }
  if (net.kind === 'unknown' && s.flagUnknownNetwork) {
    u.place = 'offsite';
    u.netSeverity = 'low';
    u.primary.push(`${ip} is on a network intel cannot place`);
  }
}

function homeNameOf(g: Session): string {
  return g.home.join('/').toUpperCase();
}

/** Why `c` is not the workload's own client, or undefined when it plausibly is. */
function clientChange(c: Client, home: Home): string | undefined {
  if (c.os && home.oses.size > 0 && !home.oses.has(c.os))
    return `the client changed from ${topClients(home)} to ${c.label}`;
  if (c.scripting && !home.tools.has(c.tool))
    return `a client the workload never used: ${c.label} (it uses ${topClients(home)})`;
  if (!c.env && home.envUses > 0 && home.plainUses === 0) {
    return `${c.label} lacks the runtime marker every earlier call carried (${topClients(home)}): not the workload's own runtime`;
  }
  return undefined;
}

function addSupport(
  u: Use,
  g: Session,
  home: Home,
  s: WorkloadCredentialOffsiteSettings,
  keysReported: Map<string, string>,
): void {
  const ip = u.e.source.ip;
  if (g.instance && u.place === 'home-cloud' && ip && home.publicAddrs.size > 0 && !home.publicAddrs.has(ip)) {
    u.support.push(
      `${ip} is another AWS address than the instance's own (${[...home.publicAddrs].slice(0, 3).join(', ')})`,
    );
  }
  const k = u.e.credential?.id;
  if (!k || home.keys.size === 0) return;
  // Each key is explained once (its first use away from home); later uses keep the same reason.
  const said = keysReported.get(k);
  if (said) {
    u.support.push(said);
    return;
  }
  const t = u.e.time;
  const mine = home.keys.get(k);
  if (!mine) {
    const active = [...home.keys]
      .filter(([, w]) => w.first - 3_600_000 <= t && t <= w.last + 3_600_000)
      .map(([id]) => id);
    if (active.length) {
      const why = `access key ${k} is not the key the workload was using at the time (${active.slice(0, 2).join(', ')})`;
      u.support.push(why);
      keysReported.set(k, why);
    }
    return;
  }
  let newest: [string, { first: number; last: number }] | undefined;
  for (const entry of home.keys)
    if (entry[1].first > mine.last && (!newest || entry[1].first > newest[1].first)) newest = entry;
  if (newest && t > newest[1].first + s.retiredKeyGraceMinutes * 60_000) {
    const why = `access key ${k} was still used ${Math.round((t - newest[1].first) / 60_000)} min after the workload rotated to ${newest[0]}`;
    u.support.push(why);
    keysReported.set(k, why);
  }
}

function addHome(home: Home, e: TokenEvent, c: Client | undefined, net: IpIntel | undefined): void {
  home.uses++;
  if (c) {
    if (c.os) home.oses.add(c.os);
    home.tools.add(c.tool);
    home.clients.set(c.label, (home.clients.get(c.label) ?? 0) + 1);
    if (c.env) home.envUses++;
    else home.plainUses++;
  } else home.noUaUses++;
  const ip = e.source.ip;
  if (ip) {
    home.useAddrs.add(ip);
    noteAddress(home, ip, net, e);
  }
  const k = e.credential?.id;
  if (k) {
    const w = home.keys.get(k);
    if (w) w.last = Math.max(w.last, e.time);
    else home.keys.set(k, { first: e.time, last: e.time });
  }
}

function noteAddress(home: Home, ip: string, net: IpIntel | undefined, e: TokenEvent): void {
  const vpce = e.details?.vpcEndpointId;
  // Seen before: only a VPC endpoint adds to what the analyst is told about it.
  if (home.addrs.has(ip) && (typeof vpce !== 'string' || home.addrs.get(ip)!.includes('VPC endpoint'))) return;
  const inside = vpce !== undefined || !net || net.kind === 'private' || net.kind === 'reserved';
  home.addrs.set(
    ip,
    typeof vpce === 'string'
      ? `${ip} via VPC endpoint ${vpce}`
      : inside
        ? `${ip} (${net?.kind ?? 'private'})`
        : `${ip} (${describeNet(net!, ip)})`,
  );
  if (!inside && net?.kind === 'cloud') home.publicAddrs.add(ip);
}

function describeNet(n: IpIntel, ip: string): string {
  const as = n.asn !== undefined ? `AS${n.asn}${n.asOrg ? ' ' + n.asOrg : ''}, ` : '';
  const kind = n.kind === 'unknown' ? 'public network' : n.kind;
  return `${as}${kind}${n.cloud ? ' ' + n.cloud : ''}${n.country ? ', ' + n.country : ''}` || ip;
}

function topClients(home: Home): string {
  const list = [...home.clients].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  if (!list.length) return 'no user agent';
  return list.slice(0, 3).join(', ') + (list.length > 3 ? ', …' : '');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function whoOf(g: Session, first: TokenEvent): string {
  if (g.ci) return `The CI credential ${first.credential?.id ?? first.actor.id}`;
  const name = sessionNameOf(first);
  const role = first.actor.issuer ? first.actor.issuer.slice(first.actor.issuer.lastIndexOf('/') + 1) : undefined;
  const delivery = first.details?.ec2RoleDelivery;
  const extra = [
    role ? `role ${role}` : '',
    delivery === '1.0' ? 'credentials from IMDSv1' : delivery === '2.0' ? 'credentials from IMDSv2' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const tail = extra ? ` (${extra})` : '';
  if (g.instance && name && INSTANCE_SESSION.test(name)) return `Instance ${name}'s role session${tail}`;
  if (g.instance) return `The instance-profile session ${first.actor.id}${tail}`;
  if (name && TASK_SESSION.test(name)) return `ECS task ${name}'s role session${tail}`;
  const env = g.events.map((e) => clientOf(e.source.userAgent)?.env).find((x) => x !== undefined);
  if (env && /lambda/i.test(env) && name) return `Lambda function ${name}'s role session${tail}`;
  return `The workload credential ${first.actor.id}${tail}`;
}

function toFinding(
  g: Session,
  home: Home,
  uses: Use[],
  severity: Severity,
  s: WorkloadCredentialOffsiteSettings,
): Finding {
  const first = uses[0]!.e;
  const networkOff = uses.some((u) => u.place === 'offsite' || u.place === 'other-cloud');
  const homeName = g.home.join('/').toUpperCase();
  const nets = new Map<string, string>();
  for (const u of uses) {
    const ip = u.e.source.ip ?? u.e.source.caller ?? '?';
    if (nets.size >= 6 || nets.has(ip)) continue;
    const vpce = u.e.details?.vpcEndpointId;
    nets.set(
      ip,
      typeof vpce === 'string'
        ? `${ip} via VPC endpoint ${vpce}`
        : !u.net
          ? ip
          : u.place === 'inside'
            ? `${ip} (${u.net.kind})`
            : `${ip} (${describeNet(u.net, ip)})`,
    );
  }
  const newClients = [...new Set(uses.map((u) => u.client?.label ?? 'no user agent'))];
  const signals = [...new Set(uses.flatMap((u) => [...u.primary, ...u.support]))];
  const homeAddrs = [...home.addrs.values()];
  const normally =
    home.uses > 0 || homeAddrs.length > 0
      ? `normally used from ${homeAddrs.slice(0, 4).join(', ') || 'no recorded address'}${homeAddrs.length > 4 ? ', …' : ''} with ${topClients(home)}`
      : 'has no use from its workload in this log to compare with';
  const anchors = g.ci
    ? 'Compare Elastic\'s rule "AWS Credentials Used from GitHub Actions and Non-CI/CD Infrastructure".'
    : 'Compare GuardDuty UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration (OutsideAWS/InsideAWS) ' +
      'and Panther AWS.CloudTrail.IMDSCredentialExfiltration.';
  const title = networkOff
    ? `${g.ci ? 'CI' : 'Workload'} credential of ${first.actor.id} used from outside ${homeName}`
    : `Workload credential of ${first.actor.id} used away from its workload`;
  return findingFrom(
    'workload-credential-offsite',
    {
      severity,
      title,
      detail:
        `${whoOf(g, first)} ${normally}; used from ${[...nets.values()].join(', ')} with ${newClients.slice(0, 3).join(', ')}: ` +
        `${uses.length} use(s) away from its workload, ${home.uses} at home. ` +
        `Signals: ${signals.slice(0, 8).join('; ')}${signals.length > 8 ? '; …' : ''}. ${anchors}`,
    },
    uses.map((u) => u.e),
    s.maxEvidence,
  );
}
