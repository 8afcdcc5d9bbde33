import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { workloadCredentialOffsite } from './workload-credential-offsite';
import { ev, T0, MIN } from '../../../test/support/events';
import { fakeIntel, IP } from '../../../test/support/fake-intel';
import type { TokenEvent } from '../../model/token-event';

const intel = fakeIntel();
const defaults = workloadCredentialOffsite.settings.parse({});
const run = (events: TokenEvent[], s = defaults) => workloadCredentialOffsite.evaluate(buildContext(events, { intel }), s);

const ROLE = 'arn:aws:sts::111122223333:assumed-role/web-role/i-0abc123def4567890';
const inst = (o: Parameters<typeof ev>[0]) =>
  ev({ actor: { id: ROLE, kind: 'workload', type: 'AssumedRole' }, credential: { kind: 'temporary_key', id: 'ASIAINSTANCE' }, ...o });

describe('workload-credential-offsite', () => {
  it('flags instance-role credentials used from a home broadband address as high (OutsideAWS)', () => {
    const f = run([
      inst({ id: 'w1', time: T0, source: { ip: IP.AWS } }),
      inst({ id: 'w2', time: T0 + MIN, source: { ip: IP.AWS2 } }),
      inst({ id: 'x1', time: T0 + 30 * MIN, source: { ip: IP.HOME, userAgent: 'aws-cli/2.15 distrib#kali' }, action: { name: 'GetCallerIdentity', verb: 'read' } }),
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
    expect(f[0]!.detail).toContain('2 use(s) off-platform, 2 from its home network');
  });

  it('another cloud is medium (someone else’s compute)', () => {
    const f = run([inst({ id: 'x1', time: T0, source: { ip: IP.AZURE } })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['x1']]]);
  });

  it('GCP compute default service account used from a VPS is high (Stratus Red Team: GCE service account used outside GCP)', () => {
    const sa = '123456789-compute@developer.gserviceaccount.com';
    const f = run([
      ev({ id: 'g1', provider: 'gcp', format: 'gcp-audit', time: T0, actor: { id: sa, kind: 'workload' }, source: { ip: IP.GCP } }),
      ev({ id: 'g2', provider: 'gcp', format: 'gcp-audit', time: T0 + MIN, actor: { id: sa, kind: 'workload' }, source: { ip: IP.HOSTING2 } }),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.identities])).toEqual([['high', ['g2'], [sa]]]);
  });

  it('hard negative: service callers, invokedBy, SSM agent, private VPC addresses and in-cloud IPs are the platform', () => {
    expect(run([
      inst({ id: 'n1', time: T0, source: { ip: IP.AWS } }),
      inst({ id: 'n2', time: T0 + MIN, source: { caller: 'ec2.amazonaws.com' } }),
      inst({ id: 'n3', time: T0 + 2 * MIN, source: { ip: IP.HOME }, details: { invokedBy: 'ssm.amazonaws.com' } }),
      inst({ id: 'n4', time: T0 + 3 * MIN, source: { ip: IP.PRIVATE } }),
      inst({ id: 'n5', time: T0 + 4 * MIN, source: { ip: IP.HOME, userAgent: 'amazon-ssm-agent/3.2' } }),
    ])).toEqual([]);
  });

  it('hard negative: human identities from home are not workloads', () => {
    expect(run([ev({ id: 'h1', time: T0, source: { ip: IP.HOME }, credential: { kind: 'temporary_key', id: 'ASIAHUMAN' } })])).toEqual([]);
  });

  it('hard negative: unknown networks stay quiet unless flagUnknownNetwork', () => {
    const events = [inst({ id: 'u1', time: T0, source: { ip: '8.8.4.4' } })];
    expect(run(events)).toEqual([]);
    expect(run(events, { ...defaults, flagUnknownNetwork: true }).map((x) => [x.severity, x.events])).toEqual([['low', ['u1']]]);
  });

  it('GitHub Actions credentials: fine from any of the big clouds, high from elsewhere (Elastic: GitHub Actions credentials from non-CI infrastructure)', () => {
    const ci = { kind: 'temporary_key' as const, id: 'ASIACI' };
    const actor = { id: 'arn:aws:sts::111122223333:assumed-role/gha-deploy/GitHubActions', kind: 'human' as const };
    const f = run([
      ev({ id: 'c1', time: T0, actor, credential: ci, source: { ip: IP.AZURE, userAgent: 'aws-sdk-nodejs/3 configured-with aws-credentials-for-github-actions' } }),
      ev({ id: 'c2', time: T0 + MIN, actor, credential: ci, source: { ip: IP.AWS } }),
      ev({ id: 'c3', time: T0 + 20 * MIN, actor, credential: ci, source: { ip: IP.HOSTING, userAgent: 'aws-cli/2.15' } }),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.tokens])).toEqual([['high', ['c3'], ['ASIACI']]]);
    expect(f[0]!.title).toBe(`CI credential of ${actor.id} used from outside AZURE/AWS/GCP`);
  });
});
