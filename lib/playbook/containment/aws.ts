/**
 * AWS containment actions (AWS CLI v2, bash), with the case's identities filled in.
 *
 * What it handles and why: a stolen AWS credential is either a long-term access key (AKIA…,
 * belongs to an IAM user: deactivate, then delete it) or temporary STS credentials (ASIA…:
 * cannot be revoked one by one; they stay valid until they expire, so the only lever is a deny
 * on `aws:TokenIssueTime` attached to the role or user they came from — what the console's
 * "Revoke active sessions" does). Beyond the token itself: the federation paths that can mint
 * new ones (trust policies, SAML/OIDC providers, GetFederationToken), MFA for the identity, then
 * review (last-accessed data, session duration) and monitoring (GuardDuty, an EventBridge rule).
 *
 * Values: role names from an issuer role ARN or an assumed-role actor ARN, user names from an
 * IAM user ARN, key ids from credentialId — each shape-checked and bash-quoted; anything else is
 * a placeholder listed in `missing`. The session-revocation deny time is taken by the shell when
 * the command is run (`date -u`), not when the case was opened, so sessions the attacker minted
 * after the snapshot are revoked too; the command text itself stays deterministic.
 */
import type { Case, CaseEvent } from '../../model/case';
import type { ContainmentAction } from './types';
import {
  SHAPES,
  type ActionDef,
  type Fill,
  actorCandidates,
  bashQuote,
  blankBetween,
  buildActions,
  caseSlug,
  eventsFor,
  flaggedFirst,
  orPlaceholder,
} from './shared';

interface Principal {
  name: string;
  account: string;
  /** The principal's ARN as logged (for roles: the issuer ARN, with its path), when known. */
  arn?: string;
  /** aws, aws-cn, aws-us-gov… (from the ARN it was read from). */
  partition: string;
}

interface AwsFacts {
  roles: Principal[];
  users: Principal[];
  /** Long-term keys with the IAM user that used them (user undefined when the actor is not an IAM user). */
  longTermKeys: { key: string; user?: string }[];
  temporaryKeys: string[];
  /** IAM users named as targets of CreateAccessKey etc. (persistence the attacker may have added). */
  targetUsers: string[];
}

const SERVICE_LINKED = /:role\/aws-service-role\//;

function addPrincipal(list: Principal[], p: Principal): void {
  const found = list.find((x) => x.name === p.name && x.account === p.account);
  if (!found) list.push(p);
  else if (!found.arn && p.arn) found.arn = p.arn;
}

export function awsFacts(c: Case): AwsFacts {
  const events = flaggedFirst(eventsFor(c, 'aws'));
  const facts: AwsFacts = { roles: [], users: [], longTermKeys: [], temporaryKeys: [], targetUsers: [] };
  const ids = actorCandidates(c, events);
  for (const e of events) addEventFacts(facts, e);
  // The subject may name the identity or key directly.
  for (const id of ids) addArnFacts(facts, id);
  if (events.length) {
    const subjectKey = SHAPES.awsAccessKeyId.exec(c.subject.id)?.[0];
    if (subjectKey) addKey(facts, subjectKey, undefined);
  }
  return facts;
}

function addArnFacts(facts: AwsFacts, arn: string): string | undefined {
  const user = SHAPES.awsUserArn.exec(arn);
  if (user) {
    addPrincipal(facts.users, { name: user[2]!, account: user[1]!, arn, partition: partitionOf(arn) });
    return user[2];
  }
  const assumed = SHAPES.awsAssumedRoleArn.exec(arn);
  if (assumed && !assumed[2]!.startsWith('AWSServiceRoleFor'))
    addPrincipal(facts.roles, { name: assumed[2]!, account: assumed[1]!, partition: partitionOf(arn) });
  return undefined;
}

function addKey(facts: AwsFacts, key: string, user: string | undefined): void {
  if (key.startsWith('ASIA')) {
    if (!facts.temporaryKeys.includes(key)) facts.temporaryKeys.push(key);
    return;
  }
  const found = facts.longTermKeys.find((k) => k.key === key);
  if (!found) facts.longTermKeys.push({ key, user });
  else if (!found.user && user) found.user = user;
}

function addEventFacts(facts: AwsFacts, e: CaseEvent): void {
  const issuer = e.issuer !== undefined ? SHAPES.awsRoleArn.exec(e.issuer) : null;
  if (issuer && !SERVICE_LINKED.test(e.issuer!))
    addPrincipal(facts.roles, {
      name: issuer[2]!,
      account: issuer[1]!,
      arn: e.issuer,
      partition: partitionOf(e.issuer),
    });
  const userName = addArnFacts(facts, e.actor);
  const key = e.credentialId !== undefined ? SHAPES.awsAccessKeyId.exec(e.credentialId)?.[0] : undefined;
  if (key) addKey(facts, key, userName);
  const target = e.target !== undefined ? /^AWS::IAM::User ([^\s]+)$/.exec(e.target)?.[1] : undefined;
  if (target && SHAPES.awsIamName.test(target) && !facts.targetUsers.includes(target)) facts.targetUsers.push(target);
}

/** The deny-older-sessions policy document (JSON) for a given cut-off time. */
export function revokeOlderSessionsPolicy(time: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': time } } },
    ],
  });
}

/**
 * Shell lines that set `$T` to the current UTC time (when the command is run) and `$POLICY` to
 * the deny-older-sessions document with that time. The printf format is the policy with `%s` as
 * the time; it has no other `%`, backslash or single quote, so printf copies it verbatim (tested).
 */
const REVOKE_POLICY_FORMAT = revokeOlderSessionsPolicy('%s');
const REVOKE_POLICY_LINES = [
  'T=$(date -u +%Y-%m-%dT%H:%M:%SZ)',
  `POLICY=$(printf ${bashQuote(REVOKE_POLICY_FORMAT)} "$T")`,
];

const REQUIRE_MFA_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyAllExceptMfaSetupWithoutMFA',
      Effect: 'Deny',
      NotAction: [
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:GetUser',
        'iam:ListMFADevices',
        'iam:ListVirtualMFADevices',
        'iam:ResyncMFADevice',
        'iam:ChangePassword',
        'sts:GetSessionToken',
      ],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
});

const DENY_FEDERATION_TOKEN_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: ['sts:GetFederationToken'], Resource: ['*'] }],
});

function partitionOf(arn: string | undefined): string {
  return (arn !== undefined ? /^arn:(aws(?:-[a-z]+)*):/.exec(arn)?.[1] : undefined) ?? 'aws';
}

/** What each AWS action's command is written from. */
interface AwsContext {
  c: Case;
  f: AwsFacts;
}

const q = bashQuote;

/** `put-<kind>-policy` of the deny-older-sessions document for each name (one with a placeholder without any). */
function revokeSessionLines(fill: Fill, kind: 'role' | 'user', names: readonly string[]): string[] {
  const placeholder = kind === 'role' ? '<ROLE_NAME>' : '<USER_NAME>';
  return [
    ...REVOKE_POLICY_LINES,
    ...blankBetween(orPlaceholder(names), (n) => [
      `aws iam put-${kind}-policy \\`,
      `  --${kind}-name ${fill.q(n, placeholder, q)} \\`,
      '  --policy-name AWSRevokeOlderSessions \\',
      '  --policy-document "$POLICY"',
    ]),
  ];
}

function revokeRoleSessions(fill: Fill, { f }: AwsContext): string[] {
  return revokeSessionLines(
    fill,
    'role',
    f.roles.map((r) => r.name),
  );
}

function revokeUserSessions(fill: Fill, { f }: AwsContext): string[] {
  return revokeSessionLines(
    fill,
    'user',
    f.users.map((u) => u.name),
  );
}

/** One command per long-term key of the case (one with placeholders without any), blank lines between. */
function perKey(fill: Fill, f: AwsFacts, command: string, rest: string[]): string[] {
  const keys: { key: string | undefined; user?: string }[] = f.longTermKeys.length
    ? f.longTermKeys
    : [{ key: undefined, user: undefined }];
  return blankBetween(keys, (k) => [
    `${command} \\`,
    `  --user-name ${fill.q(k.user, '<USER_NAME>', q)} \\`,
    `  --access-key-id ${fill.q(k.key, '<ACCESS_KEY_ID>', q)}${rest.length ? ' \\' : ''}`,
    ...rest,
  ]);
}

function deactivateAccessKeys(fill: Fill, { f }: AwsContext): string[] {
  const lines = perKey(fill, f, 'aws iam update-access-key', ['  --status Inactive']);
  for (const t of f.temporaryKeys) {
    lines.push(
      '',
      `# ${t} is a temporary (STS) key: it cannot be deactivated or deleted; use aws-revoke-role-sessions / aws-revoke-user-sessions.`,
    );
  }
  if (f.targetUsers.length) {
    lines.push('', '# Keys the attacker may have created for other users (CreateAccessKey targets in the case):');
    for (const t of f.targetUsers) lines.push(`aws iam list-access-keys --user-name ${q(t)}`);
  }
  return lines;
}

function deleteAccessKeys(fill: Fill, { f }: AwsContext): string[] {
  return perKey(fill, f, 'aws iam delete-access-key', []);
}

function removeFederationPath(fill: Fill, { f }: AwsContext): string[] {
  const role = f.roles[0]?.name;
  const lines = [
    'aws iam list-saml-providers',
    'aws iam list-open-id-connect-providers',
    '',
    `aws iam get-role --role-name ${fill.q(role, '<ROLE_NAME>', q)} \\`,
    "  --query 'Role.AssumeRolePolicyDocument' > trust-policy.json",
    '# Edit trust-policy.json: remove the principal or identity provider the attacker used, then:',
    `aws iam update-assume-role-policy --role-name ${fill.q(role, '<ROLE_NAME>', q)} \\`,
    '  --policy-document file://trust-policy.json',
    '',
    '# Only if the identity provider itself is rogue:',
    `aws iam delete-saml-provider --saml-provider-arn ${fill.q(undefined, '<SAML_PROVIDER_ARN>', q)}`,
    `aws iam delete-open-id-connect-provider --open-id-connect-provider-arn ${fill.q(undefined, '<OIDC_PROVIDER_ARN>', q)}`,
  ];
  for (const u of f.users) {
    lines.push(
      '',
      `# Stop ${u.name} minting federation tokens:`,
      `aws iam put-user-policy --user-name ${q(u.name)} \\`,
      '  --policy-name TokenTriageDenyGetFederationToken \\',
      `  --policy-document ${q(DENY_FEDERATION_TOKEN_POLICY)}`,
    );
  }
  return lines;
}

function requireMfa(fill: Fill, { f }: AwsContext): string[] {
  return blankBetween(orPlaceholder(f.users.map((u) => u.name)), (u) => {
    const name = fill.q(u, '<USER_NAME>', q);
    return [
      `aws iam list-mfa-devices --user-name ${name}`,
      `aws iam put-user-policy --user-name ${name} \\`,
      '  --policy-name TokenTriageRequireMFA \\',
      `  --policy-document ${q(REQUIRE_MFA_POLICY)}`,
      '# Console users: force a new password at next sign-in (fails if the user has no console password).',
      `aws iam update-login-profile --user-name ${name} --password-reset-required`,
    ];
  });
}

const userArn = (u: Principal): string => u.arn ?? `arn:${u.partition}:iam::${u.account}:user/${u.name}`;
const roleArn = (r: Principal): string => r.arn ?? `arn:${r.partition}:iam::${r.account}:role/${r.name}`;

function reviewLastAccessed(fill: Fill, { f }: AwsContext): string[] {
  const lines: string[] = [];
  const principals: { arn: string; kind: 'user' | 'role'; name: string }[] = [
    ...f.users.map((u) => ({ arn: userArn(u), kind: 'user' as const, name: u.name })),
    ...f.roles.map((r) => ({ arn: roleArn(r), kind: 'role' as const, name: r.name })),
  ];
  if (!principals.length) {
    lines.push(
      `job=$(aws iam generate-service-last-accessed-details --arn ${fill.q(undefined, '<PRINCIPAL_ARN>', q)} --query JobId --output text)`,
      'aws iam get-service-last-accessed-details --job-id "$job"',
    );
  }
  lines.push(
    ...blankBetween(principals, (p) => [
      `job=$(aws iam generate-service-last-accessed-details --arn ${q(p.arn)} --query JobId --output text)`,
      'aws iam get-service-last-accessed-details --job-id "$job"   # repeat until JobStatus is COMPLETED',
      `aws iam list-attached-${p.kind}-policies --${p.kind}-name ${q(p.name)}`,
      `aws iam list-${p.kind}-policies --${p.kind}-name ${q(p.name)}`,
    ]),
  );
  lines.push('', "aws accessanalyzer list-analyzers --query 'analyzers[].{name:name,type:type,status:status}'");
  return lines;
}

function reviewTokenLifetime(fill: Fill, { f }: AwsContext): string[] {
  const lines: string[] = [];
  for (const r of f.roles) {
    lines.push(
      `aws iam get-role --role-name ${q(r.name)} --query 'Role.{MaxSessionDuration:MaxSessionDuration,Trust:AssumeRolePolicyDocument}'`,
      '# Shorten how long a stolen role session stays valid (seconds, 3600-43200):',
      `aws iam update-role --role-name ${q(r.name)} --max-session-duration 3600`,
    );
  }
  for (const u of f.users) lines.push(`aws iam list-access-keys --user-name ${q(u.name)}`);
  if (!f.roles.length && !f.users.length)
    lines.push(`aws iam get-role --role-name ${fill.q(undefined, '<ROLE_NAME>', q)} --query 'Role.MaxSessionDuration'`);
  lines.push(
    'aws iam generate-credential-report',
    'aws iam get-credential-report --query Content --output text | base64 -d > credential-report.csv',
  );
  return lines;
}

const caseKeys = (f: AwsFacts): string[] => [...f.longTermKeys.map((k) => k.key), ...f.temporaryKeys];

function monitorGuardDuty(fill: Fill, { f }: AwsContext): string[] {
  const keys = caseKeys(f);
  let criterion: Record<string, { Eq: string[] }>;
  if (keys.length) criterion = { 'resource.accessKeyDetails.accessKeyId': { Eq: keys } };
  else if (f.users.length) criterion = { 'resource.accessKeyDetails.userName': { Eq: f.users.map((u) => u.name) } };
  else criterion = { 'resource.accessKeyDetails.accessKeyId': { Eq: [fill.raw(undefined, '<ACCESS_KEY_ID>')] } };
  return [
    "for det in $(aws guardduty list-detectors --query 'DetectorIds' --output text); do",
    '  aws guardduty list-findings --detector-id "$det" \\',
    `    --finding-criteria ${q(JSON.stringify({ Criterion: criterion }))}`,
    'done',
  ];
}

/** The EventBridge `detail` matching the identity's users, role sessions and keys. */
function eventBridgeDetail(fill: Fill, f: AwsFacts): Record<string, unknown> {
  const alternatives: Record<string, unknown>[] = [];
  const userArns = f.users.map(userArn);
  if (userArns.length) alternatives.push({ userIdentity: { arn: userArns } });
  const roleArns = f.roles.filter((r) => r.arn).map((r) => r.arn!);
  if (roleArns.length) alternatives.push({ userIdentity: { sessionContext: { sessionIssuer: { arn: roleArns } } } });
  const keys = caseKeys(f);
  if (keys.length) alternatives.push({ userIdentity: { accessKeyId: keys } });
  if (!alternatives.length) alternatives.push({ userIdentity: { arn: [fill.raw(undefined, '<PRINCIPAL_ARN>')] } });
  return alternatives.length === 1 ? alternatives[0]! : { $or: alternatives };
}

function monitorEventBridge(fill: Fill, { c, f }: AwsContext): string[] {
  const rule = `token-triage-${caseSlug(c)}`;
  const pattern = JSON.stringify({
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: eventBridgeDetail(fill, f),
  });
  const targets = JSON.stringify([{ Id: 'token-triage', Arn: fill.raw(undefined, '<SNS_TOPIC_ARN>') }]);
  return [
    `aws events put-rule --region us-east-1 --name ${q(rule)} \\`,
    `  --event-pattern ${q(pattern)}`,
    `aws events put-targets --region us-east-1 --rule ${q(rule)} \\`,
    `  --targets ${q(targets)}`,
  ];
}

/** The AWS actions, in the order the UI lists them. */
const AWS_ACTIONS: readonly ActionDef<AwsContext>[] = [
  {
    id: 'aws-revoke-role-sessions',
    playbookItem: 'c-revoke-reauth',
    title: "Revoke the role's active sessions",
    why:
      'Denies every request made with temporary credentials of the role issued before the moment the ' +
      'command is run (T is taken from the clock then, so sessions the attacker assumed after the ' +
      'case was opened are covered too), which is how ASIA… keys are revoked: STS credentials cannot ' +
      'be deleted and otherwise stay valid until they expire. New sessions (including the legitimate ' +
      "users' re-authentication) are not affected; service-linked roles cannot be revoked this way.",
    language: 'bash',
    command: revokeRoleSessions,
  },
  {
    id: 'aws-revoke-user-sessions',
    playbookItem: 'c-revoke-reauth',
    title: "Revoke the IAM user's temporary credentials",
    why:
      'Denies requests signed with session or federation tokens the user minted (GetSessionToken, ' +
      'GetFederationToken) before the moment the command is run (T is taken from the clock then); ' +
      "requests signed with the user's long-term access keys carry no token issue time and are not " +
      'affected, so deactivate those keys as well.',
    language: 'bash',
    command: revokeUserSessions,
  },
  {
    id: 'aws-deactivate-access-keys',
    playbookItem: 'c-revoke-reauth',
    title: 'Deactivate the long-term access keys',
    why:
      'Makes the AKIA… keys unusable at once and is reversible (--status Active) if something legitimate ' +
      'breaks. It does not end STS sessions already minted with the key; revoke those with the user session deny.',
    language: 'bash',
    command: deactivateAccessKeys,
  },
  {
    id: 'aws-delete-access-keys',
    playbookItem: 'c-revoke-reauth',
    title: 'Delete the deactivated access keys',
    why: 'Removes the keys for good once the owner has a replacement; it cannot be undone. Temporary (ASIA…) keys have nothing to delete.',
    language: 'bash',
    command: deleteAccessKeys,
  },
  {
    id: 'aws-remove-federation-path',
    playbookItem: 'c-revoke-reauth',
    title: 'Remove the federation path that minted the tokens',
    why:
      'Stops new credentials being minted through the same door (a trust policy principal, a SAML/OIDC ' +
      'provider, sts:GetFederationToken). It does not revoke sessions already issued; the session ' +
      'denies do that.',
    language: 'bash',
    command: removeFederationPath,
  },
  {
    id: 'aws-require-mfa',
    playbookItem: 'c-revoke-reauth',
    title: 'Force re-authentication with MFA',
    why:
      'Denies everything but MFA setup unless the request carries MFA, so the user must get an MFA-backed ' +
      'session (sts get-session-token --serial-number …) and long-term keys alone stop working; check ' +
      'list-mfa-devices for a device the attacker enrolled, and for roles require aws:MultiFactorAuthPresent ' +
      'in the trust policy instead.',
    language: 'bash',
    command: requireMfa,
  },
  {
    id: 'aws-review-last-accessed',
    playbookItem: 'c-review-policies',
    title: 'Review what the identity can do and actually used',
    why:
      'Last-accessed data shows which services the identity really uses, so unused permissions can ' +
      'be removed; IAM Access Analyzer (if an analyzer exists) flags external and unused access. Read-only: ' +
      'it changes nothing.',
    language: 'bash',
    command: reviewLastAccessed,
  },
  {
    id: 'aws-review-token-lifetime',
    playbookItem: 'c-review-policies',
    title: 'Review session duration and long-term keys',
    why:
      "A role's maximum session duration bounds how long a stolen session works; the credential report " +
      "shows every user's key age and last use so other long-lived keys can be retired. Only update-role " +
      'changes anything.',
    language: 'bash',
    command: reviewTokenLifetime,
  },
  {
    id: 'aws-monitor-guardduty',
    playbookItem: 'c-audit-monitoring',
    title: 'Check GuardDuty findings for the credential',
    why:
      'Lists GuardDuty findings (anomalous behaviour, Tor/malicious IP callers, credential exfiltration) ' +
      'for the case keys in this region; run it in every region with a detector. Returns nothing if ' +
      'GuardDuty is not enabled — enabling it is the follow-up.',
    language: 'bash',
    command: monitorGuardDuty,
  },
  {
    id: 'aws-monitor-eventbridge',
    playbookItem: 'c-audit-monitoring',
    title: 'Alert on any further API call by the identity',
    why:
      'An EventBridge rule on CloudTrail management events for the identity and its keys sends every ' +
      'further write call to an SNS topic; IAM and STS events arrive in us-east-1, other services ' +
      'in their own region. Read-only calls may not reach EventBridge, so keep hunting in CloudTrail too.',
    language: 'bash',
    command: monitorEventBridge,
  },
];

export function buildAws(c: Case): ContainmentAction[] {
  return buildActions('aws', AWS_ACTIONS, { c, f: awsFacts(c) });
}
