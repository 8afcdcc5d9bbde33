/**
 * privileged-with-token — IAM / role / key / policy changes made with a token (temporary key,
 * OAuth token, PAT) rather than in a console session: AWS IAM writes with an ASIA key, Azure
 * roleAssignments/write, GCP SetIamPolicy, Okta privilege grants with an API token, GitHub org
 * administration with a token.
 *
 * Playbook: "…sensitive resources or using elevated privileges"; T2: "anomalies in the user's
 * privilege escalation attempts".
 * Public content (docs/detections.md, 'privileged-with-token'): Elastic "AWS IAM API Calls via
 * Temporary Session Tokens" (first IAM write with an ASIA key, not a console session, 7 d
 * new_terms), Sigma "AWS IAM Backdoor Users Keys" (CreateAccessKey for another user), Elastic's
 * Kubernetes-SA and rare-ASN sensitive-action rules, Panther AWS.IAM.AccessKeyCompromised, Sentinel
 * "New Device/Location sign-in along with critical operation";
 * GuardDuty PrivilegeEscalation/Persistence AnomalousBehavior.
 *
 * Severity: `low` for a privileged change with a token; `medium` when the identity has never made
 * this change before (history 'action' dimension, warm history only); `high` when that first
 * change is one that hands out access (policy attach, new keys, role grants). Whether the token
 * or its source is new is for the verdict to combine, not for this indicator.
 *
 * False-positive lessons: console sessions carry ASIA keys — `credential.fromConsole` is
 * excluded; calls AWS services make on the identity's behalf are dropped; minting calls are
 * token-minting's, not this indicator's. A person's change made through the console (its pages in
 * the browser or its back ends, lib/model/client-kind.ts; on Google Cloud the Cloud Console's
 * browser calls carry an OAuth token like any API call) is an administrator's work: at most
 * medium, never high on its own (dftimewolf's project audit log: the project's engineer adding a
 * colleague as owner from the IAM page). Programmatic credentials from an SDK, script or tool keep
 * the full weight.
 */
import { z } from 'zod';
import type { CredentialKind, TokenEvent } from '../../model/token-event';
import { detailText } from '../../model/details';
import { identitySubject } from '../../baseline/history';
import { isFirstSeenWithWarmHistory } from '../../baseline/novelty';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';
import { isServiceInvoked, mintingCallOf } from './catalog/minting-calls';
import { clientKindOf } from '../../model/client-kind';

/** Credentials that are tokens, as opposed to console sessions, passwords and long-term keys. */
export const TOKEN_CREDENTIAL_KINDS: readonly CredentialKind[] = [
  'temporary_key',
  'oauth_access_token',
  'oauth_refresh_token',
  'pat',
];

/** Changes that hand out access: privilege escalation paths across providers. */
export const ESCALATION_ACTIONS: readonly RegExp[] = [
  /^(Attach|Put)(User|Role|Group)Policy$/,
  /^(CreatePolicyVersion|SetDefaultPolicyVersion|UpdateAssumeRolePolicy|AddUserToGroup|CreateAccessKey|CreateLoginProfile|UpdateLoginProfile|PassRole)$/,
  /roleAssignments\/write$|roleDefinitions\/write$|elevateAccess\/action$/i,
  /SetIamPolicy$|CreateServiceAccountKey$/,
  /^(Add member to role|Add app role assignment to service principal|Add owner to (application|service principal))\.?$/i,
  /^(user\.account\.privilege\.grant|group\.privilege\.grant|app\.oauth2\.client\.privilege\.grant|system\.api_token\.create)$/,
  /^(org\.(add_member|update_member)|team\.(add_member|promote_maintainer)|repo\.access|org\.disable_oauth_app_restrictions)$/,
  /^(ASSIGN_ROLE|GRANT_ADMIN_PRIVILEGE|ADD_PRIVILEGE|CREATE_ROLE|AUTHORIZE_API_CLIENT_ACCESS)$/,
];

export const privilegedWithTokenSettings = z.object({
  /** Medium/high only when the identity has never done this action (Elastic "AWS IAM API Calls via Temporary Session Tokens": new_terms on IAM writes). */
  weighFirstTime: z.boolean().default(true),
  /** Earlier events the identity needs before "first time" means anything (cold start otherwise). */
  minPriorEvents: z.number().int().min(0).default(1),
  /** Include failed attempts (denied IAM writes are failures-then-success's by default). */
  includeFailures: z.boolean().default(false),
  /** Drop calls an AWS service made on the identity's behalf (Elastic's invoked_by allow-list). */
  ignoreServiceInvoked: z.boolean().default(true),
  maxEvidence: maxEvidenceSetting,
});
export type PrivilegedWithTokenSettings = z.infer<typeof privilegedWithTokenSettings>;

interface Group {
  actor: string;
  token?: string;
  kind: CredentialKind;
  events: TokenEvent[];
  severity: Severity;
  actions: Map<string, number>;
  firstTime: Set<string>;
  /** Events made by a person through the console. */
  inConsole: number;
}

export const privilegedWithToken = defineIndicator({
  id: 'privileged-with-token',
  title: 'Privileged changes made with a token',
  signals: ['unusual-api-use'],
  settings: privilegedWithTokenSettings,
  evaluate(ctx: EngineContext, s: PrivilegedWithTokenSettings): Finding[] {
    const groups = new Map<string, Group>();
    const kinds = new Set<CredentialKind>(TOKEN_CREDENTIAL_KINDS);
    for (const e of ctx.events) {
      if (e.action.verb !== 'privileged') continue;
      const cred = e.credential;
      if (!cred || !kinds.has(cred.kind) || cred.fromConsole === true) continue;
      if (!s.includeFailures && !e.outcome.success) continue;
      if (s.ignoreServiceInvoked && isServiceInvoked(e)) continue;
      if (mintingCallOf(e)) continue;
      if (
        /^(iam|sts)\.amazonaws\.com$/.test(e.action.service ?? '') &&
        /^(Get|List|Simulate|Generate)/.test(e.action.name)
      )
        continue;

      const first = s.weighFirstTime && isFirstForIdentity(ctx, e, s.minPriorEvents);
      const escalation = ESCALATION_ACTIONS.some((re) => re.test(e.action.name));
      const inConsole = e.actor.kind === 'human' && clientKindOf(e) === 'console';
      let severity: Severity = first ? (escalation ? 'high' : 'medium') : 'low';
      if (inConsole && severity === 'high') severity = 'medium';

      const key = cred.id ? 'tok:' + cred.id : 'id:' + e.actor.id;
      let g = groups.get(key);
      if (!g)
        groups.set(
          key,
          (g = {
            actor: e.actor.id,
            token: cred.id,
            kind: cred.kind,
            events: [],
            severity: 'info',
            actions: new Map(),
            firstTime: new Set(),
            inConsole: 0,
          }),
        );
      g.events.push(e);
      g.severity = maxSeverity(g.severity, severity);
      g.actions.set(e.action.name, (g.actions.get(e.action.name) ?? 0) + 1);
      if (first) g.firstTime.add(e.action.name);
      if (inConsole) g.inConsole += 1;
    }
    const out: Finding[] = [];
    for (const g of groups.values()) {
      const actions = [...g.actions].map(([a, n]) => (n > 1 ? `${a} ×${n}` : a));
      const facts = [
        `${g.events.length} privileged change${g.events.length > 1 ? 's' : ''} with ${kindWords(g.kind)}${g.token ? ' ' + g.token : ''} ` +
          `(not a console session): ${listSome(actions, 10)}`,
      ];
      if (g.firstTime.size) facts.push(`first time this identity does ${listSome(g.firstTime, 6)}`);
      const targets = new Set(
        g.events
          .map((e) => e.target?.name ?? e.target?.id ?? detailText(e, 'targetUser'))
          .filter((t): t is string => !!t),
      );
      if (targets.size) facts.push(`targets ${listSome(targets, 6)}`);
      if (g.inConsole)
        facts.push(
          `${g.inConsole === g.events.length ? 'all' : g.inConsole} made by a person in the console: an administrator's change unless other signals agree`,
        );
      out.push(
        findingFrom(
          'privileged-with-token',
          {
            severity: g.severity,
            title: g.firstTime.size
              ? `${g.actor} made a first-time privileged change with ${kindWords(g.kind)}`
              : `${g.actor} made privileged changes with ${kindWords(g.kind)}`,
            detail: facts.join('; '),
          },
          g.events,
          s.maxEvidence,
          g.firstTime.size ? { restsOn: 'first-seen' } : {},
        ),
      );
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

function isFirstForIdentity(ctx: EngineContext, e: TokenEvent, minPrior: number): boolean {
  return isFirstSeenWithWarmHistory(ctx.history, identitySubject(e), 'action', e.action.name, e.time, minPrior);
}

function kindWords(kind: CredentialKind): string {
  switch (kind) {
    case 'temporary_key':
      return 'a temporary key';
    case 'oauth_access_token':
      return 'an OAuth access token';
    case 'oauth_refresh_token':
      return 'an OAuth refresh token';
    case 'pat':
      return 'an API token';
    default:
      return 'a token';
  }
}
