import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildContext } from '../context';
import { runEngine } from '../run';
import { clientOf, workloadCredentialOffsite } from './workload-credential-offsite';
import { cloudtrail } from '../../sources/formats/cloudtrail';
import { loadOfflineIntel } from '../../node/load-intel';
import { loadFixture, parseAllWith } from '../../../test/support/fixture-records';
import { ev, T0, MIN } from '../../../test/support/events';
import { fakeIntel, IP } from '../../../test/support/fake-intel';
import type { TokenEvent } from '../../model/token-event';

const intel = fakeIntel();
const defaults = workloadCredentialOffsite.settings.parse({});
const run = (events: TokenEvent[], s = defaults) =>
  workloadCredentialOffsite.evaluate(buildContext(events, { intel }), s);

const ROLE = 'arn:aws:sts::111122223333:assumed-role/web-role/i-0abc123def4567890';
const inst = (o: Parameters<typeof ev>[0]) =>
  ev({
    actor: { id: ROLE, kind: 'workload', type: 'AssumedRole' },
    credential: { kind: 'temporary_key', id: 'ASIAINSTANCE' },
    ...o,
  });

describe('workload-credential-offsite', () => {
  it('flags instance-role credentials used from a home broadband address as high (OutsideAWS)', () => {
    const f = run([
      inst({ id: 'w1', time: T0, source: { ip: IP.AWS } }),
      inst({ id: 'w2', time: T0 + MIN, source: { ip: IP.AWS2 } }),
      inst({
        id: 'x1',
        time: T0 + 30 * MIN,
        source: { ip: IP.HOME, userAgent: 'aws-cli/2.15 distrib#kali' },
        action: { name: 'GetCallerIdentity', verb: 'read' },
      }),
      inst({ id: 'x2', time: T0 + 31 * MIN, source: { ip: IP.HOME }, action: { name: 'ListBuckets', verb: 'list' } }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      indicator: 'workload-credential-offsite',
      severity: 'high',
      events: ['x1', 'x2'],
      identities: [ROLE],
      tokens: ['ASIAINSTANCE'],
      time: T0 + 30 * MIN,
    });
    expect(f[0]!.detail).toContain('73.15.20.10 (AS7922 Comcast Cable, residential, US)');
    expect(f[0]!.detail).toContain('2 use(s) away from its workload, 2 at home');
  });

  it('another cloud is medium (someone else’s compute)', () => {
    const f = run([inst({ id: 'x1', time: T0, source: { ip: IP.AZURE } })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['x1']]]);
  });

  it('GCP compute default service account used from a VPS is high (Stratus Red Team: GCE service account used outside GCP)', () => {
    const sa = '123456789-compute@developer.gserviceaccount.com';
    const f = run([
      ev({
        id: 'g1',
        provider: 'gcp',
        format: 'gcp-audit',
        time: T0,
        actor: { id: sa, kind: 'workload' },
        source: { ip: IP.GCP },
      }),
      ev({
        id: 'g2',
        provider: 'gcp',
        format: 'gcp-audit',
        time: T0 + MIN,
        actor: { id: sa, kind: 'workload' },
        source: { ip: IP.HOSTING2 },
      }),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.identities])).toEqual([['high', ['g2'], [sa]]]);
  });

  it('hard negative: service callers, invokedBy, SSM agent, private VPC addresses and in-cloud IPs are the platform', () => {
    expect(
      run([
        inst({ id: 'n1', time: T0, source: { ip: IP.AWS } }),
        inst({ id: 'n2', time: T0 + MIN, source: { caller: 'ec2.amazonaws.com' } }),
        inst({ id: 'n3', time: T0 + 2 * MIN, source: { ip: IP.HOME }, details: { invokedBy: 'ssm.amazonaws.com' } }),
        inst({ id: 'n4', time: T0 + 3 * MIN, source: { ip: IP.PRIVATE } }),
        inst({ id: 'n5', time: T0 + 4 * MIN, source: { ip: IP.HOME, userAgent: 'amazon-ssm-agent/3.2' } }),
      ]),
    ).toEqual([]);
  });

  it('hard negative: human identities from home are not workloads', () => {
    expect(
      run([
        ev({ id: 'h1', time: T0, source: { ip: IP.HOME }, credential: { kind: 'temporary_key', id: 'ASIAHUMAN' } }),
      ]),
    ).toEqual([]);
  });

  it('hard negative: unknown networks stay quiet unless flagUnknownNetwork', () => {
    const events = [inst({ id: 'u1', time: T0, source: { ip: '8.8.4.4' } })];
    expect(run(events)).toEqual([]);
    expect(run(events, { ...defaults, flagUnknownNetwork: true }).map((x) => [x.severity, x.events])).toEqual([
      ['low', ['u1']],
    ]);
  });

  it(
    'GitHub Actions credentials: fine from any of the big clouds, high from elsewhere (Elastic: ' +
      'GitHub Actions credentials from non-CI infrastructure)',
    () => {
      const ci = { kind: 'temporary_key' as const, id: 'ASIACI' };
      const actor = { id: 'arn:aws:sts::111122223333:assumed-role/gha-deploy/GitHubActions', kind: 'human' as const };
      const f = run([
        ev({
          id: 'c1',
          time: T0,
          actor,
          credential: ci,
          source: { ip: IP.AZURE, userAgent: 'aws-sdk-nodejs/3 configured-with aws-credentials-for-github-actions' },
        }),
        ev({ id: 'c2', time: T0 + MIN, actor, credential: ci, source: { ip: IP.AWS } }),
        ev({
          id: 'c3',
          time: T0 + 20 * MIN,
          actor,
          credential: ci,
          source: { ip: IP.HOSTING, userAgent: 'aws-cli/2.15' },
        }),
      ]);
      expect(f.map((x) => [x.severity, x.events, x.tokens])).toEqual([['high', ['c3'], ['ASIACI']]]);
      expect(f[0]!.title).toBe(`CI credential of ${actor.id} used from outside AZURE/AWS/GCP`);
    },
  );
});

describe('clientOf', () => {
  it('names the program, the platform and the AWS runtime marker', () => {
    expect(clientOf('aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64 prompt/off')).toMatchObject({
      tool: 'aws-cli',
      os: 'Darwin',
      label: 'aws-cli on Darwin',
    });
    expect(clientOf('aws-sdk-go/1.50.0 (go1.21.5; linux; amd64)')).toMatchObject({
      tool: 'aws-sdk-go',
      os: 'Linux',
      sdk: true,
    });
    expect(clientOf('Boto3/1.34 os/linux#5.10 exec-env/AWS_Lambda_python3.12 Botocore/1.34')).toMatchObject({
      tool: 'Boto3',
      env: 'AWS_Lambda_python3.12',
    });
    expect(clientOf('python-requests/2.31.0')).toMatchObject({ tool: 'python-requests', scripting: true });
    expect(clientOf('amazon-ssm-agent/3.3.40.0')?.tool).toBe('SSM agent');
    expect(clientOf('aws-cli/2.15 distrib#kali')?.label).toBe('aws-cli [Kali Linux]');
    expect(clientOf('')).toBeUndefined();
  });
  it('never throws and always names a tool of at most 40 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (ua) => {
        const c = clientOf(ua);
        if (c) expect(c.tool.length).toBeGreaterThan(0);
        if (c) expect(c.tool.length).toBeLessThanOrEqual(40);
      }),
    );
  });
});

describe('instance, task and function sessions judged on their own history', () => {
  const A = 'arn:aws:sts::111122223333:assumed-role/batch-role/i-0f9e8d7c6b5a43210';
  const sdk = 'Boto3/1.34.34 os/linux#6.1.72 Botocore/1.34.34';
  const mac = 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64';
  const use = (id: string, t: number, ip: string, ua: string | undefined, key: string, name = 'GetObject') =>
    ev({
      id,
      time: t,
      actor: { id: A, kind: 'workload', type: 'AssumedRole' },
      credential: { kind: 'temporary_key', id: key },
      source: { ip, ...(ua ? { userAgent: ua } : {}) },
      action: { name, verb: 'read' },
    });

  it('an OS change alone is medium; with GetCallerIdentity first it is high and the detail names both', () => {
    const home = [use('h1', T0, IP.PRIVATE, sdk, 'key-1'), use('h2', T0 + 10 * MIN, IP.PRIVATE, sdk, 'key-1')];
    const alone = run([...home, use('x1', T0 + 20 * MIN, IP.PRIVATE, mac, 'key-1', 'ListBuckets')]);
    expect(alone.map((f) => [f.severity, f.events])).toEqual([['medium', ['x1']]]);
    expect(alone[0]!.detail).toContain('the client changed from Boto3 on Linux to aws-cli on Darwin');
    const who = run([...home, use('x1', T0 + 20 * MIN, IP.PRIVATE, mac, 'key-1', 'GetCallerIdentity')]);
    expect(who.map((f) => f.severity)).toEqual(['high']);
    expect(who[0]!.detail).toContain('first call from aws-cli on Darwin was sts:GetCallerIdentity');
  });

  it('a key the instance rotated away from, used by a new client, is named with the delay', () => {
    const f = run([
      use('h1', T0, IP.PRIVATE, sdk, 'KA'),
      use('h2', T0 + 60 * MIN, IP.PRIVATE, sdk, 'KB'),
      use('x1', T0 + 100 * MIN, IP.PRIVATE, mac, 'KA', 'ListBuckets'),
    ]);
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0]!.detail).toContain('access key KA was still used 40 min after the workload rotated to KB');
  });

  it('hard negative: rotation with overlapping keys from the same client is normal', () => {
    expect(
      run([
        use('h1', T0, IP.PRIVATE, sdk, 'KA'),
        use('h2', T0 + 60 * MIN, IP.PRIVATE, sdk, 'KB'),
        use('h3', T0 + 100 * MIN, IP.PRIVATE, sdk, 'KA'),
        use('h4', T0 + 110 * MIN, IP.PRIVATE, 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.72 exe/x86_64.amzn.2023', 'KB'),
      ]),
    ).toEqual([]);
  });

  it('a public AWS address nothing ties to the instance, by a client naming no server platform: medium (Panther alerts on every public source)', () => {
    expect(run([use('x1', T0, IP.AWS, 'aws-cli/2.15.0', 'key-1', 'DescribeInstances')]).map((f) => f.severity)).toEqual(
      ['medium'],
    );
    // The same address also used by the instance's own SDK: it is the instance's.
    expect(run([use('h1', T0, IP.AWS, sdk, 'key-1'), use('h2', T0 + MIN, IP.AWS, 'aws-cli/2.15.0', 'key-1')])).toEqual(
      [],
    );
  });

  it('a second public AWS address is supporting evidence only', () => {
    expect(run([use('h1', T0, IP.AWS, sdk, 'key-1'), use('h2', T0 + MIN, IP.AWS2, sdk, 'key-1')])).toEqual([]);
    const f = run([use('h1', T0, IP.AWS, sdk, 'key-1'), use('x1', T0 + MIN, IP.AWS2, mac, 'key-1')]);
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0]!.detail).toContain(`${IP.AWS2} is another AWS address than the instance's own (${IP.AWS})`);
  });

  it('a role session that began in a browser is not made a Lambda workload by a later runtime marker', () => {
    const actor = {
      id: 'arn:aws:sts::111122223333:assumed-role/dev-role/jane',
      kind: 'human' as const,
      type: 'AssumedRole',
    };
    const f = run([
      ev({
        id: 'b1',
        time: T0,
        actor,
        source: { ip: IP.OFFICE, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' },
      }),
      ev({
        id: 'b2',
        time: T0 + MIN,
        actor,
        source: { ip: IP.AWS, userAgent: 'aws-sdk-go/1.40.21 (go1.17; linux; amd64) exec-env/AWS_Lambda_go1.x' },
      }),
      ev({
        id: 'b3',
        time: T0 + 2 * MIN,
        actor,
        source: { ip: IP.OFFICE, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' },
      }),
    ]);
    expect(f).toEqual([]);
  });

  it('hard negative: EC2 Mac and Windows instances keep their own platform', () => {
    const macCli = 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64 prompt/off';
    expect(
      run([
        use('h1', T0, IP.PRIVATE, 'aws-sdk-go/1.50.0 (go1.21.5; darwin; arm64)', 'key-1'),
        use('h2', T0 + MIN, IP.PRIVATE, macCli, 'key-1'),
      ]),
    ).toEqual([]);
    const win = 'aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off';
    expect(
      run([
        use('h1', T0, IP.PRIVATE, 'AWSPowerShell/4.1.500 .NET_Runtime/4.0 Windows/10.0.17763', 'key-1'),
        use('h2', T0 + MIN, IP.PRIVATE, win, 'key-1'),
      ]),
    ).toEqual([]);
  });

  it('the SSM agent services and RegisterManagedInstance are the platform even from a public address', () => {
    expect(
      run([
        inst({
          id: 'p1',
          time: T0,
          source: { ip: IP.HOSTING },
          action: { name: 'CreateControlChannel', service: 'ssmmessages.amazonaws.com' },
        }),
        inst({
          id: 'p2',
          time: T0 + MIN,
          source: { ip: IP.HOSTING },
          action: { name: 'RegisterManagedInstance', service: 'ec2.amazonaws.com' },
        }),
      ]),
    ).toEqual([]);
  });
});

describe('on CloudTrail records written from the AWS documentation (real offline intel)', () => {
  let intelReal: Awaited<ReturnType<typeof loadOfflineIntel>>;
  beforeAll(async () => {
    intelReal = await loadOfflineIntel();
  });
  // Trail files as CloudTrail writes them: {"Records":[…]}.
  const read = (f: string) => parseAllWith(cloudtrail, loadFixture(`cloudtrail/workload-credentials/${f}`), f);
  const findings = (f: string) =>
    workloadCredentialOffsite.evaluate(buildContext(read(f), { intel: intelReal }), defaults);
  const idsOf = (f: string, pred: (r: TokenEvent) => boolean) =>
    read(f)
      .filter(pred)
      .map((e) => e.id);

  it('reads ec2RoleDelivery and the session name into details', () => {
    const e = read('instance-stolen-to-tor.json')[0]!;
    expect(e.details).toMatchObject({ ec2RoleDelivery: '2.0', sessionName: 'i-0a1b2c3d4e5f60718' });
  });

  it('instance credentials from the VPC, then a Tor exit with python-requests: high, and escalate', () => {
    const f = findings('instance-stolen-to-tor.json');
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0]!.events).toEqual(idsOf('instance-stolen-to-tor.json', (e) => e.source.ip === '185.220.101.1'));
    expect(f[0]!.detail).toContain(
      "Instance i-0a1b2c3d4e5f60718's role session (role web-app-role, credentials from IMDSv2) normally " +
        'used from 10.0.1.50 via VPC endpoint vpce-0a1b2c3d4e5f60718',
    );
    expect(f[0]!.detail).toContain('with aws-sdk-go on Linux');
    expect(f[0]!.detail).toContain('185.220.101.1 (AS60729');
    expect(f[0]!.detail).toContain('first call from python-requests was sts:GetCallerIdentity');
    expect(runEngine(read('instance-stolen-to-tor.json'), { intel: intelReal }).verdict).toBe('escalate');
  });

  it('anonymised addresses: the Darwin aws-cli on a rotated-away key, first call GetCallerIdentity, is high', () => {
    const f = findings('instance-stolen-masked.json');
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0]!.events).toEqual(idsOf('instance-stolen-masked.json', (e) => /Darwin/.test(e.source.userAgent ?? '')));
    expect(f[0]!.detail).toContain('credentials from IMDSv1');
    expect(f[0]!.detail).toContain('the client changed from Boto3 on Linux to aws-cli on Darwin');
    expect(f[0]!.detail).toContain(
      'access key ASIAEXAMPLEBATCH0A1 was still used 35 min after the workload rotated to ASIAEXAMPLEBATCH0B2',
    );
  });

  it("a Lambda function's keys on a Windows workstation: high", () => {
    const f = findings('function-keys-to-workstation.json');
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0]!.detail).toContain("Lambda function billing-export's role session");
    expect(f[0]!.events).toEqual(idsOf('function-keys-to-workstation.json', (e) => e.source.ip === '73.15.20.10'));
  });

  it('the instance session on the address only staff IAM users use: medium, the address the only signal', () => {
    const f = findings('instance-on-staff-address.json');
    expect(f.map((x) => x.severity)).toEqual(['medium']);
    expect(f[0]!.detail).toContain('198.51.100.7 is otherwise used only by 2 human identities');
  });

  it('hard negatives: an instance, an ECS task and a Lambda function at work give no finding and no escalation', () => {
    expect(findings('workloads-normal.json')).toEqual([]);
    expect(runEngine(read('workloads-normal.json'), { intel: intelReal }).verdict).not.toBe('escalate');
  });
});
