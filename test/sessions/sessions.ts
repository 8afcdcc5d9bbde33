/**
 * The labelled whole sessions of ../shared/corpus/sessions (its README is the source of every
 * expectation here): the verdict bound a good analyst gives each session, the records the engine
 * must flag, and the hard negatives it must not flag. One entry per session folder; the suite
 * fails when a folder has no entry, so a new session cannot be skipped by accident.
 */
import type { TokenEvent } from '../../lib/model/token-event';
import type { Verdict } from '../../lib/engine/verdict';

/** A set of records named the way the sessions README names them. */
export interface RecordSet {
  /** What the README calls them. */
  what: string;
  pick: (e: TokenEvent) => boolean;
  /** How many records the set must match (guards against a selector that matches nothing); -1: at least one. */
  count: number;
}

export interface SessionCase {
  /** Folder name under sessions/. */
  folder: string;
  /** The log file inside it (label files beside it are not logs). */
  file: string;
  label: 'benign' | 'attack';
  /** The verdict bound: benign sessions at most `max`, attack sessions at least `min`. */
  min: Verdict;
  max: Verdict;
  /** Records a medium-or-worse finding must cite. */
  mustFlag: RecordSet[];
  /** Hard negatives: no medium-or-worse finding may cite them. */
  mustNotFlag: RecordSet[];
  /** The "only defensible reason" of a benign session: may be cited, at most at medium. */
  mayFlag?: RecordSet[];
  /** Records to read (all of them unless the README says otherwise). */
  records: number;
}

const ids = (what: string, list: string[]): RecordSet => ({
  what,
  pick: (e) => list.includes(e.id),
  count: list.length,
});
const named = (what: string, names: string[], count: number): RecordSet => ({
  what,
  pick: (e) => names.includes(e.action.name),
  count,
});

/** The sign-in every console session starts with (README, "The six aws-ccc-* sessions"): GetSigninToken (Jersey UA) + ConsoleLogin. */
const signIn = (getSigninToken: string, consoleLogin: string): RecordSet =>
  ids('console sign-in: GetSigninToken with the Jersey user agent and ConsoleLogin', [getSigninToken, consoleLogin]);

/** The console's background polling (README, "The six aws-ccc-* sessions"). */
const polling = (count: number): RecordSet =>
  named(
    'console background polling (health DescribeEventAggregates, ListNotificationHubs)',
    ['DescribeEventAggregates', 'ListNotificationHubs'],
    count,
  );

export const SESSIONS: SessionCase[] = [
  {
    folder: 'aws-ccc-iam-users-console',
    file: 'InputEvents.json',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 410,
    mustFlag: [],
    mustNotFlag: [
      polling(8),
      signIn('2c5d6549-dccb-4848-8ed9-03cc2e9453f8', 'd37d34a7-85c1-468f-abcc-624867379db4'),
      named(
        'IAM credential-enumeration burst of the IAM -> Users page',
        [
          'ListAccessKeys',
          'GetAccessKeyLastUsed',
          'ListSigningCertificates',
          'ListMFADevices',
          'ListGroupsForUser',
          'GetLoginProfile',
        ],
        368,
      ),
    ],
    mayFlag: [
      ids("IAM writes of the admin's 'Manage console access' clicks", [
        '764a8eb1-9ae8-4a37-ad29-b3fb938fc6e7',
        '12ef4f01-60d6-4809-ae85-3ac17f9bf1bf',
        'de6bb312-1128-424e-9ca4-129918fe8562',
        '8de02fb6-90ba-4d55-9c87-f7dceb835fa7',
        '681363a6-eba7-45ad-a902-0db77ef64d43',
        '89260f88-b7b6-4da9-8f30-dc116873a83b',
        '632d626e-ed8f-4224-aabf-6c5ab0f459f9',
      ]),
    ],
  },
  {
    folder: 'aws-ccc-ec2-global-view',
    file: 'InputEvents.json',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 622,
    mustFlag: [],
    mustNotFlag: [
      polling(7),
      {
        what: 'every Describe* call, among them Region Explorer: ~600 across 17 regions in 45 s from the browser',
        pick: (e) => e.action.name.startsWith('Describe'),
        count: 621,
      },
    ],
  },
  {
    folder: 'aws-ccc-s3-buckets-console',
    file: 'InputEvents.json',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 258,
    mustFlag: [],
    mustNotFlag: [
      polling(54),
      { what: 'S3 console user agent calls', pick: (e) => /S3Console\//.test(e.source.userAgent ?? ''), count: 150 },
      named(
        'public exposure checks on every Buckets view',
        ['GetBucketPolicyStatus', 'GetBucketAcl', 'GetBucketPublicAccessBlock'],
        -1,
      ),
      ids('DeleteBucket', ['6e572164-fbf0-4c3d-8886-a93f2a2a5fa9']),
      named(
        'the create-bucket wizard',
        ['CreateBucket', 'PutBucketPublicAccessBlock', 'PutBucketEncryption', 'PutBucketTagging'],
        -1,
      ),
    ],
  },
  {
    folder: 'aws-ccc-cloudshell-eventhistory',
    file: 'InputEvents.json',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 168,
    mustFlag: [],
    mustNotFlag: [
      polling(22),
      signIn('cc48833d-55d9-4db9-b624-6ad5e42489a0', '97be2860-5d67-4900-a118-415317813b91'),
      named(
        'CloudShell handing the session to its environment (RedeemCode, PutCredentials)',
        ['RedeemCode', 'PutCredentials'],
        4,
      ),
      ids("CloudShell's back end (Lambda, aws-sdk-go) calling GetCallerIdentity", [
        '1ce7015f-1618-48b3-bcd0-6c142443dd76',
        'be874745-baee-48e0-85ee-e883322fa6a9',
      ]),
      named('Event history searches (LookupEvents) incl. throttling', ['LookupEvents'], -1),
      named('AccessDenied on ListDelegatedAdministrators', ['ListDelegatedAdministrators'], -1),
    ],
  },
  {
    folder: 'aws-ccc-secretsmanager-guardduty',
    file: 'InputEvents.json',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 158,
    mustFlag: [],
    mustNotFlag: [
      polling(32),
      named(
        'secret wizard and lifecycle (CreateSecret, RotateSecret, DeleteSecret, RestoreSecret)',
        ['CreateSecret', 'RotateSecret', 'DeleteSecret', 'RestoreSecret'],
        -1,
      ),
      ids('GuardDuty CreateSampleFindings', ['83219edd-68e7-4b1b-bd14-c09f63316baf']),
    ],
    mayFlag: [
      ids("'Retrieve secret value' in the console: GetSecretValue and its kms Decrypt", [
        '9a6e03a9-9c9b-4cef-94ab-c83095cc8271',
        '9c818fa6-56eb-4df4-8f14-bc3e7f0558b5',
      ]),
    ],
  },
  {
    folder: 'aws-ccc-cloudtrail-org-accessdenied',
    file: 'InputEvents.json',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 246,
    mustFlag: [],
    mustNotFlag: [
      polling(59),
      {
        what: 'AccessDenied on Organizations and GetBucketLocation while the console renders CloudTrail pages',
        pick: (e) => e.outcome.code === 'AccessDenied',
        count: 19,
      },
      {
        what: 'the other errors of Event history searches and GuardDuty pages (throttling, bad request)',
        pick: (e) => !e.outcome.success && e.outcome.code !== 'AccessDenied',
        count: 2,
      },
    ],
  },
  {
    folder: 'aws-plaso-lookupevents-ec2',
    file: 'aws_cloudtrail.jsonl',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 6,
    mustFlag: [],
    mustNotFlag: [
      {
        what: 'console-session calls of one IAM user (sessionCredentialFromConsole) and an EC2 service event',
        pick: () => true,
        count: 6,
      },
    ],
  },
  {
    folder: 'gcp-dftimewolf-project-audit',
    file: 'gcp-project-logs.jsonl',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 98,
    mustFlag: [],
    mustNotFlag: [
      {
        what: 'the same user from three source IPs over six weeks, always the Cloud Console',
        pick: (e) => e.actor.id === 'user@dummy-domain.com' && e.action.name !== 'SetIamPolicy',
        count: -1,
      },
      {
        what: 'Google first-party tag automation (CreateTagBinding via serviceAccountDelegationInfo)',
        pick: (e) => e.action.name.endsWith('.CreateTagBinding'),
        count: 2,
      },
      {
        what: 'system@google.com host-maintenance system events',
        pick: (e) => e.action.name.includes('migrateOnHostMaintenance'),
        count: 9,
      },
      {
        what: 'instance deletes answered NOT_FOUND',
        pick: (e) => e.action.name.endsWith('instances.delete') && !e.outcome.success,
        count: 7,
      },
    ],
    mayFlag: [
      {
        what: 'the owner grant (SetIamPolicy roles/owner) and the new owner enabling an API',
        pick: (e) => e.action.name === 'SetIamPolicy' || e.actor.id === 'dianakramer@google.com',
        count: -1,
      },
    ],
  },
  {
    folder: 'azure-activity-plaso-vm-lifecycle',
    file: 'azure_activity_log.jsonl',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 4,
    mustFlag: [],
    mustNotFlag: [
      {
        what: "the user's VM create/delete and the compute platform's app-only disk operations",
        pick: () => true,
        count: 4,
      },
    ],
  },
  {
    folder: 'm365-plaso-tenant-setup',
    file: 'microsoft_audit_log.jsonl',
    label: 'benign',
    min: 'benign',
    max: 'suspicious',
    records: 4,
    mustFlag: [],
    mustNotFlag: [{ what: 'Exchange provisioning by SYSTEM and a sign-in from 0.0.0.0', pick: () => true, count: 4 }],
  },
  {
    folder: 'm365-otrf-o365spray-success',
    file: 'o365spray_reporting.json',
    label: 'attack',
    min: 'suspicious',
    max: 'escalate',
    records: 14,
    mustFlag: [
      {
        what: "Henrietta's successful OAuth2:Token sign-in from the spraying client",
        pick: (e) => e.id === '01d904ce-9417-4d91-86e4-99afcac30600',
        count: -1,
      },
    ],
    mustNotFlag: [],
  },
  {
    folder: 'm365-otrf-o365spray-failed',
    file: 'o365spray_default.json',
    label: 'attack',
    min: 'suspicious',
    max: 'escalate',
    records: 9,
    mustFlag: [{ what: 'the nine failed sign-ins from one IP within two seconds', pick: () => true, count: 9 }],
    mustNotFlag: [],
  },
];
