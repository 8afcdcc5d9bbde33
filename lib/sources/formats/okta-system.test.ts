/**
 * okta-system: fixtures written from the System Log API and CSV formats (a session-hijack sequence,
 * dotted and titled CSV exports), detect isolation, fast-check robustness, and the shared corpus.
 */
import { existsSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenEventSchema, type TokenEvent } from '../../model/token-event';
import type { RawRecord } from '../../model/fields';
import { oktaSystem } from './okta-system';
import {
  expectContractHolds,
  loadRecordsFile as load,
  parseAllWith as parseAll,
  FIXTURES,
} from '../../../test/support/fixture-records';
import { join } from 'node:path';
import { CORPUS } from '../../../test/support/shared-material';

const fixture = (f: string): TokenEvent[] => parseAll(oktaSystem, load(join(FIXTURES, 'okta-system', f)), f);

describe('okta-system: System Log API JSON', () => {
  const evs = fixture('session-hijack.ndjson');

  it('reads every event of the hijack sequence', () => {
    expect(evs).toHaveLength(8);
    expect(evs.every((e) => e.provider === 'okta' && e.format === 'okta-system')).toBe(true);
  });

  it('maps the session start: actor, session, device, network, location', () => {
    const e = evs[0]!;
    expect(e.id).toBe('0f1e0001-1111-11ef-8000-000000000001');
    expect(e.time).toBe(Date.parse('2024-05-06T14:02:11.120Z'));
    expect(e.class).toBe('authentication');
    expect(e.action).toEqual({ name: 'user.session.start', service: 'okta', verb: 'auth' });
    expect(e.actor).toEqual({ id: 'dana.lee@example.com', name: 'Dana Lee', kind: 'human', type: 'User' });
    expect(e.credential).toEqual({
      kind: 'session',
      id: '102rootSESSIONabc123',
      sessionId: '102extSESSIONabc123',
      deviceId: 'dtHOME0000000000000000000000000000000000000000000000000000000001',
    });
    expect(e.source).toMatchObject({
      ip: '198.51.100.23',
      country: 'United States',
      region: 'Illinois',
      city: 'Chicago',
      lat: 41.8853,
      lon: -87.6216,
      asn: 7922,
      asOrg: 'comcast',
      isProxy: false,
    });
    expect(e.source.userAgent).toMatch(/^Mozilla\/5\.0/);
    expect(e.outcome).toEqual({ success: true, code: 'SUCCESS' });
    expect(e.details).toEqual({ threatSuspected: false });
    expect(e.risk).toEqual({ level: 'low', detections: [], vendor: 'okta' });
  });

  it('maps the OAuth grant: client, grant type, granted scopes', () => {
    const e = evs[1]!;
    expect(e.class).toBe('authorization_grant');
    expect(e.app).toEqual({
      id: '0oa9clientEXAMPLE',
      name: 'Expense Portal',
      grantType: 'authorization_code',
      scopes: ['openid', 'profile', 'offline_access', 'okta.users.read'],
    });
    expect(e.target).toEqual({ id: '0oa9clientEXAMPLE', name: 'Expense Portal', type: 'PublicClientApp' });
  });

  it('the hijacked request keeps the root session but changes device, network and risk', () => {
    const [start, , hijack] = evs;
    expect(hijack!.credential!.id).toBe(start!.credential!.id);
    expect(hijack!.credential!.deviceId).not.toBe(start!.credential!.deviceId);
    expect(hijack!.source).toMatchObject({ ip: '203.0.113.77', asn: 64500, isProxy: true, country: 'Netherlands' });
    expect(hijack!.source.userAgent).toBe('python-requests/2.31.0');
    expect(hijack!.outcome).toEqual({
      success: true,
      code: 'ALLOW',
      reason: 'Sign-on policy evaluation resulted in ALLOW',
    });
    expect(hijack!.risk!.level).toBe('high');
    expect(hijack!.risk!.vendor).toBe('okta');
    expect(hijack!.risk!.detections).toEqual(
      expect.arrayContaining(['Anomalous Device', 'Anomalous Location', 'threatSuspected', 'New Device', 'New IP']),
    );
    expect(hijack!.details!['behaviors']).toEqual([
      'New Geo-Location',
      'New Device',
      'New IP',
      'New State',
      'New Country',
      'Velocity',
      'New City',
    ]);
    expect(hijack!.details!['threatSuspected']).toBe(true);
  });

  it('API token creation and use: privileged verb, pat credential, apiTokenId', () => {
    const create = evs[4]!;
    expect(create.action.verb).toBe('privileged');
    expect(create.class).toBe('account_change');
    expect(create.target).toEqual({ id: '00T1newTOKENexample', name: 'automation', type: 'Token' });
    const used = evs[5]!;
    expect(used.credential).toMatchObject({ kind: 'pat', id: '102rootSESSIONabc123' });
    const noSession = {
      ...load(join(FIXTURES, 'okta-system/session-hijack.ndjson'))[5]!,
      authenticationContext: { authenticationStep: 0 },
    };
    const res = oktaSystem.parse(noSession, { ref: 'x' });
    expect(res.ok && res.events[0]!.credential).toEqual({ kind: 'pat', id: '00T1newTOKENexample' });
    expect(used.details).toEqual({ apiTokenId: '00T1newTOKENexample' });
    expect(used.target).toEqual({ id: '00u2victimEXAMPLE', name: 'Mallory Ops', type: 'User' });
  });

  it('user.risk.detect carries Okta risk; failures and `unknown` sessions are read', () => {
    expect(evs[6]!.risk).toEqual({
      level: 'high',
      detections: ['Session hijack suspected', 'user.risk.detect'],
      vendor: 'okta',
    });
    const failed = evs[7]!;
    expect(failed.outcome).toEqual({ success: false, code: 'FAILURE', reason: 'INVALID_CREDENTIALS' });
    expect(failed.credential!.sessionId).toBeUndefined();
    expect(failed.credential!.deviceId).toMatch(/^dtEVIL/);
  });

  it('lower-cased top-level keys (Panther) read the same', () => {
    const rec = load(join(FIXTURES, 'okta-system/session-hijack.ndjson'))[2]!;
    const lower = Object.fromEntries(Object.entries(rec).map(([k, v]) => [k.toLowerCase(), v]));
    const a = oktaSystem.parse(rec, { ref: 'x' });
    const b = oktaSystem.parse(lower, { ref: 'x' });
    expect(oktaSystem.detect(lower)).toBe(true);
    expect(b).toEqual(a);
  });

  // The growth on a long value without "=" (a 40 KB one took 1.5 s) is measured by `npm run bench:hostile`.
  it('reads behaviors given as text: the POSITIVE ones, and nothing from text without "="', () => {
    const rec = (behaviors: string): RawRecord => ({
      uuid: 'b-1',
      published: '2026-03-01T10:00:00.000Z',
      eventType: 'user.session.start',
      actor: { id: '00u1', type: 'User', alternateId: 'a@example.com' },
      outcome: { result: 'SUCCESS' },
      client: { ipAddress: '203.0.113.5' },
      debugContext: { debugData: { behaviors } },
    });
    const [e] = parseAll(
      oktaSystem,
      [rec('{New Geo-Location=NEGATIVE, New Device=POSITIVE, Velocity= POSITIVE}')],
      'behaviors',
    );
    expect(e!.details!['behaviors']).toEqual(['New Device', 'Velocity']);
    for (const unit of ['a', 'a=', ' =x', 'New Device']) {
      const [long] = parseAll(oktaSystem, [rec(unit.repeat(Math.ceil(20_000 / unit.length)))], 'long');
      expect(long!.details?.['behaviors'], unit).toBeUndefined();
    }
  });

  it('builds a deterministic id when uuid is missing', () => {
    const rec = { ...load(join(FIXTURES, 'okta-system/session-hijack.ndjson'))[0]! };
    delete rec['uuid'];
    const a = oktaSystem.parse(rec, { ref: 'x' });
    const b = oktaSystem.parse({ ...rec }, { ref: 'y' });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.events[0]!.id).toBe('okta:2024-05-06T14:02:11.120Z:user.session.start:dana.lee@example.com');
      expect(b.events[0]!.id).toBe(a.events[0]!.id);
    }
  });

  it('keeps a record without a readable published time as timeKnown: false, with what the log said', () => {
    const original = load(join(FIXTURES, 'okta-system/session-hijack.ndjson'))[0]!;
    const known = oktaSystem.parse(original, { ref: 'x' });
    expect(known.ok && known.events[0]!.timeKnown).toBeUndefined();

    const rec: RawRecord = { ...original, published: 'redacted' };
    const res = oktaSystem.parse(rec, { ref: 'x' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const e = TokenEventSchema.parse(res.events[0]);
    expect(e).toMatchObject({
      id: original['uuid'],
      time: 0,
      timeKnown: false,
      action: { name: 'user.session.start' },
      details: { rawTime: 'redacted' },
    });
    // Everything else is read as from the original.
    if (known.ok)
      expect({ ...e, time: known.events[0]!.time, timeKnown: undefined, details: known.events[0]!.details }).toEqual({
        ...known.events[0],
        timeKnown: undefined,
      });

    const none = { ...rec };
    delete none['published'];
    const noneRes = oktaSystem.parse(none, { ref: 'x' });
    expect(noneRes.ok && noneRes.events[0]).toMatchObject({
      time: 0,
      timeKnown: false,
      action: { name: 'user.session.start' },
    });
    expect(noneRes.ok && noneRes.events[0]!.details?.rawTime).toBeUndefined();
  });
});

describe('okta-system: admin console CSV', () => {
  it('reads dotted headers (System Log CSV download)', () => {
    const evs = fixture('system-log-export.csv');
    expect(evs).toHaveLength(3);
    const [start, grant, fail] = evs;
    expect(start!.credential).toEqual({
      kind: 'session',
      id: '102csvROOT001',
      sessionId: '102csvEXT001',
      deviceId: 'dtCSVhome01',
    });
    expect(start!.source).toMatchObject({
      ip: '198.51.100.40',
      lat: 39.7392,
      lon: -104.9903,
      asn: 7922,
      isProxy: false,
      city: 'Denver',
    });
    expect(start!.details).toEqual({ threatSuspected: false });

    expect(grant!.actor).toEqual({
      id: '0oa7svcCLIENTexample',
      name: 'Nightly Sync',
      kind: 'service_principal',
      type: 'PublicClientApp',
    });
    expect(grant!.class).toBe('authorization_grant');
    expect(grant!.app).toEqual({
      id: '0oa7svcCLIENTexample',
      name: 'Nightly Sync',
      grantType: 'client_credentials',
      scopes: ['okta.users.read', 'okta.groups.manage'],
    });
    expect(grant!.target).toEqual({ id: 'aus7defaultAS', name: 'default', type: 'AuthorizationServer' });
    expect(grant!.source.isProxy).toBe(true);
    expect(grant!.credential).toBeUndefined();

    expect(fail!.outcome).toEqual({ success: false, code: 'FAILURE', reason: 'INVALID_CREDENTIALS' });
    expect(fail!.credential).toEqual({ kind: 'session', deviceId: 'dtCSVevil09' });
    expect(fail!.risk).toMatchObject({ level: 'medium', vendor: 'okta' });
    expect(fail!.risk!.detections).toEqual(
      expect.arrayContaining(['Anomalous Location', 'threatSuspected', 'New Device']),
    );
    expect(fail!.details!['behaviors']).toEqual(['New Geo-Location', 'New Device', 'New IP']);
  });

  it('reads titled headers (Event Type, Actor Alternate ID, Client IP Address…)', () => {
    const evs = fixture('console-titled-export.csv');
    expect(evs).toHaveLength(2);
    expect(evs[0]).toMatchObject({
      id: '8b4d0001-3333-11ef-a000-000000000001',
      time: Date.parse('2024-06-04T10:00:01.000Z'),
      actor: { id: 'sam.park@example.com', name: 'Sam Park', kind: 'human', type: 'User' },
      source: { ip: '198.51.100.40', city: 'Denver', region: 'Colorado', country: 'United States' },
      action: { name: 'user.authentication.sso' },
      class: 'authentication',
    });
    expect(evs[1]!.outcome).toEqual({ success: false, code: 'FAILURE', reason: 'VERIFICATION_ERROR' });
    expect(evs[1]!.source.userAgent).toBe('curl/8.4.0');
  });
});

describe('okta-system: detect', () => {
  const others = ['workspace-reports', 'github-audit'].flatMap((dir) =>
    readdirSync(join(FIXTURES, dir)).map((f) => [`${dir}/${f}`, load(join(FIXTURES, dir, f))] as const),
  );

  it.each(others)('rejects %s', (_name, recs) => {
    for (const r of recs) expect(oktaSystem.detect(r)).toBe(false);
  });

  it('rejects CloudTrail (eventType AwsApiCall) and empty records', () => {
    expect(
      oktaSystem.detect({
        eventType: 'AwsApiCall',
        eventName: 'ListBuckets',
        eventTime: '2024-01-01T00:00:00Z',
        eventID: 'x',
      }),
    ).toBe(false);
    expect(oktaSystem.detect({})).toBe(false);
  });
});

describe('okta-system: never throws', () => {
  const check = (rec: RawRecord): void => expectContractHolds(oktaSystem, rec);

  it('any object: ok or a reason', () => {
    fc.assert(
      fc.property(fc.object(), (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
  });

  it('Okta-shaped records with arbitrary values: schema-valid events or a reason', () => {
    const rec = fc.record(
      {
        uuid: fc.oneof(fc.uuid(), fc.anything()),
        published: fc.oneof(fc.constant('2024-05-06T14:02:11.120Z'), fc.constant('redacted'), fc.anything()),
        eventType: fc.oneof(
          fc.constantFrom('user.session.start', 'app.oauth2.as.token.grant', 'security.threat.detected'),
          fc.anything(),
        ),
        actor: fc.oneof(
          fc.record({ id: fc.anything(), type: fc.anything(), alternateId: fc.anything(), displayName: fc.anything() }),
          fc.anything(),
        ),
        client: fc.oneof(
          fc.record({ ipAddress: fc.anything(), userAgent: fc.anything(), geographicalContext: fc.anything() }),
          fc.anything(),
        ),
        securityContext: fc.anything(),
        authenticationContext: fc.oneof(
          fc.record({ rootSessionId: fc.anything(), externalSessionId: fc.anything() }),
          fc.anything(),
        ),
        debugContext: fc.oneof(
          fc.record({
            debugData: fc.dictionary(
              fc.constantFrom('behaviors', 'risk', 'threatSuspected', 'grantedScopes', 'dtHash', 'threatDetections'),
              fc.anything(),
            ),
          }),
          fc.anything(),
        ),
        outcome: fc.anything(),
        target: fc.anything(),
        transaction: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(rec, (o) => check(o as RawRecord)),
      { numRuns: 500 },
    );
  });

  it('flat CSV-like rows with arbitrary strings', () => {
    const row = fc.dictionary(
      fc.constantFrom(
        'uuid',
        'published',
        'eventType',
        'actor.alternateId',
        'client.ipAddress',
        'target',
        'Event Type',
        'Time',
        'debugContext.debugData.behaviors',
        'target.0.id',
        'a..b',
        '__proto__.x',
        'constructor.prototype.y',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(row, (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('a flat row whose column is named like an Object method (Constructor, toString) is read, not thrown on', () => {
    const res = oktaSystem.parse(
      { 'actor.alternateId': 'a@b.c', eventType: 'user.session.start', Constructor: 'x', ToString: 'y' },
      { ref: 'x' },
    );
    expect(res.ok && res.events[0]).toMatchObject({
      actor: { id: 'a@b.c' },
      action: { name: 'user.session.start' },
      timeKnown: false,
    });
  });
});

describe.skipIf(!existsSync(CORPUS))('okta-system: shared corpus', () => {
  it('every Panther Okta line is detected and read; lines without a readable published time are kept as timeKnown: false', () => {
    const recs = load(join(CORPUS, 'panther/Okta_SystemLog.events.ndjson'));
    expect(recs).toHaveLength(66);
    const timeless: number[] = [];
    const rawTimes: (string | string[] | number | boolean | undefined)[] = [];
    recs.forEach((r, i) => {
      expect(oktaSystem.detect(r), `line ${i + 1}`).toBe(true);
      const res = oktaSystem.parse(r, { ref: `Okta_SystemLog:${i + 1}` });
      expect(res.ok, `line ${i + 1}: ${res.ok ? '' : res.reason}`).toBe(true);
      if (!res.ok) return;
      res.events.forEach((e) => TokenEventSchema.parse(e));
      const e = res.events[0]!;
      if (e.timeKnown === false) {
        expect(e.time).toBe(0);
        timeless.push(i + 1);
        rawTimes.push(e.details?.rawTime);
      }
    });
    // 41–44: `published: "redacted"`; 50, 51, 53, 61: no published at all.
    expect(timeless).toEqual([41, 42, 43, 44, 50, 51, 53, 61]);
    expect(rawTimes).toEqual([
      'redacted',
      'redacted',
      'redacted',
      'redacted',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('line 13 (lower-cased keys, refresh-token reuse by a PublicClientApp) is read in full', () => {
    const rec = load(join(CORPUS, 'panther/Okta_SystemLog.events.ndjson'))[12]!;
    const res = oktaSystem.parse(rec, { ref: 'Okta_SystemLog:13' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const e = res.events[0]!;
    expect(e).toMatchObject({
      id: 'abc-1234-aaa',
      time: Date.UTC(2022, 11, 13, 15, 22, 58, 759),
      class: 'authorization_grant',
      action: { name: 'app.oauth2.token.detect_reuse', service: 'okta' },
      actor: { kind: 'service_principal', type: 'PublicClientApp' },
      credential: { kind: 'session', sessionId: '123456789', deviceId: '11aabbccc' },
      source: { ip: '1.2.3.4', asn: 701, asOrg: 'verizon', isProxy: false },
      app: { grantType: 'authorization_code', scopes: ['openid', 'profile', 'email', 'okta.users.read.self'] },
    });
  });

  it('Elastic and OCSF Okta samples parse; ThreatInsight and API-token events keep their meaning', () => {
    const first3 = parseAll(
      oktaSystem,
      load(join(CORPUS, 'elastic-integrations/okta_system_first3.ndjson')),
      'okta_first3',
    );
    expect(first3.map((e) => e.credential?.sessionId)).toEqual([
      '102nZHzd6OHSfGG51vsoc22gw',
      '102bZDNFfWaQSyEZQuDgWt-uQ',
      '102bZDNFfWaQSyEZQuDgWt-uQ',
    ]);
    const ocsf = readdirSync(join(CORPUS, 'ocsf-examples')).filter((f) => f.startsWith('Okta_'));
    expect(ocsf).toHaveLength(6);
    const byType = new Map(
      ocsf
        .flatMap((f) => parseAll(oktaSystem, load(join(CORPUS, 'ocsf-examples', f)), f))
        .map((e) => [e.action.name, e]),
    );
    expect(byType.get('system.api_token.create')).toMatchObject({
      action: { verb: 'privileged' },
      credential: { id: 'idxBager62CSveUkTxvgRtonA' },
    });
    expect(byType.get('security.threat.detected')!.risk).toEqual({
      level: 'high',
      detections: ['Login Failures', 'threatSuspected', 'security.threat.detected'],
      vendor: 'okta',
    });
    expect(byType.get('security.threat.detected')!.actor).toMatchObject({ id: '10.0.0.1', kind: 'unknown' });
  });

  it('no other corpus log type is claimed', () => {
    for (const f of readdirSync(join(CORPUS, 'panther')).filter(
      (n) => n.endsWith('.events.ndjson') && !n.startsWith('Okta_'),
    )) {
      for (const r of load(join(CORPUS, 'panther', f))) expect(oktaSystem.detect(r), f).toBe(false);
    }
  });
});

describe('okta-system: session semantics', () => {
  // LogEvent shapes as Okta's System Log API documents them.
  const logEvent = (o: {
    uuid: string;
    published: string;
    eventType: string;
    ext?: string;
    root?: string;
    ip: string;
    ua: string;
    clientId?: string;
  }): RawRecord => ({
    uuid: o.uuid,
    published: o.published,
    eventType: o.eventType,
    version: '0',
    severity: 'INFO',
    actor: { id: '00u1abcd', type: 'User', alternateId: 'admin@example.com', displayName: 'Admin' },
    client: {
      id: o.clientId,
      ipAddress: o.ip,
      userAgent: { rawUserAgent: o.ua },
      geographicalContext: { country: 'United States', city: 'Boardman' },
    },
    securityContext: { asNumber: 16509, asOrg: 'amazon' },
    authenticationContext: { externalSessionId: o.ext, ...(o.root ? { rootSessionId: o.root } : {}) },
    outcome: { result: 'SUCCESS' },
  });
  const BROWSER =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

  it('a pre-authentication handle (idx…/trs…) is not the session token; the post-login id is', () => {
    const [pre, post] = parseAll(
      oktaSystem,
      [
        logEvent({
          uuid: 'u1',
          published: '2024-05-01T10:00:00.000Z',
          eventType: 'user.session.start',
          ext: 'idxvF50v_5sT2-GOA7_K0Amyw',
          ip: '73.15.20.10',
          ua: BROWSER,
        }),
        logEvent({
          uuid: 'u2',
          published: '2024-05-01T10:00:05.000Z',
          eventType: 'user.authentication.sso',
          ext: '102abcDEFghiJKL',
          ip: '73.15.20.10',
          ua: BROWSER,
        }),
      ],
      't',
    ) as [TokenEvent, TokenEvent];
    expect(pre.credential?.id).toBeUndefined();
    expect(pre.details).toMatchObject({ preAuthSessionId: 'idxvF50v_5sT2-GOA7_K0Amyw' });
    expect(post.credential).toMatchObject({ kind: 'session', id: '102abcDEFghiJKL', sessionId: '102abcDEFghiJKL' });
    // With rootSessionId, that is the token throughout.
    const [withRoot] = parseAll(
      oktaSystem,
      [
        logEvent({
          uuid: 'u3',
          published: '2024-05-01T10:00:00.000Z',
          eventType: 'user.session.start',
          ext: 'idxAAAABBBBCCCC',
          root: '102rootROOTroot',
          ip: '73.15.20.10',
          ua: BROWSER,
        }),
      ],
      't',
    );
    expect(withRoot!.credential?.id).toBe('102rootROOTroot');
  });

  it("Okta's own servers acting for the Admin Console are not the admin's address", () => {
    const [relay, console2, browser] = parseAll(
      oktaSystem,
      [
        logEvent({
          uuid: 'r1',
          published: '2024-05-01T10:01:00.000Z',
          eventType: 'user.session.start',
          ext: '102abcDEFghiJKL',
          ip: '44.238.82.114',
          ua: 'Okta-Integrations',
          clientId: 'okta.b58d5b75-07d4-5f25-bf59-368a1261a405',
        }),
        logEvent({
          uuid: 'r2',
          published: '2024-05-01T10:01:01.000Z',
          eventType: 'group.user_membership.add',
          ext: '102abcDEFghiJKL',
          ip: '18.220.28.44',
          ua: 'Apache-HttpClient/4.5',
          clientId: 'okta.b58d5b75-07d4-5f25-bf59-368a1261a405',
        }),
        logEvent({
          uuid: 'r3',
          published: '2024-05-01T10:01:02.000Z',
          eventType: 'group.user_membership.add',
          ext: '102abcDEFghiJKL',
          ip: '73.15.20.10',
          ua: BROWSER,
          clientId: 'okta.b58d5b75-07d4-5f25-bf59-368a1261a405',
        }),
      ],
      't',
    ) as [TokenEvent, TokenEvent, TokenEvent];
    for (const e of [relay, console2]) {
      expect(e.source.ip).toBeUndefined();
      expect(e.source.asn).toBeUndefined();
      expect(e.source.caller).toMatch(/Okta's own servers/);
    }
    expect(relay.details).toMatchObject({ oktaServerIp: '44.238.82.114' });
    // The admin's own browser calls through the same console keep their address.
    expect(browser.source).toMatchObject({ ip: '73.15.20.10', asn: 16509 });
  });
});
