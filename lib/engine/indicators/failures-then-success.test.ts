import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { failuresThenSuccess } from './failures-then-success';
import { failureKind } from './catalog/auth-failures';
import { ev, T0, MIN, HOUR } from '../../../test/support/events';
import { fakeIntel, IP } from '../../../test/support/fake-intel';
import type { TokenEvent } from '../../model/token-event';
import { RecordRouter } from '../../sources/read-events';
import { runEngine } from '../run';
import { SESSIONS } from '../../../test/support/shared-material';

const intel = fakeIntel();
const defaults = failuresThenSuccess.settings.parse({});
const run = (events: TokenEvent[], s = defaults) => failuresThenSuccess.evaluate(buildContext(events, { intel }), s);
const signin = (o: Parameters<typeof ev>[0] & { user?: string; code?: string }) => {
  const { user = 'bob@contoso.com', code, ...rest } = o;
  return ev({
    provider: 'entra',
    format: 'entra-signin',
    class: 'authentication',
    actor: { id: user, kind: 'human' },
    action: { name: 'Sign-in', verb: 'auth', interactive: true },
    outcome: code ? { success: false, code } : { success: true },
    ...rest,
  });
};

describe('failures-then-success', () => {
  it('classifies failures per provider', () => {
    expect(failureKind(signin({ code: '50126' }))).toBe('auth');
    expect(failureKind(signin({ code: '50074' }))).toBeUndefined(); // MFA interrupt
    expect(failureKind(ev({ outcome: { success: false, code: 'AccessDenied' } }))).toBe('denied');
    expect(failureKind(ev({ provider: 'gcp', outcome: { success: false, code: '7' } }))).toBe('denied');
    expect(
      failureKind(
        ev({
          provider: 'okta',
          class: 'authentication',
          action: { name: 'user.session.start', verb: 'auth' },
          outcome: { success: false, reason: 'INVALID_CREDENTIALS' },
        }),
      ),
    ).toBe('auth');
    expect(failureKind(ev({ provider: 'workspace', action: { name: 'login_failure', verb: 'auth' } }))).toBe('auth');
  });

  it('four bad passwords, then a success for the same user, is medium', () => {
    const f = run([
      ...[0, 1, 2, 3].map((i) =>
        signin({ id: `f${i}`, time: T0 + i * MIN, code: '50126', source: { ip: IP.HOSTING } }),
      ),
      signin({ id: 's1', time: T0 + 30 * MIN, source: { ip: IP.HOSTING } }),
      signin({ id: 's2', time: T0 + 31 * MIN, source: { ip: IP.HOSTING } }),
    ]);
    expect(f).toEqual([
      expect.objectContaining({
        indicator: 'failures-then-success',
        severity: 'medium',
        events: ['f0', 'f1', 'f2', 'f3', 's1'],
        identities: ['bob@contoso.com'],
        tokens: [],
        time: T0,
      }),
    ]);
    expect(f[0]!.detail).toContain('50126 ×4 from 159.65.10.20');
    expect(f[0]!.detail).toContain('30 min after the first failure (window 360 min)');
  });

  it('hard negative: MFA interrupts, a couple of typos, and failures outside the window', () => {
    expect(
      run([
        ...[0, 1, 2].map((i) => signin({ id: `m${i}`, time: T0 + i * MIN, code: '50074' })),
        signin({ id: 's1', time: T0 + 5 * MIN }),
        ...[0, 1].map((i) => signin({ id: `t${i}`, time: T0 + HOUR + i * MIN, code: '50126' })),
        signin({ id: 's2', time: T0 + HOUR + 5 * MIN }),
        ...[0, 1, 2].map((i) => signin({ id: `o${i}`, user: 'carol@contoso.com', time: T0 + i * MIN, code: '50126' })),
        signin({ id: 's3', user: 'carol@contoso.com', time: T0 + 7 * HOUR }),
      ]),
    ).toEqual([]);
  });

  it('a password spray from one IP, then any success from it, is high', () => {
    const users = Array.from({ length: 12 }, (_, i) => `user${i}@contoso.com`);
    const fails = users.map((u, i) =>
      signin({
        id: `sp${String(i).padStart(2, '0')}`,
        user: u,
        time: T0 + i * MIN,
        code: '50126',
        source: { ip: IP.HOSTING2 },
      }),
    );
    const f = run([
      ...fails,
      signin({ id: 'win', user: 'user5@contoso.com', time: T0 + 20 * MIN, source: { ip: IP.HOSTING2 } }),
    ]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', events: [...fails.map((e) => e.id), 'win'], time: T0 });
    expect(f[0]!.identities).toHaveLength(12);
    expect(f[0]!.title).toBe('Password spray from one address, then a successful sign-in for user5@contoso.com');
  });

  it('hard negative: a few users mistyping behind the office NAT is not a spray', () => {
    const events = ['a', 'b', 'c', 'd', 'e'].map((u, i) =>
      signin({ id: `n${i}`, user: `${u}@contoso.com`, time: T0 + i * MIN, code: '50126', source: { ip: IP.OFFICE } }),
    );
    expect(
      run([...events, signin({ id: 'ok', user: 'a@contoso.com', time: T0 + 10 * MIN, source: { ip: IP.OFFICE } })]),
    ).toEqual([]);
  });

  it('AccessDenied recon, then a success, is low; fewer than 5 denials is nothing', () => {
    const denied = (i: number) =>
      ev({
        id: `d${i}`,
        time: T0 + i * MIN,
        action: { name: 'ListSecrets', verb: 'list' },
        outcome: { success: false, code: 'AccessDenied' },
      });
    const f = run([...[0, 1, 2, 3, 4].map(denied), ev({ id: 'ok', time: T0 + 10 * MIN })]);
    expect(f.map((x) => [x.severity, x.events])).toEqual([['low', ['d0', 'd1', 'd2', 'd3', 'd4', 'ok']]]);
    expect(run([...[0, 1, 2].map(denied), ev({ id: 'ok', time: T0 + 10 * MIN })])).toEqual([]);
  });

  it('keys on the token: Okta client-credentials grants failing with no_matching_scope, then granted', () => {
    const grant = (id: string, t: number, ok: boolean, actor: string) =>
      ev({
        id,
        time: t,
        provider: 'okta',
        format: 'okta',
        class: 'authorization_grant',
        actor: { id: actor, kind: 'service_principal' },
        credential: { kind: 'oauth_access_token', id: 'client-0oa1' },
        action: { name: 'app.oauth2.as.token.grant', verb: 'auth' },
        outcome: ok ? { success: true } : { success: false, reason: 'no_matching_scope' },
      });
    // The failures are logged under varying actors, so only the token ties them together.
    const f = run([
      grant('g1', T0, false, 'x1'),
      grant('g2', T0 + MIN, false, 'x2'),
      grant('g3', T0 + 2 * MIN, false, 'x3'),
      grant('g4', T0 + 3 * MIN, true, 'x4'),
    ]);
    expect(f.map((x) => [x.severity, x.events, x.tokens])).toEqual([
      ['medium', ['g1', 'g2', 'g3', 'g4'], ['client-0oa1']],
    ]);
  });

  it('one success found through identity and token is one finding', () => {
    const tok = { kind: 'session' as const, id: 'uti-1' };
    const f = run([
      ...[0, 1, 2].map((i) => signin({ id: `f${i}`, time: T0 + i * MIN, code: '50126', credential: tok })),
      signin({ id: 's', time: T0 + 5 * MIN, credential: tok }),
    ]);
    expect(f.map((x) => x.events)).toEqual([['f0', 'f1', 'f2', 's']]);
  });
});

describe('failures-then-success: password spray from one client', () => {
  // The UAL shape Microsoft documents for Entra sign-ins mirrored into the audit log
  // (UserLoginFailed, ErrorNumber 50126, ExtendedProperties UserAgent / RequestType OAuth2:Token).
  const UA =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/104.0.0.0 Safari/537.36';
  const ual = (id: string, user: string, t: number, ip: string, code?: string, ua = UA) =>
    ev({
      id,
      time: t,
      provider: 'm365',
      format: 'm365-audit',
      class: 'authentication',
      actor: { id: user, kind: 'human' },
      source: { ip, userAgent: ua },
      action: { name: code ? 'UserLoginFailed' : 'UserLoggedIn', service: 'AzureActiveDirectory', verb: 'auth' },
      outcome: code ? { success: false, code } : { success: true },
    });
  const V6 = '2a09:bac1:1:1::1a:9c';

  it('six accounts failing in two seconds from one IPv6 client, then a success for another account, is high', () => {
    const fails = ['matt', 'adele', 'miriam', 'lynne', 'megan', 'alex'].map((u, i) =>
      ual(`f${i}`, `${u}@contoso.com`, T0 + (i < 3 ? 0 : 1000), V6, '50126'),
    );
    // The success is logged in the same second as the later failures, before some of them.
    const win = ual('win', 'henrietta@contoso.com', T0 + 1000, '2a09:bac1:1:1::77');
    const f = run([...fails.slice(0, 3), win, ...fails.slice(3)]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', time: T0 });
    expect(f[0]!.events).toEqual(expect.arrayContaining(['win', ...fails.map((e) => e.id)]));
    expect(f[0]!.identities).toContain('henrietta@contoso.com');
    expect(f[0]!.detail).toContain('2a09:bac1:1:1::/64');
  });

  it('a spray with no success is medium and names every attacked account', () => {
    const fails = Array.from({ length: 9 }, (_, i) =>
      ual(`g${i}`, `user${i}@contoso.com`, T0 + (i % 2) * 1000, IP.HOSTING2, i === 0 ? '500011' : '50126'),
    );
    const f = run(fails);
    expect(f.map((x) => [x.severity, x.events.length, x.identities.length])).toEqual([['medium', 9, 9]]);
    expect(f[0]!.title).toBe('Password spray from one source: 9 accounts failed within 1 s');
  });

  it('hard negative: a busy office NAT, where as many people sign in as mistype, is not a spray', () => {
    const fails = Array.from({ length: 6 }, (_, i) =>
      ual(`n${i}`, `bad${i}@contoso.com`, T0 + i * 5000, IP.OFFICE, '50126'),
    );
    const oks = Array.from({ length: 6 }, (_, i) =>
      ual(`k${i}`, `good${i}@contoso.com`, T0 + i * 5000 + 2000, IP.OFFICE),
    );
    expect(run([...fails, ...oks].sort((a, b) => a.time - b.time))).toEqual([]);
  });

  it('hard negative: the same accounts failing from different clients are not one sprayer', () => {
    const fails = Array.from({ length: 6 }, (_, i) =>
      ual(`c${i}`, `u${i}@contoso.com`, T0 + i * 1000, IP.OFFICE, '50126', `Outlook/16.0.${i}`),
    );
    expect(run(fails)).toEqual([]);
  });

  it('hard negative: token refreshes and re-prompts (70043, 70044, 50076, 50140, 50125, 50133, 700082) are not failures', () => {
    const codes = ['70043', '70044', '50076', '50074', '50140', '50125', '50133', '700082', '50097'];
    const quiet = codes.map((c, i) => ual(`q${i}`, `u${i}@contoso.com`, T0 + i * 1000, IP.HOSTING2, c));
    const same = codes.map((c, i) => ual(`r${i}`, 'bob@contoso.com', T0 + i * 1000, IP.HOME, c));
    expect(
      run(
        [
          ...quiet,
          ual('qs', 'u0@contoso.com', T0 + 20_000, IP.HOSTING2),
          ...same,
          ual('rs', 'bob@contoso.com', T0 + 20_000, IP.HOME),
        ].sort((a, b) => a.time - b.time),
      ),
    ).toEqual([]);
    for (const c of codes) expect(failureKind(ual('x', 'bob@contoso.com', T0, IP.HOME, c))).toBeUndefined();
    expect(failureKind(ual('x', 'bob@contoso.com', T0, IP.HOME, '50126'))).toBe('auth');
  });
});

describe.skipIf(!existsSync(SESSIONS))('failures-then-success on the shared real sessions', () => {
  const scan = (rel: string) => {
    const events: TokenEvent[] = [];
    const router = new RecordRouter({ onEvent: (e) => events.push(e) });
    readFileSync(join(SESSIONS, rel), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .forEach((l, i) => router.record(JSON.parse(l) as unknown, `${rel}:${i + 1}`));
    return { router, events, result: runEngine(events, { intel }) };
  };

  it('o365spray with a success: the spraying client obtained a token for Henrietta: escalate, L2 and the failures flagged', () => {
    const { router, events, result } = scan('m365-otrf-o365spray-success/o365spray_reporting.json');
    expect(router.stats).toMatchObject({ records: 14, parsed: 14, events: 7, duplicates: 7 });
    expect(new Set(events.map((e) => e.actor.id)).size).toBe(7); // mangled UserIds read as their UPN
    expect(result.verdict).toBe('escalate');
    const spray = result.findings.filter((f) => f.indicator === 'failures-then-success');
    expect(spray.map((f) => f.severity)).toEqual(['high']);
    expect(spray[0]!.events).toHaveLength(7);
    expect(spray[0]!.events).toContain('01d904ce-9417-4d91-86e4-99afcac30600');
  });

  it('o365spray without a success: suspicious at least, all nine attempts flagged', () => {
    const { events, result } = scan('m365-otrf-o365spray-failed/o365spray_default.json');
    expect(result.verdict).not.toBe('benign');
    const spray = result.findings.filter((f) => f.indicator === 'failures-then-success');
    expect(spray.map((f) => f.severity)).toEqual(['medium']);
    expect([...spray[0]!.events].sort()).toEqual(events.map((e) => e.id).sort());
    expect(spray[0]!.events).toHaveLength(9);
  });

  it('hard negative (plaso tenant setup): one sign-in from 0.0.0.0 and SYSTEM provisioning is no failure pattern', () => {
    const { result } = scan('m365-plaso-tenant-setup/microsoft_audit_log.jsonl');
    expect(result.findings.filter((f) => f.indicator === 'failures-then-success')).toEqual([]);
  });
});
