/**
 * Writes the bundled demo logs (committed; rerun with `npm run demo:generate` after changing
 * this file). Deterministic: a seeded generator, fixed dates.
 *
 * cloudtrail-stolen-keys.ndjson — a developer (alice) works from her ISP in Seattle for a week on
 * office hours with the AWS CLI. Then her long-term key AKIAEXAMPLEALICE0001 shows up from a VPS
 * (DigitalOcean) at 03:12 UTC with python-requests and boto3, enumerates, reads secrets, mints a
 * federation token with AdministratorAccess, and the federated session creates an access key for
 * another user. Bob's normal activity runs alongside as the negative control.
 *
 * entra-signins-token-replay.json — a Microsoft Graph sign-in export (value wrapper): carol's
 * session is used from her home ISP, and minutes later the same session and token are replayed
 * from a hosting provider abroad; dave signs in normally.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HOUR = 3_600_000;
const MIN = 60_000;
const out = join(import.meta.dirname, '.');
let seed = 42;
const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
let idn = 0;
const uuid = (): string => {
  idn += 1;
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${h(0x5eed0000 + idn, 8)}-${h(idn % 65536, 4)}-4${h(idn % 4096, 3)}-8${h((idn * 7) % 4096, 3)}-${h((idn * 2654435761) % 2 ** 48, 12)}`;
};

const ACCOUNT = '111122223333';
const ALICE = {
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  principalId: 'AIDAEXAMPLEALICE00001',
  userName: 'alice',
  key: 'AKIAEXAMPLEALICE0001',
};
const BOB = {
  arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
  principalId: 'AIDAEXAMPLEBOB0000001',
  userName: 'bob',
  key: 'AKIAEXAMPLEBOB000001',
};
const ALICE_IP = '73.109.24.18'; // Comcast (AS7922), Seattle
const BOB_IP = '24.16.201.77'; // Comcast (AS7922)
const ATTACKER_IP = '159.89.14.201'; // DigitalOcean (AS14061)
const CLI_UA = 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off command/s3.ls';

interface Call {
  source: string;
  name: string;
  readOnly: boolean;
  params?: Record<string, unknown>;
  resources?: unknown[];
}
const NORMAL: Call[] = [
  { source: 's3.amazonaws.com', name: 'ListBuckets', readOnly: true },
  {
    source: 's3.amazonaws.com',
    name: 'GetObject',
    readOnly: true,
    params: { bucketName: 'team-builds', key: 'artifacts/app.zip' },
  },
  { source: 'ec2.amazonaws.com', name: 'DescribeInstances', readOnly: true },
  { source: 'lambda.amazonaws.com', name: 'ListFunctions20150331', readOnly: true },
  { source: 'logs.amazonaws.com', name: 'FilterLogEvents', readOnly: true },
  { source: 'cloudformation.amazonaws.com', name: 'DescribeStacks', readOnly: true },
];

function record(
  who: typeof ALICE,
  t: number,
  ip: string,
  ua: string,
  c: Call,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: who.principalId,
      arn: who.arn,
      accountId: ACCOUNT,
      accessKeyId: who.key,
      userName: who.userName,
    },
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: c.source,
    eventName: c.name,
    awsRegion: 'us-west-2',
    sourceIPAddress: ip,
    userAgent: ua,
    requestParameters: c.params ?? null,
    responseElements: null,
    requestID: uuid(),
    eventID: uuid(),
    readOnly: c.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${c.source.split('.')[0]}.us-west-2.amazonaws.com`,
    },
    ...extra,
  };
}

function cloudtrail(): string {
  const recs: Record<string, unknown>[] = [];
  const start = Date.UTC(2026, 10, 2, 0, 0, 0); // Monday 2 Nov 2026
  for (let day = 0; day < 7; day++) {
    if (day === 5 || day === 6) continue; // weekend off
    for (const [who, ip] of [
      [ALICE, ALICE_IP],
      [BOB, BOB_IP],
    ] as const) {
      // Office hours in Seattle: 16:00–00:00 UTC.
      for (let i = 0; i < 18; i++) {
        const t = start + day * 24 * HOUR + 16 * HOUR + Math.floor(rand() * 7.5 * HOUR);
        recs.push(record(who, t, ip, CLI_UA, pick(NORMAL)));
      }
    }
  }
  // The stolen key, Monday 9 Nov 03:12 UTC: Sunday 19:12 in Seattle, outside alice's weekday pattern.
  let t = Date.UTC(2026, 10, 9, 3, 12, 0);
  const atk = (ua: string, c: Call, extra: Record<string, unknown> = {}) => {
    t += 800 + Math.floor(rand() * 1500);
    recs.push(record(ALICE, t, ATTACKER_IP, ua, c, extra));
  };
  const BOTO =
    'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.5.0-kali3-amd64 md/arch#x86_64 lang/python#3.11.8 ' +
    'md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69';
  atk('python-requests/2.31.0', { source: 'sts.amazonaws.com', name: 'GetCallerIdentity', readOnly: true });
  for (const name of [
    'ListUsers',
    'ListRoles',
    'ListPolicies',
    'ListAccessKeys',
    'ListGroups',
    'GetAccountAuthorizationDetails',
  ]) {
    atk(BOTO, { source: 'iam.amazonaws.com', name, readOnly: true });
  }
  for (const name of ['DescribeInstances', 'DescribeSecurityGroups', 'DescribeVpcs', 'DescribeSnapshots']) {
    atk(BOTO, { source: 'ec2.amazonaws.com', name, readOnly: true });
  }
  atk(BOTO, { source: 'secretsmanager.amazonaws.com', name: 'ListSecrets', readOnly: true });
  for (const s of ['prod/db/master', 'prod/stripe/api', 'prod/github/deploy', 'ci/npm-token']) {
    atk(BOTO, {
      source: 'secretsmanager.amazonaws.com',
      name: 'GetSecretValue',
      readOnly: true,
      params: { secretId: s },
    });
  }
  atk(
    BOTO,
    {
      source: 'sts.amazonaws.com',
      name: 'GetFederationToken',
      readOnly: false,
      params: {
        name: 'svc-backup',
        durationSeconds: 129600,
        policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        policyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      },
    },
    {
      responseElements: {
        credentials: {
          accessKeyId: 'ASIAEXAMPLEFEDTOKEN01',
          expiration: 'Nov 10, 2026, 3:13:00 PM',
          sessionToken: 'HIDDEN_DUE_TO_SECURITY_REASONS',
        },
        federatedUser: {
          federatedUserId: `${ACCOUNT}:svc-backup`,
          arn: `arn:aws:sts::${ACCOUNT}:federated-user/svc-backup`,
        },
      },
    },
  );
  // The federated session creates a long-term key for bob: persistence.
  t += 5 * MIN;
  recs.push({
    ...record(ALICE, t, ATTACKER_IP, BOTO, {
      source: 'iam.amazonaws.com',
      name: 'CreateAccessKey',
      readOnly: false,
      params: { userName: 'bob' },
    }),
    userIdentity: {
      type: 'FederatedUser',
      principalId: `${ACCOUNT}:svc-backup`,
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/svc-backup`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLEFEDTOKEN01',
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: ALICE.principalId,
          arn: ALICE.arn,
          accountId: ACCOUNT,
          userName: 'alice',
        },
        attributes: { creationDate: new Date(t - 5 * MIN).toISOString(), mfaAuthenticated: 'false' },
      },
    },
    responseElements: {
      accessKey: {
        userName: 'bob',
        accessKeyId: 'AKIAEXAMPLEBOBNEW0001',
        status: 'Active',
        createDate: 'Nov 9, 2026, 3:20:00 AM',
      },
    },
  });
  // A failed attempt the attacker made first, for the analyst to see.
  recs.push(
    record(
      ALICE,
      Date.UTC(2026, 10, 9, 3, 11, 40),
      ATTACKER_IP,
      BOTO,
      { source: 'iam.amazonaws.com', name: 'CreateUser', readOnly: false, params: { userName: 'backup-admin' } },
      {
        errorCode: 'AccessDenied',
        errorMessage: 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateUser',
      },
    ),
  );
  // Bob keeps working on Monday as usual.
  for (let i = 0; i < 12; i++)
    recs.push(
      record(BOB, Date.UTC(2026, 10, 9, 16, 0, 0) + Math.floor(rand() * 6 * HOUR), BOB_IP, CLI_UA, pick(NORMAL)),
    );
  recs.sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
  return recs.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

function entra(): string {
  const value: Record<string, unknown>[] = [];
  const base = Date.UTC(2026, 10, 2, 8, 0, 0);
  const signIn = (o: {
    t: number;
    user: string;
    upn: string;
    ip: string;
    city: string;
    country: string;
    asn: number;
    lat: number;
    lon: number;
    sessionId: string;
    uti: string;
    interactive: boolean;
    app?: [string, string];
    resource?: [string, string];
    incoming?: string;
    ua?: string;
    risk?: string;
    riskTypes?: string[];
  }) => ({
    id: uuid(),
    createdDateTime: new Date(o.t)
      .toISOString()
      .replace('Z', '0000Z')
      .replace(/\.(\d{3})0000Z/, '.$1' + String(o.t % 10000).padStart(4, '0') + 'Z'),
    userDisplayName: o.user,
    userPrincipalName: o.upn,
    userId: `00000000-0000-0000-0000-${(o.upn.length * 1234567).toString().padStart(12, '0')}`,
    appId: (o.app ?? ['d3590ed6-52b3-4102-aeff-aad2292ab01c', 'Microsoft Office'])[0],
    appDisplayName: (o.app ?? ['d3590ed6-52b3-4102-aeff-aad2292ab01c', 'Microsoft Office'])[1],
    ipAddress: o.ip,
    clientAppUsed: 'Browser',
    correlationId: uuid(),
    conditionalAccessStatus: 'success',
    isInteractive: o.interactive,
    riskDetail: 'none',
    riskLevelAggregated: o.risk ?? 'none',
    riskLevelDuringSignIn: o.risk ?? 'none',
    riskState: o.risk && o.risk !== 'none' ? 'atRisk' : 'none',
    riskEventTypes_v2: o.riskTypes ?? [],
    resourceDisplayName: (o.resource ?? ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'])[1],
    resourceId: (o.resource ?? ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'])[0],
    status: { errorCode: 0, failureReason: 'Other.', additionalDetails: null },
    deviceDetail: {
      deviceId: '',
      displayName: '',
      operatingSystem: 'Windows10',
      browser: 'Edge 130.0.0',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
    location: {
      city: o.city,
      state: '',
      countryOrRegion: o.country,
      geoCoordinates: { altitude: null, latitude: o.lat, longitude: o.lon },
    },
    autonomousSystemNumber: o.asn,
    userAgent:
      o.ua ??
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
    incomingTokenType: o.incoming ?? 'none',
    authenticationProtocol: 'none',
    uniqueTokenIdentifier: o.uti,
    sessionId: o.sessionId,
    signInEventTypes: [o.interactive ? 'interactiveUser' : 'nonInteractiveUser'],
    authenticationRequirement: 'multiFactorAuthentication',
    tokenIssuerType: 'AzureAD',
  });
  const CAROL = { user: 'Carol Diaz', upn: 'carol.diaz@contoso.example' };
  const DAVE = { user: 'Dave Kim', upn: 'dave.kim@contoso.example' };
  const HOME = { ip: '81.2.69.160', city: 'London', country: 'GB', asn: 2856, lat: 51.5, lon: -0.12 };
  const DAVE_HOME = { ip: '81.2.69.192', city: 'London', country: 'GB', asn: 2856, lat: 51.5, lon: -0.12 };
  for (let day = 0; day < 5; day++) {
    for (const [u, home, sid] of [
      [CAROL, HOME, 'c0ffee00-1111-4aaa-8bbb-000000000001'],
      [DAVE, DAVE_HOME, 'dade0000-2222-4ccc-8ddd-000000000002'],
    ] as const) {
      for (let i = 0; i < 6; i++) {
        value.push(
          signIn({
            t: base + day * 24 * HOUR + Math.floor(rand() * 8 * HOUR),
            ...u,
            ...home,
            sessionId: sid,
            uti: `uti-${uuid().slice(0, 8)}`,
            interactive: i === 0,
            incoming: i === 0 ? 'none' : 'refreshToken',
          }),
        );
      }
    }
  }
  // Monday 9 Nov: carol's session token replayed from a VPS in another country 6 minutes after her own use.
  const t0 = Date.UTC(2026, 10, 9, 9, 2, 0);
  value.push(
    signIn({
      t: t0,
      ...CAROL,
      ...HOME,
      sessionId: 'c0ffee00-1111-4aaa-8bbb-000000000001',
      uti: 'uti-carol-home-0901',
      interactive: false,
      incoming: 'refreshToken',
    }),
  );
  const VPS = { ip: '159.89.14.202', city: 'Amsterdam', country: 'NL', asn: 14061, lat: 52.37, lon: 4.9 };
  for (let i = 0; i < 4; i++) {
    value.push(
      signIn({
        t: t0 + 6 * MIN + i * 45_000,
        ...CAROL,
        ...VPS,
        sessionId: 'c0ffee00-1111-4aaa-8bbb-000000000001',
        uti: `uti-carol-vps-${i}`,
        interactive: false,
        incoming: 'refreshToken',
        ua: 'python-requests/2.31.0',
        risk: i === 0 ? 'medium' : 'none',
        riskTypes: i === 0 ? ['anomalousToken'] : [],
      }),
    );
  }
  value.sort((a, b) => String(a.createdDateTime).localeCompare(String(b.createdDateTime)));
  return (
    '\uFEFF' +
    JSON.stringify(
      { '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogs/signIns', value },
      null,
      2,
    ) +
    '\n'
  );
}

writeFileSync(join(out, 'cloudtrail-stolen-keys.ndjson'), cloudtrail());
writeFileSync(join(out, 'entra-signins-token-replay.json'), entra());
process.stdout.write('wrote demo/cloudtrail-stolen-keys.ndjson and demo/entra-signins-token-replay.json\n');
