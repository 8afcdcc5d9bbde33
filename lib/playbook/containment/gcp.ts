/**
 * Google Cloud containment actions (gcloud, bash), with the case's identities filled in.
 *
 * What it handles and why: on GCP a stolen application token is a service-account key (a JSON
 * key file: disable, then delete it), or a short-lived token minted by impersonation
 * (GenerateAccessToken / SignJwt / SignBlob by a principal holding Token Creator on the service
 * account: remove that binding; disable the service account if it must stop now). Then review
 * (org policies that forbid or expire keys, Policy Analyzer) and monitoring (a log-based metric
 * on token minting for the service account, to alert on).
 *
 * Values: service-account emails from actors, key names (`projects/P/serviceAccounts/SA/keys/K`)
 * and iamcredentials targets; impersonators from the caller of a minting call or the delegation
 * chain (issuer). Each is shape-checked (SA email, 40-hex key id, project id, mail address) and
 * bash-quoted; anything else is a placeholder in `missing`.
 */
import type { Case } from '../../model/case';
import type { ContainmentAction } from './types';
import {
  SHAPES,
  type ActionDef,
  type Fill,
  bashQuote,
  blankBetween,
  buildActions,
  caseSlug,
  eventsFor,
  flaggedFirst,
  orPlaceholder,
} from './shared';

export interface GcpFacts {
  serviceAccounts: string[];
  keys: { sa: string; keyId: string; project?: string }[];
  /** Principals that minted tokens for a service account (member: `user:…` / `serviceAccount:…`). */
  impersonations: { member: string; sa: string }[];
  humans: string[];
}

const MINTING = /^(?:GenerateAccessToken|GenerateIdToken|SignJwt|SignBlob)$/;

function memberOf(principal: string): string | undefined {
  if (SHAPES.gcpServiceAccount.test(principal)) return `serviceAccount:${principal}`;
  if (SHAPES.email.test(principal)) return `user:${principal}`;
  return undefined;
}

/** The project a service account belongs to, from its email (`sa@PROJECT.iam.gserviceaccount.com`). */
export function projectOfServiceAccount(sa: string): string | undefined {
  const p = /@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(sa)?.[1];
  return p !== undefined && SHAPES.gcpProject.test(p) ? p : undefined;
}

export function gcpFacts(c: Case): GcpFacts {
  const events = flaggedFirst(eventsFor(c, 'gcp'));
  const f: GcpFacts = { serviceAccounts: [], keys: [], impersonations: [], humans: [] };
  const addSa = (sa: string | undefined): void => {
    if (sa !== undefined && SHAPES.gcpServiceAccount.test(sa) && !f.serviceAccounts.includes(sa))
      f.serviceAccounts.push(sa);
  };
  const addImp = (member: string | undefined, sa: string | undefined): void => {
    if (!member || sa === undefined || !SHAPES.gcpServiceAccount.test(sa)) return;
    if (!f.impersonations.some((i) => i.member === member && i.sa === sa)) f.impersonations.push({ member, sa });
  };
  const principals = [...events.map((e) => e.actor), ...(events.length ? [c.subject.id] : [])];
  for (const p of principals) {
    addSa(p);
    if (SHAPES.email.test(p) && !SHAPES.gcpServiceAccount.test(p) && !f.humans.includes(p)) f.humans.push(p);
  }
  for (const e of events) {
    const key = e.credentialId !== undefined ? SHAPES.gcpKeyName.exec(e.credentialId) : null;
    if (key && SHAPES.gcpServiceAccount.test(key[2]!) && SHAPES.gcpKeyId.test(key[3]!)) {
      addSa(key[2]);
      const project = SHAPES.gcpProject.test(key[1]!) ? key[1] : projectOfServiceAccount(key[2]!);
      if (!f.keys.some((k) => k.keyId === key[3])) f.keys.push({ sa: key[2]!, keyId: key[3]!, project });
    } else if (
      e.credentialId !== undefined &&
      SHAPES.gcpKeyId.test(e.credentialId) &&
      SHAPES.gcpServiceAccount.test(e.actor)
    ) {
      if (!f.keys.some((k) => k.keyId === e.credentialId))
        f.keys.push({ sa: e.actor, keyId: e.credentialId, project: projectOfServiceAccount(e.actor) });
    }
    const target = e.target !== undefined ? /serviceAccounts\/([^/\s]+)/.exec(e.target)?.[1] : undefined;
    if (MINTING.test(e.action)) {
      addSa(target);
      addImp(memberOf(e.actor), target);
    }
    if (e.issuer !== undefined) addImp(memberOf(e.issuer), e.actor);
  }
  return f;
}

/** What each GCP action's command is written from. */
interface GcpContext {
  c: Case;
  f: GcpFacts;
}

const q = bashQuote;

const projectFlag = (p: string | undefined): string => (p ? ` --project=${q(p)}` : '');

/** The first project the case's service accounts belong to. */
const firstSaProject = (f: GcpFacts): string | undefined =>
  f.serviceAccounts.map(projectOfServiceAccount).find((p) => p !== undefined);

/** `keys disable` or `keys delete` for each key of the case (one with placeholders without any); disable lists each account's keys first. */
function keyLines(fill: Fill, f: GcpFacts, verb: 'disable' | 'delete'): string[] {
  const keys: { sa: string | undefined; keyId: string | undefined; project?: string }[] = f.keys.length
    ? f.keys
    : [
        {
          sa: f.serviceAccounts[0],
          keyId: undefined,
          project: f.serviceAccounts[0] ? projectOfServiceAccount(f.serviceAccounts[0]) : undefined,
        },
      ];
  const listed: string[] = [];
  return blankBetween(keys, (k) => {
    const lines: string[] = [];
    const sa = fill.q(k.sa, '<SERVICE_ACCOUNT_EMAIL>', q);
    if (verb === 'disable' && !listed.includes(sa)) {
      listed.push(sa);
      lines.push(
        `gcloud iam service-accounts keys list --iam-account=${sa} --managed-by=user${projectFlag(k.project)}`,
      );
    }
    lines.push(
      `gcloud iam service-accounts keys ${verb} ${fill.q(k.keyId, '<KEY_ID>', q)} \\`,
      `  --iam-account=${sa}${projectFlag(k.project)}`,
    );
    return lines;
  });
}

function disableSaKeys(fill: Fill, { f }: GcpContext): string[] {
  return keyLines(fill, f, 'disable');
}

function deleteSaKeys(fill: Fill, { f }: GcpContext): string[] {
  return keyLines(fill, f, 'delete');
}

function removeTokenCreator(fill: Fill, { f }: GcpContext): string[] {
  const imps: { member: string | undefined; sa: string | undefined }[] = f.impersonations.length
    ? f.impersonations
    : [{ member: undefined, sa: f.serviceAccounts[0] }];
  const lines = blankBetween(imps, (imp) => {
    const sa = fill.q(imp.sa, '<SERVICE_ACCOUNT_EMAIL>', q);
    return [
      `gcloud iam service-accounts get-iam-policy ${sa} --format=json`,
      `gcloud iam service-accounts remove-iam-policy-binding ${sa} \\`,
      `  --member=${fill.q(imp.member, '<MEMBER>', q)} \\`,
      "  --role='roles/iam.serviceAccountTokenCreator'",
    ];
  });
  lines.push(
    '',
    '# Token Creator granted on the whole project applies to every service account in it:',
    `gcloud projects get-iam-policy ${fill.q(firstSaProject(f), '<PROJECT_ID>', q)} --flatten='bindings[].members' \\`,
    "  --filter='bindings.role:roles/iam.serviceAccountTokenCreator' --format='table(bindings.role,bindings.members)'",
  );
  return lines;
}

function disableServiceAccount(fill: Fill, { f }: GcpContext): string[] {
  const lines = orPlaceholder(f.serviceAccounts).map(
    (sa) =>
      `gcloud iam service-accounts disable ${fill.q(sa, '<SERVICE_ACCOUNT_EMAIL>', q)}${projectFlag(sa ? projectOfServiceAccount(sa) : undefined)}`,
  );
  if (f.humans.length)
    lines.push('# User accounts in the case are Google identities: sign them out with the Google Workspace actions.');
  return lines;
}

function reviewOrgPolicy(fill: Fill, { f }: GcpContext): string[] {
  const project = f.keys.find((k) => k.project)?.project ?? firstSaProject(f);
  const p = fill.q(project, '<PROJECT_ID>', q);
  const lines = [
    `gcloud org-policies describe iam.disableServiceAccountKeyCreation --project=${p} --effective`,
    `gcloud org-policies describe iam.serviceAccountKeyExpiryHours --project=${p} --effective`,
  ];
  for (const sa of orPlaceholder(f.serviceAccounts)) {
    lines.push(
      `gcloud asset analyze-iam-policy --project=${p} --identity=${fill.q(sa && `serviceAccount:${sa}`, '<MEMBER>', q)}`,
    );
  }
  return lines;
}

function monitorTokenMinting(fill: Fill, { c, f }: GcpContext): string[] {
  const sa = f.serviceAccounts[0];
  const project = sa ? projectOfServiceAccount(sa) : undefined;
  const saText = fill.raw(sa, '<SERVICE_ACCOUNT_EMAIL>');
  const metric = `token-triage-${caseSlug(c)}`;
  const filter =
    'protoPayload.serviceName="iamcredentials.googleapis.com" AND ' +
    'protoPayload.methodName=("GenerateAccessToken" OR "GenerateIdToken" OR "SignJwt" OR "SignBlob") AND ' +
    `(protoPayload.request.name:"${saText}" OR protoPayload.resourceName:"${saText}")`;
  return [
    `gcloud logging metrics create ${q(metric)} --project=${fill.q(project, '<PROJECT_ID>', q)} \\`,
    `  --description=${q(`Token minting for a service account in Token Triage case ${caseSlug(c)}`)} \\`,
    `  --log-filter=${q(filter)}`,
    `# Then: Cloud Monitoring > Alerting > Create policy > metric logging/user/${metric} > threshold above 0.`,
  ];
}

/** The GCP actions, in the order the UI lists them. */
const GCP_ACTIONS: readonly ActionDef<GcpContext>[] = [
  {
    id: 'gcp-disable-sa-keys',
    playbookItem: 'c-revoke-reauth',
    title: 'Disable the service account keys',
    why:
      'A disabled key can no longer be used to get tokens and can be re-enabled if something legitimate ' +
      'breaks. Access tokens already minted with the key stay valid until they expire (one hour by default).',
    language: 'bash',
    command: disableSaKeys,
  },
  {
    id: 'gcp-delete-sa-keys',
    playbookItem: 'c-revoke-reauth',
    title: 'Delete the disabled keys',
    why: 'Removes the keys for good once the workload has a replacement (better: workload identity instead of a key); it cannot be undone.',
    language: 'bash',
    command: deleteSaKeys,
  },
  {
    id: 'gcp-remove-token-creator',
    playbookItem: 'c-revoke-reauth',
    title: 'Remove the Token Creator binding used to impersonate',
    why:
      'Stops the principal minting new access tokens, ID tokens or signed JWTs for the service account. ' +
      'Tokens already minted stay valid until they expire (one hour by default, up to 12 h if the ' +
      'lifetime was extended); check the project-level policy and roles/owner or roles/editor too.',
    language: 'bash',
    command: removeTokenCreator,
  },
  {
    id: 'gcp-disable-service-account',
    playbookItem: 'c-revoke-reauth',
    title: 'Disable the service account',
    why:
      'The hard stop: a disabled service account cannot authenticate with its keys or be impersonated, ' +
      'so every workload using it breaks until it is re-enabled (gcloud iam service-accounts enable). ' +
      'Use it when the keys or bindings cannot be cleaned up fast enough.',
    language: 'bash',
    command: disableServiceAccount,
  },
  {
    id: 'gcp-review-org-policy',
    playbookItem: 'c-review-policies',
    title: 'Review key and impersonation policies',
    why:
      'Shows whether key creation is blocked and keys expire (org policy constraints) and, with Policy ' +
      'Analyzer, what the service account can reach, so its roles can be cut to what it needs. Read-only.',
    language: 'bash',
    command: reviewOrgPolicy,
  },
  {
    id: 'gcp-monitor-token-minting',
    playbookItem: 'c-audit-monitoring',
    title: 'Alert on token minting for the service account',
    why:
      'Counts every GenerateAccessToken, GenerateIdToken, SignJwt and SignBlob call for the service ' +
      'account so an alert fires on renewed impersonation. These are Data Access audit logs, off by ' +
      'default: enable DATA_READ for IAM Service Account Credentials API first.',
    language: 'bash',
    command: monitorTokenMinting,
  },
];

export function buildGcp(c: Case): ContainmentAction[] {
  return buildActions('gcp', GCP_ACTIONS, { c, f: gcpFacts(c) });
}
