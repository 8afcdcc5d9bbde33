import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { refreshTokenAbuse, refreshTokenAbuseSettings } from './refresh-token-abuse';

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  refreshTokenAbuse.evaluate(buildContext(events), refreshTokenAbuseSettings.parse(o));
const sev = (f: ReturnType<typeof run>) => f.map((x) => [x.severity, x.events]);

const BROKER = '29d9ed98-a469-4536-ade2-f981bc1d605e';
type O = Parameters<typeof ev>[0];
const signin = (
  id: string,
  t: number,
  o: {
    incoming?: string;
    app?: string;
    managed?: boolean;
    ip?: string;
    asn?: number;
    code?: string;
    sid?: string;
  } = {},
  extra: O = {},
) =>
  ev({
    id,
    time: t,
    provider: 'entra',
    format: 'entra-signin',
    class: 'authentication',
    actor: { id: 'alice@contoso.com' },
    credential: {
      kind: 'oauth_refresh_token',
      id: 'uti-' + id,
      sessionId: o.sid ?? 'sid-1',
      incomingType: o.incoming,
      deviceId: 'dev-x',
    },
    action: { name: 'Sign-in', service: 'Microsoft Graph', verb: 'auth', interactive: false },
    app: o.app ? { id: o.app, name: o.app === BROKER ? 'Microsoft Authentication Broker' : 'Outlook' } : undefined,
    source: { ip: o.ip ?? '198.51.100.7', asn: o.asn },
    outcome: o.code ? { success: false, code: o.code } : { success: true },
    details: o.managed === undefined ? undefined : { deviceManaged: o.managed },
    ...extra,
  });

describe('refresh-token-abuse', () => {
  it('defaults', () => {
    expect(refreshTokenAbuseSettings.parse({})).toEqual({
      prtWindowMs: 3_600_000,
      brokerAppIds: [BROKER],
      checkSessionTypeChange: true,
      revokedThenSuccessWindowMs: 600_000,
      maxEvidence: 50,
    });
  });

  it('Okta refresh-token reuse is high', () => {
    const f = run([
      ev({
        id: 'o1',
        provider: 'okta',
        format: 'okta',
        actor: { id: 'bob@example.com' },
        action: { name: 'app.oauth2.as.token.detect_reuse', service: 'okta', verb: 'auth' },
        app: { name: 'Portal' },
      }),
    ]);
    expect(sev(f)).toEqual([['high', ['o1']]]);
    expect(f[0]!.detail).toContain('for Portal');
  });

  it('OAuth PRT issuance to a non-managed device: broker refresh token then PRT on an unmanaged device within 1 h is medium', () => {
    const f = run(
      [
        signin('r1', T0, { incoming: 'refreshToken', app: BROKER, sid: 's-a' }),
        signin('p1', T0 + 20 * MIN, { incoming: 'primaryRefreshToken', managed: false, sid: 's-b' }),
      ],
      { checkSessionTypeChange: false },
    );
    expect(sev(f)).toEqual([['medium', ['r1', 'p1']]]);
    expect(f[0]!.detail).toContain('PRT sign-in on unmanaged dev-x');
  });

  it('hard negatives for the PRT chain: managed device, beyond the window, refresh by another client', () => {
    const opts = { checkSessionTypeChange: false };
    expect(
      run(
        [
          signin('r1', T0, { incoming: 'refreshToken', app: BROKER }),
          signin('p1', T0 + MIN, { incoming: 'primaryRefreshToken', managed: true }),
        ],
        opts,
      ),
    ).toEqual([]);
    expect(
      run(
        [
          signin('r1', T0, { incoming: 'refreshToken', app: BROKER }),
          signin('p1', T0 + 61 * MIN, { incoming: 'primaryRefreshToken', managed: false }),
        ],
        opts,
      ),
    ).toEqual([]);
    expect(
      run(
        [
          signin('r1', T0, { incoming: 'refreshToken', app: 'outlook-id' }),
          signin('p1', T0 + MIN, { incoming: 'primaryRefreshToken', managed: false }),
        ],
        opts,
      ),
    ).toEqual([]);
  });

  it('incoming token type change in one session is low; none is ignored', () => {
    const f = run([
      signin('a', T0, { incoming: 'none', sid: 's1' }),
      signin('b', T0 + MIN, { incoming: 'refreshToken', sid: 's1' }),
      signin('c', T0 + 2 * MIN, { incoming: 'refreshToken', sid: 's1' }),
      signin('d', T0 + 3 * MIN, { incoming: 'primaryRefreshToken', sid: 's1' }),
      signin('e', T0 + 4 * MIN, { incoming: 'none', sid: 's2' }),
      signin('f', T0 + 5 * MIN, { incoming: 'refreshToken', sid: 's2' }),
    ]);
    expect(sev(f)).toEqual([['low', ['b', 'd']]]);
    expect(f[0]!.detail).toBe('session s1: incomingTokenType refreshToken → primaryRefreshToken');
  });

  it('70008 then success from another ASN is medium; same ASN other IP is low; same IP nothing', () => {
    const opts = { checkSessionTypeChange: false };
    expect(
      sev(
        run(
          [
            signin('x1', T0, { code: '70008', ip: '203.0.113.5', asn: 64500 }),
            signin('x2', T0 + 5 * MIN, { ip: '198.51.100.7', asn: 64501 }),
          ],
          opts,
        ),
      ),
    ).toEqual([['medium', ['x1', 'x2']]]);
    expect(
      sev(
        run(
          [
            signin('y1', T0, { code: '700082', ip: '203.0.113.5', asn: 64500 }),
            signin('y2', T0 + 5 * MIN, { ip: '203.0.113.6', asn: 64500 }),
          ],
          opts,
        ),
      ),
    ).toEqual([['low', ['y1', 'y2']]]);
    expect(
      run(
        [signin('z1', T0, { code: '70008', ip: '203.0.113.5' }), signin('z2', T0 + 5 * MIN, { ip: '203.0.113.5' })],
        opts,
      ),
    ).toEqual([]);
    expect(
      run(
        [signin('w1', T0, { code: '70008', ip: '203.0.113.5' }), signin('w2', T0 + 11 * MIN, { ip: '198.51.100.9' })],
        opts,
      ),
    ).toEqual([]);
    expect(
      run(
        [signin('v1', T0, { code: '50126', ip: '203.0.113.5' }), signin('v2', T0 + MIN, { ip: '198.51.100.9' })],
        opts,
      ),
    ).toEqual([]);
  });
});
