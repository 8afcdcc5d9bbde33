/**
 * A synthetic CloudTrail NDJSON for the benchmark: `n` records over 14 days, 2,000 identities
 * (IAM users with long-term keys, role sessions with temporary keys), realistic record size
 * (~1 KB), and a few replayed keys used from a second network. Deterministic for a given n.
 */
import { createWriteStream } from 'node:fs';

const ACCOUNT = '123456789012';
const SERVICES: [string, string[]][] = [
  ['s3.amazonaws.com', ['ListBuckets', 'GetObject', 'PutObject', 'HeadObject', 'ListObjects']],
  ['ec2.amazonaws.com', ['DescribeInstances', 'DescribeVolumes', 'RunInstances', 'DescribeSecurityGroups']],
  ['iam.amazonaws.com', ['ListRoles', 'GetRole', 'ListUsers', 'GetUser']],
  ['sts.amazonaws.com', ['GetCallerIdentity', 'AssumeRole']],
  ['lambda.amazonaws.com', ['ListFunctions20150331', 'Invoke', 'GetFunction20150331v2']],
  ['logs.amazonaws.com', ['FilterLogEvents', 'PutLogEvents', 'DescribeLogGroups']],
  ['secretsmanager.amazonaws.com', ['GetSecretValue', 'ListSecrets']],
  ['kms.amazonaws.com', ['Decrypt', 'GenerateDataKey']],
];
const UAS = [
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64 prompt/off',
  'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8',
  'aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/s3#1.51.4',
  'terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2',
];

export async function generateCloudTrail(path: string, n: number): Promise<void> {
  let seed = 7 + n;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const identities = Array.from({ length: 2000 }, (_, i) => {
    const role = i % 3 === 0;
    const ip = `${[73, 24, 98, 67, 71][i % 5]}.${((i * 7) % 250) + 1}.${((i * 13) % 250) + 1}.${(i % 200) + 10}`;
    return {
      role,
      arn: role
        ? `arn:aws:sts::${ACCOUNT}:assumed-role/app-role-${i % 40}/session-${i}`
        : `arn:aws:iam::${ACCOUNT}:user/user${i}`,
      principalId: role
        ? `AROAEXAMPLE${String(i).padStart(9, '0')}:session-${i}`
        : `AIDAEXAMPLE${String(i).padStart(9, '0')}`,
      key: (role ? 'ASIA' : 'AKIA') + `BENCH${String(i).padStart(11, '0')}`,
      ip,
      ua: UAS[i % UAS.length]!,
    };
  });
  const replayed = new Set([11, 222, 1333]);
  const start = Date.UTC(2026, 9, 1);
  const span = 14 * 24 * 3600_000;
  const out = createWriteStream(path);
  let buf = '';
  for (let k = 0; k < n; k++) {
    const who = identities[Math.floor(rand() * identities.length)]!;
    const [source, names] = SERVICES[Math.floor(rand() * SERVICES.length)]!;
    const name = names[Math.floor(rand() * names.length)]!;
    const t = start + Math.floor((k / n) * span);
    const idx = identities.indexOf(who);
    const attacker = replayed.has(idx) && k > n * 0.9 && rand() < 0.5;
    const rec = {
      eventVersion: '1.09',
      userIdentity: who.role
        ? {
            type: 'AssumedRole',
            principalId: who.principalId,
            arn: who.arn,
            accountId: ACCOUNT,
            accessKeyId: who.key,
            sessionContext: {
              sessionIssuer: {
                type: 'Role',
                principalId: who.principalId.split(':')[0],
                arn: who.arn
                  .replace(':sts:', ':iam:')
                  .replace('assumed-role', 'role')
                  .replace(/\/session-\d+$/, ''),
                accountId: ACCOUNT,
                userName: who.arn.split('/')[1],
              },
              attributes: { creationDate: new Date(t - 600_000).toISOString(), mfaAuthenticated: 'false' },
            },
          }
        : {
            type: 'IAMUser',
            principalId: who.principalId,
            arn: who.arn,
            accountId: ACCOUNT,
            accessKeyId: who.key,
            userName: who.arn.split('/')[1],
          },
      eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource: source,
      eventName: name,
      awsRegion: 'us-east-1',
      sourceIPAddress: attacker ? `159.89.${idx % 250}.${(k % 250) + 1}` : who.ip,
      userAgent: attacker ? 'python-requests/2.31.0' : who.ua,
      requestParameters: { bucketName: `bucket-${k % 97}`, key: `path/to/object-${k % 1013}.json`, maxResults: 100 },
      responseElements: null,
      requestID: `${k.toString(16).padStart(8, '0')}-0000-4000-8000-${((k * 2654435761) % 2 ** 48).toString(16).padStart(12, '0')}`,
      eventID: `${(k + 1).toString(16).padStart(8, '0')}-1111-4111-8111-${((k * 40503) % 2 ** 48).toString(16).padStart(12, '0')}`,
      readOnly: /^(List|Get|Describe|Head|Filter)/.test(name),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
      tlsDetails: {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: `${source.split('.')[0]}.us-east-1.amazonaws.com`,
      },
    };
    buf += JSON.stringify(rec) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(() => resolve());
  });
}
