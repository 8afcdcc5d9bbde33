import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { consoleFromProgrammatic, consoleFromProgrammaticSettings } from './console-from-programmatic';

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  consoleFromProgrammatic.evaluate(buildContext(events), consoleFromProgrammaticSettings.parse(o));
const sev = (f: ReturnType<typeof run>) => f.map((x) => [x.severity, x.events]);

const signin = (id: string, name: 'GetSigninToken' | 'ConsoleLogin', o: Parameters<typeof ev>[0] = {}) =>
  ev({
    time: T0,
    ...o,
    id,
    class: 'authentication',
    action: { name, service: 'signin.amazonaws.com', verb: 'auth', interactive: name === 'ConsoleLogin' },
  });
const INSTANCE = 'arn:aws:sts::111122223333:assumed-role/web-role/i-0abc123';

describe('console-from-programmatic', () => {
  it('defaults', () => {
    expect(consoleFromProgrammaticSettings.parse({})).toEqual({
      workloadSeverity: 'high',
      programmaticSeverity: 'medium',
      ssoPortalUserAgents: ['Jersey/'],
      maxEvidence: 50,
    });
  });

  it('Elastic "AWS EC2 Instance Console Login via Assumed Role": instance role GetSigninToken then ConsoleLogin is one high finding', () => {
    const who = { id: INSTANCE, kind: 'workload' as const, type: 'AssumedRole' };
    const f = run([
      signin('s1', 'GetSigninToken', {
        actor: who,
        credential: { kind: 'temporary_key', id: 'ASIAINST' },
        source: { ip: '203.0.113.9', userAgent: 'python-requests/2.31' },
      }),
      signin('s2', 'ConsoleLogin', {
        time: T0 + MIN,
        actor: who,
        source: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0' },
      }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      indicator: 'console-from-programmatic',
      severity: 'high',
      events: ['s1', 's2'],
      identities: [INSTANCE],
      tokens: ['ASIAINST'],
    });
    expect(f[0]!.detail).toContain('instance / workload role credentials ASIAINST used for the console');
    expect(f[0]!.detail).toContain('python-requests/2.31');
  });

  it('federated user console login and a CLI temporary key turned into a console session are medium', () => {
    const f = run([
      signin('f1', 'ConsoleLogin', {
        actor: { id: 'arn:aws:sts::111122223333:federated-user/stratus', kind: 'federated', type: 'FederatedUser' },
      }),
      signin('t1', 'GetSigninToken', {
        time: T0 + MIN,
        actor: { id: 'arn:aws:sts::111122223333:assumed-role/dev/alice', type: 'AssumedRole' },
        credential: { kind: 'temporary_key', id: 'ASIACLI' },
        source: { userAgent: 'aws-cli/2.15' },
      }),
    ]);
    expect(sev(f)).toEqual([
      ['medium', ['f1']],
      ['medium', ['t1']],
    ]);
  });

  it('hard negative: SSO portal GetSigninToken (Jersey UA) of an instance-looking role', () => {
    const f = run([
      signin('j1', 'GetSigninToken', {
        actor: {
          id: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_abc/alice',
          type: 'AssumedRole',
          kind: 'federated',
        },
        credential: { kind: 'temporary_key', id: 'ASIASSO' },
        source: { userAgent: 'Jersey/${project.version}' },
      }),
    ]);
    expect(f).toEqual([]);
  });

  it('hard negative: console session ASIA key (fromConsole), SAML ConsoleLogin without a key, IAM user password login, failures', () => {
    const f = run([
      signin('n1', 'GetSigninToken', {
        actor: { id: 'arn:aws:sts::111122223333:assumed-role/dev/alice', type: 'AssumedRole' },
        credential: { kind: 'temporary_key', id: 'ASIACON', fromConsole: true },
      }),
      signin('n2', 'ConsoleLogin', {
        actor: { id: 'arn:aws:sts::111122223333:assumed-role/saml-dev/alice', type: 'AssumedRole' },
      }),
      signin('n3', 'ConsoleLogin', { actor: { id: 'arn:aws:iam::111122223333:user/alice', type: 'IAMUser' } }),
      signin('n4', 'ConsoleLogin', {
        actor: { id: INSTANCE, kind: 'workload' },
        outcome: { success: false, code: 'Failed authentication' },
      }),
    ]);
    expect(f).toEqual([]);
  });
});
