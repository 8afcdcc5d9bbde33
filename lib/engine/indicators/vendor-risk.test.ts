import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { vendorRisk, vendorRiskSettings } from './vendor-risk';

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  vendorRisk.evaluate(buildContext(events), vendorRiskSettings.parse(o));
const sev = (f: ReturnType<typeof run>) => f.map((x) => [x.severity, x.events]);

const signin = (id: string, risk: TokenEvent['risk'], t = T0) =>
  ev({
    id,
    time: t,
    provider: 'entra',
    format: 'entra-signin',
    class: 'authentication',
    actor: { id: 'alice@contoso.com' },
    action: { name: 'Sign-in', service: 'Microsoft Graph', verb: 'auth' },
    source: { ip: '198.51.100.7' },
    risk,
  });

describe('vendor-risk', () => {
  it('defaults', () => {
    expect(vendorRiskSettings.parse({})).toEqual({
      entraNoisyBelowHighAs: 'low',
      oktaBehaviorSeverity: 'low',
      maxEvidence: 50,
    });
  });

  it('GuardDuty: InstanceCredentialExfiltration is high whatever the numeric severity; Tor is medium; numeric severity maps', () => {
    const gd = (id: string, findingType: string, severity: number, t: number) =>
      ev({
        id,
        time: t,
        format: 'guardduty',
        actor: { id: 'arn:aws:sts::111122223333:assumed-role/web/i-0abc', kind: 'workload' },
        action: { name: findingType, service: 'guardduty', verb: 'read' },
        details: { findingType, severity },
        risk: { level: 'medium', detections: [findingType], vendor: 'GuardDuty' },
      });
    const f = run([
      gd('g1', 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', 5, T0),
      gd('g2', 'UnauthorizedAccess:IAMUser/TorIPCaller', 2, T0 + MIN),
      gd('g3', 'Discovery:IAMUser/AnomalousBehavior', 8, T0 + 2 * MIN),
      gd('g4', 'Recon:IAMUser/AnomalousBehavior', 2, T0 + 3 * MIN),
    ]);
    expect(sev(f)).toEqual([
      ['high', ['g1']],
      ['medium', ['g2']],
      ['high', ['g3']],
      ['low', ['g4']],
    ]);
    expect(f[0]!.title).toBe(
      'GuardDuty: UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS for arn:aws:sts::111122223333:assumed-role/web/i-0abc',
    );
    expect(f[0]!.detail).toContain('instance credentials used outside AWS');
  });

  it('Entra: high is strong; noisy low/medium detections are supporting; AiTM at medium stays medium', () => {
    const f = run([
      signin('e1', { level: 'high', detections: ['anomalousToken'], vendor: 'Entra ID Protection' }),
      signin(
        'e2',
        { level: 'medium', detections: ['anomalousToken', 'unfamiliarFeatures'], vendor: 'Entra ID Protection' },
        T0 + MIN,
      ),
      signin(
        'e3',
        { level: 'medium', detections: ['attackerinTheMiddle'], vendor: 'Entra ID Protection' },
        T0 + 2 * MIN,
      ),
      signin('e4', { level: 'low', detections: ['anonymizedIPAddress'], vendor: 'Entra ID Protection' }, T0 + 3 * MIN),
    ]);
    expect(sev(f)).toEqual([
      ['high', ['e1']],
      ['low', ['e2']],
      ['medium', ['e3']],
      ['low', ['e4']],
    ]);
    expect(f[0]!.title).toBe('Entra ID Protection: anomalousToken for alice@contoso.com');
  });

  it('hard negative: ordinary sign-ins with risk level none and no detections produce nothing', () => {
    expect(
      run([
        signin('n1', { level: 'none', detections: [], vendor: 'Entra ID Protection' }),
        signin('n2', undefined, T0 + MIN),
      ]),
    ).toEqual([]);
  });

  it('same detection on several events of one identity is one finding', () => {
    const r = { level: 'high' as const, detections: ['unlikelyTravel'], vendor: 'Entra ID Protection' };
    expect(sev(run([signin('a', r), signin('b', r, T0 + MIN)]))).toEqual([['high', ['a', 'b']]]);
  });

  it('Okta: threatSuspected, security.threat.detected, user.risk.detect high, behaviours', () => {
    const okta = (id: string, name: string, o: Parameters<typeof ev>[0], t: number) =>
      ev({
        id,
        time: t,
        provider: 'okta',
        format: 'okta',
        actor: { id: 'bob@example.com' },
        action: { name, service: 'okta', verb: 'auth' },
        ...o,
      });
    const f = run([
      okta('o1', 'user.session.start', { details: { threatSuspected: 'true' } }, T0),
      okta('o2', 'security.threat.detected', {}, T0 + MIN),
      okta(
        'o3',
        'user.risk.detect',
        { risk: { level: 'high', detections: ['Associated sessionId is suspected to be hijacked'], vendor: 'Okta' } },
        T0 + 2 * MIN,
      ),
      okta('o4', 'user.session.start', { details: { behaviors: ['New IP', 'New Device'] } }, T0 + 3 * MIN),
    ]);
    expect(sev(f)).toEqual([
      ['medium', ['o1']],
      ['medium', ['o2']],
      ['high', ['o3']],
      ['low', ['o4']],
    ]);
    expect(f[0]!.title).toBe('Okta ThreatInsight: threat suspected for bob@example.com');
    expect(f[3]!.title).toBe('Okta: behaviours New IP, New Device for bob@example.com');
  });

  it('Workspace: suspicious_login, gov_attack_warning, is_suspicious', () => {
    const ws = (id: string, name: string, details: Record<string, boolean>, t: number) =>
      ev({
        id,
        time: t,
        provider: 'workspace',
        format: 'workspace-login',
        class: 'authentication',
        actor: { id: 'carol@example.com' },
        action: { name, service: 'login', verb: 'auth' },
        details,
      });
    const f = run([
      ws('w1', 'suspicious_login', {}, T0),
      ws('w2', 'gov_attack_warning', {}, T0 + MIN),
      ws('w3', 'login_success', { isSuspicious: true }, T0 + 2 * MIN),
      ws('w4', 'login_success', { isSuspicious: false }, T0 + 3 * MIN),
    ]);
    expect(sev(f)).toEqual([
      ['medium', ['w1']],
      ['high', ['w2']],
      ['medium', ['w3']],
    ]);
  });
});

describe('vendor-risk: risks the vendor itself closed', () => {
  it('keeps a dismissed, remediated or confirmed-safe Entra risk as info, naming the state', () => {
    for (const riskState of ['dismissed', 'remediated', 'confirmedSafe']) {
      const e = ev({
        provider: 'entra',
        format: 'entra-signin',
        class: 'authentication',
        risk: { level: 'high', detections: ['unfamiliarFeatures'], vendor: 'entra' },
        details: { riskState },
      });
      const [f] = vendorRisk.evaluate(buildContext([e]), vendorRiskSettings.parse({}));
      expect(f?.severity).toBe('info');
      expect(f?.title).toContain(riskState);
    }
    const open = ev({
      provider: 'entra',
      format: 'entra-signin',
      class: 'authentication',
      risk: { level: 'high', detections: ['unfamiliarFeatures'], vendor: 'entra' },
      details: { riskState: 'atRisk' },
    });
    expect(vendorRisk.evaluate(buildContext([open]), vendorRiskSettings.parse({}))[0]?.severity).toBe('high');
  });
});
