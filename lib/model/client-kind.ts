/**
 * Which kind of client made a call: the provider's own console (its browser pages and their back
 * ends), a cloud service acting on the caller's behalf, infrastructure as code, an SDK or CLI, a
 * generic scripting library, a plain browser, or attacker tooling. One answer per record, from
 * the user agent and the log's own fields (CloudTrail `invokedBy`, `sessionCredentialFromConsole`,
 * a service name where the source address would be), for every provider.
 *
 * Why: a console page load fires dozens of List/Describe/Get calls whose user agents are the
 * console's own front and back ends (`aws-internal/3 aws-sdk-java/…`, `[S3Console/0.4, …]`,
 * `EC2ConsoleFrontend`, `console.ec2.amazonaws.com`, `AWS Internal`, a browser with a console
 * session; on Google Cloud a browser user agent the front end stamps `,gzip(gfe)`). Those bursts
 * and those Java SDK user agents are the console working, not a second client holding the
 * session's credentials (Permiso CloudConsoleCartographer maps them to single console clicks; the
 * Sigma rule "AWS Console GetSigninToken Potential Abuse" filters the sign-in back end's
 * `Jersey/${project.version}` user agent for the same reason). Terraform, CloudFormation, CDK,
 * Pulumi and Crossplane refreshes look the same. Attacker tooling is checked first, so a tool that
 * names itself inside an SDK user agent is still the tool.
 *
 * Log text is hostile: user agents are only matched, never interpreted further.
 */
import type { TokenEvent } from './token-event';

export const CLIENT_KINDS = ['console', 'service', 'iac', 'sdk', 'scripting', 'browser', 'tool', 'unknown'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** What an analyst reads for each kind. */
export const CLIENT_KIND_WORDS: Record<ClientKind, string> = {
  console: 'the console',
  service: 'a cloud service acting for the caller',
  iac: 'infrastructure as code',
  sdk: 'an SDK or command-line tool',
  scripting: 'a scripting library',
  browser: 'a web browser',
  tool: 'attacker tooling',
  unknown: 'an unrecognised client',
};

/** The console's own traffic, a service acting for the caller, infrastructure as code: context, not a second client. */
export function isManagedClient(kind: ClientKind): boolean {
  return kind === 'console' || kind === 'service' || kind === 'iac';
}

export interface UaRule {
  name: string;
  pattern: RegExp;
  /** Public rule(s) or documentation that name it, by their own names. */
  source: string;
}

/** Offensive tooling: attacker tooling wherever it appears. */
export const OFFENSIVE_USER_AGENTS: readonly UaRule[] = [
  {
    name: 'TruffleHog',
    pattern: /trufflehog/i,
    source:
      'Sigma "AWS STS GetCallerIdentity by TruffleHog" and "TruffleHog user agent"; Elastic "AWS Suspicious User Agent Fingerprint"',
  },
  {
    name: 'Kali Linux',
    pattern: /distrib#kali|[+-]kali\b|kali[0-9]*-amd64|\bkali linux\b/i,
    source:
      'Elastic "AWS Suspicious User Agent Fingerprint" (distrib#kali, +kali); GuardDuty PenTest:IAMUser/KaliLinux',
  },
  {
    name: 'Parrot OS',
    pattern: /distrib#parrot|[+-]parrot\b|\bparrot ?os\b/i,
    source: 'GuardDuty PenTest:IAMUser/ParrotLinux',
  },
  {
    name: 'Pentoo',
    pattern: /distrib#pentoo|[+-]pentoo\b|\bpentoo\b/i,
    source: 'GuardDuty PenTest:IAMUser/PentooLinux',
  },
  {
    name: 'Pacu',
    pattern: /\bpacu\b/i,
    source: 'Rhino Security Labs Pacu (AWS exploitation framework); Elastic offensive-tool user agents',
  },
  {
    name: 'aws_consoler',
    pattern: /aws[_-]?consoler/i,
    source:
      'aws_consoler (turns stolen keys into a console session); Sigma "AWS Console GetSigninToken Potential Abuse"',
  },
  {
    name: 'ScoutSuite',
    pattern: /scout ?suite/i,
    source: 'NCC Group ScoutSuite (cloud auditing tool, also used for reconnaissance)',
  },
  { name: 'CloudFox', pattern: /\bcloudfox\b/i, source: 'Bishop Fox CloudFox (cloud reconnaissance tool)' },
  { name: 'AzureHound', pattern: /azurehound/i, source: 'Sigma "AzureHound user agent"' },
  { name: 'ROADtools', pattern: /roadtools|roadrecon|roadtx/i, source: 'Elastic ROADrecon rules' },
  { name: 'TeamFiltration', pattern: /teamfiltration/i, source: 'Elastic TeamFiltration rules' },
  { name: 'Kali365', pattern: /kali365/i, source: 'Elastic Kali365 rules' },
  { name: 'BAV2ROPC', pattern: /bav2ropc/i, source: 'Sigma "MFA bypass via legacy client BAV2ROPC"' },
];

/** Generic scripting / HTTP libraries: suspicious where the identity normally uses something else. */
export const SCRIPTING_USER_AGENTS: readonly UaRule[] = [
  {
    name: 'python-requests',
    pattern: /python-requests/i,
    source: 'Elastic "Okta AiTM Session Cookie Replay" (scripted user agents)',
  },
  { name: 'curl', pattern: /^curl\/|\bcurl\/\d/i, source: 'Elastic "Okta AiTM Session Cookie Replay"' },
  { name: 'httpx', pattern: /python-httpx|\bhttpx\//i, source: 'Elastic "Okta AiTM Session Cookie Replay"' },
  { name: 'aiohttp', pattern: /aiohttp/i, source: 'Elastic "Okta AiTM Session Cookie Replay"' },
  { name: 'Go-http-client', pattern: /go-http-client/i, source: 'Elastic "Okta AiTM Session Cookie Replay"' },
  { name: 'okhttp', pattern: /okhttp/i, source: 'Elastic "Okta AiTM Session Cookie Replay"' },
  { name: 'Java', pattern: /(^|\s)java\/\d/i, source: 'Elastic "Okta AiTM Session Cookie Replay"' },
  { name: 'headless browser', pattern: /headless/i, source: 'Elastic "Okta AiTM Session Cookie Replay" (Headless)' },
  { name: 'axios', pattern: /\baxios\//i, source: 'Sigma hunting "Azure AD sign-in with axios user agent"' },
  {
    name: 'MSAL for Python',
    pattern: /msal\.python|python-msal/i,
    source: 'python-msal, used by token tooling; no single public rule',
  },
];

/** Console front and back ends (AWS user agents the console's servers and pages send). */
const CONSOLE_USER_AGENTS: readonly RegExp[] = [
  /\baws-internal\/\d/i, // console back ends: `aws-internal/3 aws-sdk-java/…`, `[S3Console/0.4, aws-internal/3 …]`
  /^\[?[A-Za-z0-9]+Console(Frontend)?\//, // `S3Console/0.4`, `EC2ConsoleFrontend/…`
  /\bEC2ConsoleFrontend\b|^RDS Console\b|^\[?AWSCloudTrail\b/,
  /^console(\.[a-z0-9-]+)?\.amazonaws\.com$/i, // `console.ec2.amazonaws.com`, `console.amazonaws.com`
  /^AWS Internal$/i,
  /^signin\.amazonaws\.com$/i,
];

/** Infrastructure as code: Terraform, CloudFormation, CDK, Pulumi, Crossplane, Deployment Manager. */
const IAC_USER_AGENTS: readonly RegExp[] = [
  /\bHashiCorp\/|\bTerraform\/|terraform-provider-/i,
  // Not a bare "cloudformation": AWS CLI v2 user agents carry `command/cloudformation.describe-stacks`.
  /^cloudformation\.amazonaws\.com$|\bCloudFormation\/|aws-cloudformation-/i,
  /\baws-cdk\b|\bcdk-cli\b|\bAWS-CDK\b/i,
  /\bpulumi\b/i,
  /\bcrossplane\b|upbound\/provider-/i,
  /^deploymentmanager\.googleapis\.com$|google-deployment-manager/i,
];

/** SDKs and command-line tools of the providers. */
const SDK_USER_AGENTS: readonly RegExp[] = [
  /\baws-cli\/|\baws-sdk-|\bBoto3\/|\bbotocore\/|\bAWSPowerShell\b|\baws-toolkit-/i,
  /google-cloud-sdk|\bgcloud\b|google-api-[a-z-]+-client|\bgl-[a-z]+\/|\bgoogle-cloud-[a-z-]+\/|\bgrpc-[a-z]+\//i,
  /\bazsdk-|\bAzure-SDK|\bAzurePowershell|\bazure-cli\/|\bMicrosoft Azure Graph Client|\bAzure CLI\b|\bAZURECLI\//i,
  /\bokta-sdk-|\boctokit|\bGitHub CLI\b|^gh\/|^git\/\d|\bPyGithub\b|\bJGit\//i,
];

const SERVICE_PRINCIPAL_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com|googleapis\.com)$/i;
const BROWSER = /^Mozilla\/\d/;

/** The facts the classification reads, provider-neutral. */
export interface ClientFacts {
  provider: TokenEvent['provider'];
  userAgent?: string;
  /** CloudTrail `userIdentity.invokedBy` (a service name, `AWS Internal`). */
  invokedBy?: string;
  /** What the log has where a source address would be, when it is not an IP (a service name, `AWS Internal`). */
  caller?: string;
  /** CloudTrail `sessionCredentialFromConsole`. */
  fromConsole?: boolean;
  /** The actor is the provider's own service (CloudTrail AWSService). */
  serviceActor?: boolean;
  /** The service the call went to (`signin.amazonaws.com`). */
  service?: string;
}

export interface ClientClass {
  kind: ClientKind;
  /** The tool, library or console part that matched (`TruffleHog`, `S3 console`, `Terraform`…). */
  name?: string;
}

/** Classify one call's client. Attacker tooling first, then what the log itself says, then the user agent. */
export function classifyClient(f: ClientFacts): ClientClass {
  const ua = f.userAgent?.trim() ?? '';
  if (ua) {
    const off = OFFENSIVE_USER_AGENTS.find((r) => r.pattern.test(ua));
    if (off) return { kind: 'tool', name: off.name };
  }
  const invokedBy = f.invokedBy?.trim();
  if (invokedBy) {
    if (/^cloudformation\.amazonaws\.com$/i.test(invokedBy)) return { kind: 'iac', name: 'CloudFormation' };
    if (/^console(\.[a-z0-9-]+)?\.amazonaws\.com$|^signin\.amazonaws\.com$/i.test(invokedBy))
      return { kind: 'console', name: invokedBy };
    return { kind: 'service', name: invokedBy };
  }
  if (f.serviceActor) return { kind: 'service' };
  if (ua) {
    const byUa = classifyUserAgent(ua, f);
    if (byUa) return byUa;
  }
  // No user agent, or one that says nothing: a service name where the address would be.
  const caller = f.caller?.trim();
  if (caller && (SERVICE_PRINCIPAL_HOST.test(caller) || /^AWS Internal$/i.test(caller))) {
    if (/^cloudformation\.amazonaws\.com$/i.test(caller)) return { kind: 'iac', name: 'CloudFormation' };
    return { kind: 'service', name: caller };
  }
  if (f.fromConsole) return { kind: 'console', name: 'console session' };
  return { kind: 'unknown' };
}

function classifyUserAgent(ua: string, f: ClientFacts): ClientClass | undefined {
  if (CONSOLE_USER_AGENTS.some((re) => re.test(ua))) return { kind: 'console', name: consoleName(ua) };
  // The AWS sign-in back end: `Jersey/${project.version} (HttpUrlConnection …)` on signin events only.
  if (/^Jersey\//.test(ua) && f.service === 'signin.amazonaws.com') return { kind: 'console', name: 'AWS sign-in' };
  if (IAC_USER_AGENTS.some((re) => re.test(ua))) return { kind: 'iac', name: iacName(ua) };
  if (SERVICE_PRINCIPAL_HOST.test(ua)) return { kind: 'service', name: ua };
  // A headless browser is automation wearing a browser's user agent (Elastic "Okta AiTM Session
  // Cookie Replay"): judged before the browser rule, which it would otherwise match.
  if (/headless/i.test(ua)) return { kind: 'scripting', name: 'headless browser' };
  if (BROWSER.test(ua)) {
    // Google's front end stamps `,gzip(gfe)` on what the Cloud Console sends from the browser.
    if (f.provider === 'gcp' && /,gzip\(gfe\)/.test(ua)) return { kind: 'console', name: 'Google Cloud console' };
    // AWS: the record itself must say the console signed the call (sessionCredentialFromConsole):
    // a browser user agent alone is free for anyone holding stolen keys to send. Google Cloud's
    // audit logs have no such flag, and its APIs take browser calls from the Cloud Console's own
    // pages (not every one carries the gfe stamp, e.g. SetIamPolicy): there a browser is the console.
    if (f.fromConsole || f.provider === 'gcp')
      return { kind: 'console', name: f.provider === 'gcp' ? 'Google Cloud console' : 'AWS console (browser)' };
    return { kind: 'browser' };
  }
  if (SDK_USER_AGENTS.some((re) => re.test(ua))) return { kind: 'sdk' };
  const sc = SCRIPTING_USER_AGENTS.find((r) => r.pattern.test(ua));
  if (sc) return { kind: 'scripting', name: sc.name };
  return undefined;
}

function consoleName(ua: string): string {
  const m =
    /^\[?([A-Za-z0-9]+Console(Frontend)?)\//.exec(ua) ?? /\b(EC2ConsoleFrontend|RDS Console|AWSCloudTrail)\b/.exec(ua);
  if (m) return m[1]!;
  if (/aws-internal/i.test(ua)) return 'AWS console back end';
  return ua.length > 40 ? ua.slice(0, 40) : ua;
}

function iacName(ua: string): string {
  if (/terraform|hashicorp/i.test(ua)) return 'Terraform';
  if (/cloudformation/i.test(ua)) return 'CloudFormation';
  if (/cdk/i.test(ua)) return 'AWS CDK';
  if (/pulumi/i.test(ua)) return 'Pulumi';
  if (/crossplane|upbound/i.test(ua)) return 'Crossplane';
  return 'Deployment Manager';
}

/** The facts of one normalized event. */
export function clientFactsOf(e: TokenEvent): ClientFacts {
  const f: ClientFacts = { provider: e.provider };
  if (e.source.userAgent) f.userAgent = e.source.userAgent;
  const by = e.details?.['invokedBy'];
  if (typeof by === 'string' && by) f.invokedBy = by;
  if (e.source.caller) f.caller = e.source.caller;
  if (e.credential?.fromConsole) f.fromConsole = true;
  if (e.actor.kind === 'service') f.serviceActor = true;
  if (e.action.service) f.service = e.action.service;
  return f;
}

const memo = new Map<string, ClientKind>();

/** The event's client kind: what its reader stored (`source.clientKind`), else classified now. */
export function clientKindOf(e: TokenEvent): ClientKind {
  if (e.source.clientKind) return e.source.clientKind;
  const f = clientFactsOf(e);
  const key =
    `${f.provider}\u0000${f.userAgent ?? ''}\u0000${f.invokedBy ?? ''}\u0000${f.caller ?? ''}\u0000` +
    `${f.fromConsole ? 1 : 0}${f.serviceActor ? 1 : 0}\u0000${f.service ?? ''}`;
  let k = memo.get(key);
  if (k === undefined) {
    k = classifyClient(f).kind;
    if (memo.size > 20_000) memo.clear();
    memo.set(key, k);
  }
  return k;
}

/**
 * Whether a user agent contains one of `needles`, ignoring case (settings such as "Terraform" or
 * "aws-credentials-for-github-actions"). Answered once per agent and list: the engine asks for
 * every event, and a trail repeats a few hundred agents.
 */
export function agentIncludesAny(ua: string | undefined, needles: readonly string[]): boolean {
  if (!ua) return false;
  let memo = agentMatchMemo.get(needles);
  if (!memo) agentMatchMemo.set(needles, (memo = { lower: needles.map((n) => n.toLowerCase()), answers: new Map() }));
  let hit = memo.answers.get(ua);
  if (hit === undefined) {
    const lower = ua.toLowerCase();
    hit = memo.lower.some((n) => lower.includes(n));
    if (memo.answers.size > 5_000) memo.answers.clear();
    memo.answers.set(ua, hit);
  }
  return hit;
}
const agentMatchMemo = new WeakMap<readonly string[], { lower: string[]; answers: Map<string, boolean> }>();
