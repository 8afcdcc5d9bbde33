/**
 * `npm run bench:hostile`: the parsers and the secret mask on hostile log text, each at n and 4n
 * characters. Linear code grows about 4x, quadratic about 16x; the growth is printed, never
 * asserted (the tests check what these functions return on the same inputs, not how fast).
 * The inputs are the shapes a security review found slow: runs of JWT and token prefixes, one
 * endless NDJSON line, a CSV header of spaces, Okta behaviors without "=", dotted UPN look-alikes.
 */
import { chunksOf, csvColumnName, readRecords } from '../lib/sources/containers/read-records';
import { maskSecretsIn } from '../lib/model/secret';
import { modifiedPropertyText } from '../lib/sources/formats/shared/microsoft';
import { oktaSystem } from '../lib/sources/formats/okta-system';
import { m365Audit } from '../lib/sources/formats/m365-audit';

const N = Number(process.env.BENCH_HOSTILE_CHARS ?? 50_000);
const repeat = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length));

const oktaRecord = (behaviors: string) => ({
  uuid: 'b-1',
  published: '2026-03-01T10:00:00.000Z',
  eventType: 'user.session.start',
  actor: { id: '00u1', type: 'User', alternateId: 'a@example.com' },
  outcome: { result: 'SUCCESS' },
  client: { ipAddress: '203.0.113.5' },
  debugContext: { debugData: { behaviors } },
});
const ualRecord = (userId: string) => ({
  CreationTime: '2023-07-23T09:17:44',
  Id: 'x-1',
  Operation: 'UserLoginFailed',
  RecordType: 15,
  ResultStatus: 'Failed',
  UserKey: 'k',
  UserType: 0,
  Workload: 'AzureActiveDirectory',
  ClientIP: '203.0.113.9',
  UserId: userId,
});

const CASES: { name: string; run: (n: number) => unknown }[] = [
  ...[
    'eyJ',
    '-eyJ',
    'eyJaaaaaaaaaaa.',
    'ghp_',
    'IQoJ',
    'IgoJ',
    'ya29.',
    '1//',
    '00',
    '0.A',
    'xoxb-',
    'glpat-',
    'Bearer ',
    'SSWS ',
    'SecretAccessKey: ',
    'aws_secret_access_key=',
    'AIza',
    '8Q~',
    '&sig=',
    'Basic ',
    'password=',
    'token: ',
    '-----BEGIN RSA PRIVATE KEY-----',
    'a',
    '.',
    '/',
  ].map((u) => ({
    name: `maskSecretsIn ${JSON.stringify(u)}×`,
    run: (n: number) => maskSecretsIn(repeat(u, n)),
  })),
  {
    name: 'Entra modified property, eyJ run',
    run: (n) => modifiedPropertyText('Note', JSON.stringify(`note: ${repeat('eyJ', n)}`)),
  },
  { name: 'Okta behaviors without "="', run: (n) => oktaSystem.parse(oktaRecord(repeat('a', n)), { ref: 'b:1' }) },
  { name: 'M365 UserId, dotted', run: (n) => m365Audit.parse(ualRecord(`a@${repeat('x.', n)} `), { ref: 'u:1' }) },
  { name: 'CSV header of spaces', run: (n) => csvColumnName(repeat(' ', n)) },
  {
    name: 'one long NDJSON line in 4 KB chunks',
    run: (n) => readRecords(chunksOf(`{"a":1}\n{"pad":"${repeat('z', n * 20)}"}\n`, 4096), 'f', () => undefined),
  },
];

async function ms(run: (n: number) => unknown, n: number): Promise<number> {
  const t0 = performance.now();
  await run(n);
  return performance.now() - t0;
}

console.log(
  `hostile text: n = ${N} characters (the NDJSON line 20x that); growth from n to 4n (linear ≈ 4, quadratic ≈ 16)`,
);
console.log(['case', 'n ms', '4n ms', 'growth'].join(' | '));
for (const c of CASES) {
  await ms(c.run, 1_000); // warm up
  const a = await ms(c.run, N);
  const b = await ms(c.run, 4 * N);
  console.log(
    [c.name, a.toFixed(1), b.toFixed(1), a > 0.05 ? `${(b / a).toFixed(1)}x` : '(too fast to tell)'].join(' | '),
  );
}
