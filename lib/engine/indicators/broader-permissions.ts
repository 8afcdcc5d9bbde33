/**
 * broader-permissions — minted credentials broader than the caller: an inline session policy
 * with `Action: "*"` / `Resource: "*"` / `NotAction`, AdministratorAccess or *FullAccess managed
 * policies, a duration beyond 24 h, a federated name that is not the caller, role chaining,
 * AssumeRoot, cross-account AssumeRole, GCP impersonation-role grants and multi-hop delegation.
 *
 * Playbook: "…particularly those creating permissions that are broader than the original user's".
 * Public content (docs/detections.md, 'broader-permissions'): Elastic "AWS STS GetFederationToken
 * with AdministratorAccess in Request", the hunt "STS Suspicious Federated Temporary Credential
 * Request" (durationSeconds > 86 400, name ≠ caller), "AWS STS Role Chaining", "GCP IAM Service
 * Account Impersonation Role Granted" (serviceAccountTokenCreator / serviceAccountUser /
 * serviceAccountOpenIdTokenCreator grants), attack simulations' federation token for everything
 * (GetFederationToken with `{"Action":"*","Resource":"*"}`), SCC ETD multistep delegation. Nobody
 * else parses the inline policy JSON: it is parsed here, and when it
 * is truncated or invalid the text is searched instead (and the detail says so).
 *
 * GCP service-account impersonation: a user (or another service account) that has a token minted
 * or a JWT/blob signed *as* a service account (iamcredentials GenerateAccessToken, GenerateIdToken,
 * SignJwt, SignBlob, permission granted) acts with that account's roles, not its own: medium
 * (Panther GCP.IAM.serviceAccounts.getAccessToken.Privilege.Escalation / signJwt / signBlob;
 * Stratus Red Team gcp.privilege-escalation.impersonate-service-accounts). Not counted: a service
 * account minting for itself (token-minting judges the credential it used), Google's own first-party
 * principals (a `…@prod.google.com` delegator, `…@system.gserviceaccount.com`, service agents
 * `service-…@gcp-sa-….iam.gserviceaccount.com`); federated workload identities (workload identity
 * pools, GKE `….svc.id.goog[namespace/ksa]`) exist to be exchanged for a service account: info, shown
 * so the analyst can check the binding, never adding to the verdict.
 *
 * False-positive lessons: calls an AWS service made on the identity's behalf are dropped;
 * a `Resource: "*"` with narrow actions is common and stays `low`.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { methodName } from '../../model/verb';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { clip, findingFrom, maxSeverity, maxEvidenceSetting } from '../finding';
import { GCP_MINTED_WORDS, isServiceInvoked, mintingCallOf, sameServiceAccount } from './catalog/minting-calls';
import { detailText } from '../../model/details';
import { arnAccount, callerAccount, callerUserName, isRoleSession } from './catalog/aws-principal';

/** AWS calls whose request can carry a session policy / managed policy ARNs / duration. */
export const POLICY_BEARING_CALLS = [
  'GetFederationToken',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
] as const;

/** Managed policies that grant everything (Elastic's GetFederationToken AdministratorAccess rule) or everything over IAM. */
export const ADMIN_POLICY_NAMES = ['AdministratorAccess', 'IAMFullAccess'] as const;
/** `*FullAccess` managed policies: broad over one service. */
export const FULL_ACCESS_POLICY = /FullAccess$/;

/** GCP roles that let a member mint tokens as / act as a service account (Elastic "GCP IAM Service Account Impersonation Role Granted"). */
export const IMPERSONATION_ROLES = [
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountOpenIdTokenCreator',
  'roles/iam.workloadIdentityUser',
] as const;
/** Public members: anybody can then impersonate. */
export const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'] as const;

export const broaderPermissionsSettings = z.object({
  /** Elastic's federated-credential hunt: session longer than this is broader than a normal session (GetFederationToken max is 129 600). */
  maxDurationSeconds: z.number().int().min(0).default(86_400),
  /** SCC "Anomalous Multistep Service Account Delegation": more hops than this in a delegation chain. */
  maxDelegationHops: z.number().int().min(0).default(1),
  /** Elastic's federated-credential hunt: GetFederationToken `name` different from the calling user. */
  checkFederatedName: z.boolean().default(true),
  /** Elastic "AWS STS Role Chaining": an assumed-role session assuming another role. */
  checkRoleChaining: z.boolean().default(true),
  /** AssumeRole into a role of another account, first time this identity goes there in the loaded events. */
  checkCrossAccount: z.boolean().default(true),
  /** Drop calls an AWS service made on the identity's behalf (Elastic's invoked_by allow-list, elastic/detection-rules#4425). */
  ignoreServiceInvoked: z.boolean().default(true),
  maxEvidence: maxEvidenceSetting,
});
export type BroaderPermissionsSettings = z.infer<typeof broaderPermissionsSettings>;

interface Fact {
  severity: Severity;
  /** Short label used for grouping and the title. */
  label: string;
  /** The concrete values. */
  text: string;
}

export const broaderPermissions = defineIndicator({
  id: 'broader-permissions',
  title: 'Minted credentials broader than the caller',
  signals: ['token-minting', 'unusual-api-use'],
  settings: broaderPermissionsSettings,
  evaluate(ctx: EngineContext, s: BroaderPermissionsSettings): Finding[] {
    const groups = new Map<string, { facts: Fact[]; events: TokenEvent[]; actor: string; action: string }>();
    const crossSeen = new Set<string>();
    for (const e of ctx.events) {
      if (!e.outcome.success) continue;
      let facts: Fact[];
      if (e.provider === 'aws') {
        if (!(POLICY_BEARING_CALLS as readonly string[]).includes(e.action.name)) continue;
        if (s.ignoreServiceInvoked && isServiceInvoked(e)) continue;
        facts = awsFacts(e, s, crossSeen);
      } else if (e.provider === 'gcp') {
        facts = gcpFacts(e, s);
      } else continue;
      if (!facts.length) continue;
      const key = [e.actor.id, e.action.name, facts.map((f) => f.text).join('|')].join('\u0000');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { facts, events: [], actor: e.actor.id, action: e.action.name }));
      g.events.push(e);
    }
    const out: Finding[] = [];
    for (const g of groups.values()) {
      const severity = g.facts.reduce<Severity>((m, f) => maxSeverity(m, f.severity), 'info');
      const n = g.events.length;
      out.push(
        findingFrom(
          'broader-permissions',
          {
            severity,
            title: `${methodName(g.action)} by ${g.actor} ${g.facts.map((f) => f.label).join(', ')}`,
            detail: `${methodName(g.action)}${n > 1 ? ` (${n} calls)` : ''}: ${g.facts.map((f) => f.text).join('; ')}`,
          },
          g.events,
          s.maxEvidence,
        ),
      );
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

function awsFacts(e: TokenEvent, s: BroaderPermissionsSettings, crossSeen: Set<string>): Fact[] {
  const facts: Fact[] = [];
  const d = e.details ?? {};
  const call = e.action.name;

  const policy = assessPolicy(d['policy']);
  if (policy) {
    const how = policy.parsed ? '' : ' (policy text truncated or invalid: matched by text)';
    if (policy.actionStar) {
      facts.push({
        severity: 'high',
        label: 'with an Action:* session policy',
        text: `session policy allows Action "*"${policy.resourceStar ? ' on Resource "*"' : ''}: ${policy.evidence}${how}`,
      });
    } else if (policy.notAction) {
      facts.push({
        severity: 'medium',
        label: 'with an Allow+NotAction session policy',
        text: `session policy allows everything except a list (NotAction): ${policy.evidence}${how}`,
      });
    } else if (policy.resourceStar) {
      facts.push({
        severity: 'low',
        label: 'with a Resource:* session policy',
        text: `session policy allows Resource "*": ${policy.evidence}${how}`,
      });
    }
  }

  const arns = stringList(d['policyArns']);
  const admin = arns.filter((a) => (ADMIN_POLICY_NAMES as readonly string[]).includes(a.slice(a.lastIndexOf('/') + 1)));
  const full = arns.filter((a) => !admin.includes(a) && FULL_ACCESS_POLICY.test(a));
  if (admin.length)
    facts.push({
      severity: 'high',
      label: 'with AdministratorAccess',
      text:
        `managed policies ${admin.map((a) => clip(a, 120)).join(', ')}: every action on every resource ` +
        `(Elastic's GetFederationToken with AdministratorAccess rule)`,
    });
  if (full.length)
    facts.push({
      severity: 'medium',
      label: 'with *FullAccess',
      text: `managed policies ${full.map((a) => clip(a, 120)).join(', ')}`,
    });

  const duration = typeof d['durationSeconds'] === 'number' ? d['durationSeconds'] : Number(d['durationSeconds']);
  if (Number.isFinite(duration) && duration > s.maxDurationSeconds) {
    facts.push({
      severity: 'medium',
      label: `for ${(duration / 3600).toFixed(1)} h`,
      text: `durationSeconds ${duration} > ${s.maxDurationSeconds}: credentials that outlive a working day`,
    });
  }

  if (call === 'GetFederationToken' && s.checkFederatedName) {
    const fed = d['federatedName'];
    const caller = callerUserName(e);
    if (typeof fed === 'string' && fed && caller && fed.toLowerCase() !== caller.toLowerCase()) {
      facts.push({
        severity: 'low',
        label: 'under another name',
        text: `federated name "${clip(fed, 64)}" is not the caller's user name "${clip(caller, 64)}"`,
      });
    }
  }

  if (call === 'AssumeRoot') {
    facts.push({
      severity: 'medium',
      label: 'as root',
      text: `root session minted${typeof d['targetPrincipal'] === 'string' ? ' for ' + d['targetPrincipal'] : ''}: root can do what no policy limits`,
    });
  }

  if (call === 'AssumeRole') {
    const role = typeof d['roleArn'] === 'string' ? d['roleArn'] : undefined;
    if (s.checkRoleChaining && isRoleSession(e)) {
      facts.push({
        severity: 'low',
        label: 'by role chaining',
        text: `role session ${clip(e.actor.id, 120)} assumed ${role ? clip(role, 120) : 'another role'} (role chaining)`,
      });
    }
    const from = callerAccount(e);
    const to = arnAccount(role);
    if (s.checkCrossAccount && from && to && from !== to) {
      const k = `${e.actor.id}\u0000${to}`;
      if (!crossSeen.has(k)) {
        crossSeen.add(k);
        facts.push({
          severity: 'low',
          label: 'into another account',
          text: `cross-account: caller account ${from} → role account ${to} (${clip(role!, 120)}), first time in these events`,
        });
      }
    }
  }
  return facts;
}

function gcpFacts(e: TokenEvent, s: BroaderPermissionsSettings): Fact[] {
  const facts: Fact[] = [];
  const d = e.details ?? {};
  if (/SetIamPolicy$/.test(e.action.name)) {
    for (const delta of stringList(d['bindingDeltas'])) {
      const [action, role, ...rest] = delta.trim().split(/\s+/);
      const member = rest.join(' ');
      if (action?.toUpperCase() !== 'ADD' || !role || !(IMPERSONATION_ROLES as readonly string[]).includes(role))
        continue;
      const isPublic = (PUBLIC_MEMBERS as readonly string[]).some((p) => member === p || member.endsWith(':' + p));
      facts.push({
        severity: isPublic ? 'high' : 'medium',
        label: `granting ${role.slice(role.lastIndexOf('.') + 1)}`,
        text:
          `impersonation role ${role} granted to ${clip(member || '(member not logged)', 120)}` +
          `${e.target?.name || e.target?.id ? ' on ' + clip((e.target.name ?? e.target.id)!, 120) : ''}: ` +
          `the member can then act as the service account`,
      });
    }
  }
  const imp = impersonationFact(e);
  if (imp) facts.push(imp);
  const chain = stringList(d['delegationChain']);
  if (chain.length > s.maxDelegationHops) {
    facts.push({
      severity: 'medium',
      label: `through ${chain.length} delegation hops`,
      text: `service-account delegation chain of ${chain.length} hops > ${s.maxDelegationHops}: ${chain.map((c) => clip(c, 80)).join(' → ')}`,
    });
  }
  return facts;
}

/** Principals that are Google itself acting for the customer (first-party delegation, service agents). */
const GOOGLE_FIRST_PARTY = [
  /@prod\.google\.com$/i,
  /@system\.gserviceaccount\.com$/i,
  /@cloudservices\.gserviceaccount\.com$/i,
  /@gcp-sa-[a-z0-9-]+\.iam\.gserviceaccount\.com$/i,
];
/** Federated workload identities, made to be exchanged for a service account. */
const FEDERATED_WORKLOAD = [/\/workloadIdentityPools\//i, /^principalSet:\/\//i, /\.svc\.id\.goog\[/i];

/** A principal other than the service account had a credential minted or signed as it. */
function impersonationFact(e: TokenEvent): Fact | undefined {
  const call = mintingCallOf(e);
  const words = call ? GCP_MINTED_WORDS[call] : undefined;
  const sa = detailText(e, 'impersonated');
  if (!words || !sa || e.details?.['granted'] === false) return undefined;
  const who = e.actor.id;
  if (who === 'unknown' || sameServiceAccount(who, sa)) return undefined;
  const firstParty = [who, e.actor.issuer ?? ''].some((p) => GOOGLE_FIRST_PARTY.some((re) => re.test(p)));
  if (firstParty) return undefined;
  const saName = clip(sa, 100);
  const whoName = clip(who, 100);
  if (FEDERATED_WORKLOAD.some((re) => re.test(who))) {
    return {
      severity: 'info',
      label: 'as a service account (federated workload)',
      text:
        `federated workload identity ${whoName} ${words} as service account ${saName}: the exchange ` +
        `such identities exist for; check that this pool or cluster binding is the one configured for ${saName}`,
    };
  }
  const short = whoName.replace(/@.*$/, '@');
  if (/\.gserviceaccount\.com$/i.test(who) || /^serviceAccount:/i.test(who)) {
    return {
      severity: 'medium',
      label: 'impersonating another service account',
      text:
        `service account ${whoName} ${words} as service account ${saName}: the credential carries ${saName}'s ` +
        `roles, not ${short}'s (one service account acting as another is a step in a privilege-escalation chain)`,
    };
  }
  const kind = who.includes('@') ? 'user' : 'caller';
  return {
    severity: 'medium',
    label: 'impersonating a service account',
    text:
      `${kind} ${whoName} ${words} as service account ${saName}: the credential carries ${saName}'s ` +
      `roles, not ${short}'s, so it is broader than the ${kind}'s own permissions`,
  };
}

function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.length > 0);
  if (typeof v === 'string' && v) return [v];
  return [];
}

export interface PolicyBreadth {
  actionStar: boolean;
  resourceStar: boolean;
  notAction: boolean;
  /** The statement(s) or text that show it, clipped. */
  evidence: string;
  /** False when the text was not valid JSON and was searched instead. */
  parsed: boolean;
}

/**
 * Reads an IAM policy document defensively: a JSON string (possibly JSON-in-a-string or
 * URL-encoded), an object, or text cut off by the log. Only Allow statements count.
 */
export function assessPolicy(raw: unknown): PolicyBreadth | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const doc = parsePolicy(raw);
  if (doc !== undefined) {
    const statements = toArray(pick(doc, 'Statement')).filter(isObject);
    let actionStar = false;
    let resourceStar = false;
    let notAction = false;
    const shown: string[] = [];
    for (const st of statements) {
      const effect = pick(st, 'Effect');
      if (typeof effect === 'string' && effect.toLowerCase() !== 'allow') continue;
      const actions = toArray(pick(st, 'Action')).filter((a): a is string => typeof a === 'string');
      const a = actions.some((x) => x === '*' || x === '*:*');
      const r = toArray(pick(st, 'Resource')).some((x) => x === '*');
      const n = pick(st, 'NotAction') !== undefined;
      if (a || r || n) shown.push(JSON.stringify(st));
      actionStar ||= a;
      resourceStar ||= r;
      notAction ||= n;
    }
    if (!actionStar && !resourceStar && !notAction) return undefined;
    return { actionStar, resourceStar, notAction, evidence: clip(shown.join(' '), 200), parsed: true };
  }
  if (typeof raw !== 'string') return undefined;
  const text = safeDecode(raw);
  const actionStar = /"Action"\s*:\s*\[?\s*"\*(:\*)?"/i.test(text);
  const resourceStar = /"Resource"\s*:\s*\[?\s*"\*"/i.test(text);
  const notAction = /"NotAction"\s*:/i.test(text);
  if (!actionStar && !resourceStar && !notAction) return undefined;
  return { actionStar, resourceStar, notAction, evidence: clip(text, 200), parsed: false };
}

function parsePolicy(raw: unknown): Record<string, unknown> | undefined {
  let v: unknown = raw;
  for (let i = 0; i < 3 && typeof v === 'string'; i++) {
    const t = v.trim();
    if (t.startsWith('%7B') || t.startsWith('%7b')) {
      v = safeDecode(t);
      continue;
    }
    if (!(t.startsWith('{') || t.startsWith('"'))) return undefined;
    try {
      v = JSON.parse(t);
    } catch {
      return undefined;
    }
  }
  return isObject(v) ? v : undefined;
}

function safeDecode(s: string): string {
  if (!/%[0-9a-f]{2}/i.test(s)) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick(o: Record<string, unknown>, key: string): unknown {
  if (key in o) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function toArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}
