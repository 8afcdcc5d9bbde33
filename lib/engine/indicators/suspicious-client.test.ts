import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { suspiciousClient, PACKAGE_MANAGER_USER_AGENTS } from './suspicious-client';
import { OFFENSIVE_USER_AGENTS, SCRIPTING_USER_AGENTS } from '../../model/client-kind';
import { ev, series, T0, MIN, HOUR } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const defaults = suspiciousClient.settings.parse({});
const run = (events: TokenEvent[], s = defaults) => suspiciousClient.evaluate(buildContext(events), s);
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36';
const warm = () => series(12, T0 - 12 * HOUR, HOUR, (i) => ({ id: `h${i}`, source: { userAgent: BROWSER } }));

describe('suspicious-client', () => {
  it('every rule names the public content that uses it', () => {
    for (const r of [...OFFENSIVE_USER_AGENTS, ...SCRIPTING_USER_AGENTS, ...PACKAGE_MANAGER_USER_AGENTS])
      expect(r.source.length).toBeGreaterThan(3);
  });

  it('TruffleHog and Kali are high on sight, one finding per tool', () => {
    const f = run([
      ev({
        id: 't1',
        time: T0,
        action: { name: 'GetCallerIdentity', verb: 'read' },
        source: { userAgent: 'TruffleHog' },
        credential: { kind: 'long_term_key', id: 'AKIA1' },
      }),
      ev({
        id: 'k1',
        time: T0 + MIN,
        source: {
          userAgent:
            'aws-cli/2.15.0 Python/3.11 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off command/s3.ls distrib#kali.2024',
        },
      }),
      ev({
        id: 'k2',
        time: T0 + 2 * MIN,
        source: { userAgent: 'Boto3/1.34 md/Botocore#1.34 ua/2.0 os/linux#6.6.9-amd64 md/distrib#kali.2024' },
      }),
    ]);
    expect(f.map((x) => [x.indicator, x.severity, x.events, x.title])).toEqual([
      ['suspicious-client', 'high', ['t1'], `${ALICE} used the attacker tool TruffleHog`],
      ['suspicious-client', 'high', ['k1', 'k2'], `${ALICE} used the attacker tool Kali Linux`],
    ]);
    expect(f[0]!.tokens).toEqual(['AKIA1']);
    expect(f[1]!.detail).toContain('GuardDuty PenTest:IAMUser/KaliLinux');
  });

  it('AzureHound, ROADtools and BAV2ROPC (clientAppUsed) on Entra sign-ins', () => {
    const f = run([
      ev({
        id: 'a',
        provider: 'entra',
        time: T0,
        actor: { id: 'bob@contoso.com', kind: 'human' },
        source: { userAgent: 'azurehound/v2.1.7' },
      }),
      ev({
        id: 'r',
        provider: 'entra',
        time: T0 + MIN,
        actor: { id: 'bob@contoso.com', kind: 'human' },
        source: { userAgent: 'python-requests/2.31 roadtx' },
      }),
      ev({
        id: 'b',
        provider: 'entra',
        time: T0 + 2 * MIN,
        actor: { id: 'bob@contoso.com', kind: 'human' },
        details: { clientAppUsed: 'BAV2ROPC' },
      }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([
      ['high', ['a']],
      ['high', ['r']],
      ['high', ['b']],
    ]);
  });

  it('python-requests from a browser user with warm history is medium', () => {
    const f = run([
      ...warm(),
      ev({ id: 'p1', time: T0, source: { userAgent: 'python-requests/2.31.0' } }),
      ev({ id: 'p2', time: T0 + MIN, source: { userAgent: 'python-requests/2.31.0' } }),
    ]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['p1', 'p2']]]);
    expect(f[0]!.detail).toContain('"python-requests/2.31.0"');
    expect(f[0]!.detail).toContain('normally uses a web browser');
  });

  it('hard negative → low: an automation identity that always uses curl, and a cold identity', () => {
    const bot = { id: 'arn:aws:iam::111122223333:user/ci-bot', kind: 'human' as const };
    const f = run([
      ...series(15, T0 - 15 * HOUR, HOUR, (i) => ({ id: `c${i}`, actor: bot, source: { userAgent: 'curl/8.5.0' } })),
      ev({ id: 'cold', time: T0, actor: { id: 'newbie', kind: 'human' }, source: { userAgent: 'Go-http-client/1.1' } }),
    ]);
    expect(f.map((x) => [x.severity, x.identities, x.events.length])).toEqual([
      ['low', [bot.id], 15],
      ['low', ['newbie'], 1],
    ]);
  });

  it('package managers only matter in the GitHub audit log', () => {
    const gh = (id: string, ua: string, provider: 'github' | 'aws' = 'github') =>
      ev({
        id,
        provider,
        time: T0,
        actor: { id: 'octocat', kind: 'human' },
        action: { name: 'git.clone', verb: 'read' },
        source: { userAgent: ua },
      });
    expect(run([gh('n1', 'npm/10.2.4 node/v20.11.0 linux x64')]).map((x) => [x.severity, x.events, x.title])).toEqual([
      ['low', ['n1'], 'octocat used a package-manager client npm'],
    ]);
    expect(run([gh('n2', 'npm/10.2.4 node/v20.11.0', 'aws')])).toEqual([]);
  });

  it('hard negative: normal browsers, SDKs and the AWS CLI, service callers', () => {
    expect(
      run([
        ev({ id: 'x1', time: T0, source: { userAgent: BROWSER } }),
        ev({
          id: 'x2',
          time: T0,
          source: { userAgent: 'aws-cli/2.15.0 Python/3.11.6 Darwin/23.2.0 exe/x86_64 prompt/off command/s3.ls' },
        }),
        ev({ id: 'x3', time: T0, source: { userAgent: 'aws-sdk-java/1.12 Linux/5.10 OpenJDK_64-Bit_Server_VM/17' } }),
        ev({
          id: 'x4',
          time: T0,
          actor: { id: 'lambda.amazonaws.com', kind: 'service' },
          source: { userAgent: 'python-requests/2.31' },
        }),
        ev({
          id: 'x5',
          time: T0,
          source: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/121.0 (Kalish theme)' },
        }),
      ]),
    ).toEqual([]);
  });

  it("hard negative: the console's own back ends and infrastructure as code are not scripting clients, even with warm history", () => {
    const uas = [
      'aws-internal/3 aws-sdk-java/1.12.692 Linux/5.10.213-179.855.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+9-LTS ' +
        'java/1.8.0_402 vendor/N/A cfg/retry-mode/standard',
      '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.1030 Linux/5.4.238-155.347.amzn2int.x86_64 ' +
        'OpenJDK_64-Bit_Server_VM/25.362-b10 java/1.8.0_362 vendor/Oracle_Corporation cfg/retry-mode/standard]',
      'APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/5.17.0 aws-sdk-go-v2/1.21.0 os/linux lang/go#1.20.8',
    ];
    const f = run([
      ...warm(),
      ...uas.map((ua, i) => ev({ id: `c${i}`, time: T0 + i * MIN, source: { userAgent: ua } })),
    ]);
    expect(f).toEqual([]);
    // Stripped console sessions (no userIdentity): no identity, nothing to compare with, no finding.
    const stripped = run(
      uas.map((ua, i) =>
        ev({ id: `s${i}`, time: T0 + i * MIN, actor: { id: 'unknown', kind: 'unknown' }, source: { userAgent: ua } }),
      ),
    );
    expect(stripped).toEqual([]);
  });

  it('positive: curl from an identity that normally uses a web browser is medium; Pacu and TruffleHog without a caller are still high', () => {
    const f = run([...warm(), ev({ id: 'c1', time: T0, source: { userAgent: 'curl/8.4.0' } })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['medium', ['c1']]]);
    expect(f[0]!.detail).toContain('normally uses a web browser');
    const loose = run([
      ev({ id: 't1', time: T0, actor: { id: 'unknown', kind: 'unknown' }, source: { userAgent: 'TruffleHog' } }),
      ev({
        id: 'p1',
        time: T0 + MIN,
        actor: { id: 'unknown', kind: 'unknown' },
        source: { userAgent: 'aws-cli/1.16.102 Python/3.7.3 botocore/1.12.92 Pacu' },
      }),
    ]);
    expect(loose.map((x) => [x.severity, x.events, x.identities])).toEqual([
      ['high', ['t1'], []],
      ['high', ['p1'], []],
    ]);
  });

  it('scripting clients can be switched off', () => {
    expect(
      run([ev({ id: 'p', time: T0, source: { userAgent: 'python-requests/2.31' } })], {
        ...defaults,
        scriptingClients: false,
      }),
    ).toEqual([]);
  });
});
