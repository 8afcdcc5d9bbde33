/**
 * The 30-day simulation of cli/history.test.ts as page rows (CloudTrail records as the AWS
 * console's Event history shows them), for the extension's stored-baseline tests: five people
 * with steady habits on weekdays 09:00–17:00 UTC, then on day 31 Alice's key used at 03:00 from
 * a hosting network she never used, with a scripting client.
 */
export const DAY = 86_400_000;
export const START = Date.UTC(2026, 8, 1); // a Tuesday
export const ACCOUNT = '111122223333';
export const TENANT = `aws:${ACCOUNT}`;
export const STOLEN_IP = '45.155.205.233';
/** When the misuse starts on day 31. */
export const MISUSE_AT = START + 30 * DAY + 3 * 3_600_000;
export const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

export const PEOPLE = [
  { user: 'alice', ip: '81.2.69.142', ua: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5 exe/x86_64.ubuntu.22' },
  { user: 'bob', ip: '89.160.20.112', ua: 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.1 exe/x86_64' },
  { user: 'carol', ip: '2.125.160.216', ua: 'Boto3/1.34.1 md/Botocore#1.34.1 ua/2.0 os/linux#6.5 lang/python#3.11.8' },
  { user: 'dave', ip: '216.160.83.56', ua: 'aws-sdk-go-v2/1.25.0 os/linux lang/go#1.22' },
  { user: 'erin', ip: '67.43.156.14', ua: 'aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64' },
] as const;
const ACTIONS = [
  ['s3.amazonaws.com', 'ListBuckets'],
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['sts.amazonaws.com', 'GetCallerIdentity'],
  ['cloudwatch.amazonaws.com', 'GetMetricData'],
] as const;

export type Row = { id: string; record: Record<string, unknown> };

export function record(
  p: (typeof PEOPLE)[number],
  i: number,
  t: number,
  over: Partial<{ ip: string; ua: string; account: string }> = {},
): Row {
  const [source, name] = ACTIONS[i % ACTIONS.length]!;
  const account = over.account ?? ACCOUNT;
  const eventID = `ev-${p.user}-${t}-${i}`;
  return {
    id: `row-${eventID}`,
    record: {
      eventVersion: '1.09',
      eventTime: new Date(t).toISOString().replace(/\.\d+Z$/, 'Z'),
      eventSource: source,
      eventName: name,
      awsRegion: 'eu-west-1',
      sourceIPAddress: over.ip ?? p.ip,
      userAgent: over.ua ?? p.ua,
      eventID,
      eventType: 'AwsApiCall',
      readOnly: true,
      recipientAccountId: account,
      userIdentity: {
        type: 'IAMUser',
        principalId: `AIDA${p.user.toUpperCase()}`,
        arn: `arn:aws:iam::${account}:user/${p.user}`,
        accountId: account,
        accessKeyId: `AKIA${p.user.toUpperCase().padEnd(16, 'X')}`,
        userName: p.user,
      },
    },
  };
}

/** Day `d` of ordinary work (none on weekends): six calls each, one an hour from 09:00. */
export function workDay(d: number, account?: string): Row[] {
  const day = START + d * DAY;
  const dow = new Date(day).getUTCDay();
  if (dow === 0 || dow === 6) return [];
  return PEOPLE.flatMap((p, k) =>
    [0, 1, 2, 3, 4, 5].map((i) => record(p, i, day + (9 + i) * 3_600_000 + k * 60_000, account ? { account } : {})),
  );
}

/** Day 31: everyone at work as usual, and three calls with Alice's key at 03:00 from a VPS. */
export function day31(): Row[] {
  const misuse = [0, 1, 2].map((i) =>
    record(PEOPLE[0], i, MISUSE_AT + i * 60_000, { ip: STOLEN_IP, ua: 'python-requests/2.31.0' }),
  );
  return [...workDay(30), ...misuse];
}

/** The row ids of the misuse. */
export const isMisuse = (eventId: string): boolean =>
  eventId.startsWith('ev-alice-') &&
  Number(eventId.split('-')[2]) >= MISUSE_AT &&
  Number(eventId.split('-')[2]) < MISUSE_AT + 3_600_000;
