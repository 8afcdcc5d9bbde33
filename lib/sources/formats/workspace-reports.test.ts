/**
 * workspace-reports: Reports API token activities (events array and object), login verdicts,
 * domain-wide delegation, Panther's flattened shape, detect isolation, fast-check, shared corpus.
 */
import { existsSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenEventSchema, type TokenEvent } from '../../model/token-event';
import type { RawRecord } from '../../model/fields';
import { workspaceReports } from './workspace-reports';
import {
  expectContractHolds,
  loadRecordsFile as load,
  parseAllWith as parseAll,
  FIXTURES,
} from '../../../test/support/fixture-records';
import { join } from 'node:path';
import { CORPUS } from '../../../test/support/shared-material';

const S = 'https://www.googleapis.com/auth/';

const fixture = (f: string): TokenEvent[] =>
  parseAll(workspaceReports, load(join(FIXTURES, 'workspace-reports', f)), f);

describe('workspace-reports: Reports API token activity', () => {
  it('an activity with an events array gives one event per entry, ids uniqueQualifier#n', () => {
    const evs = fixture('token-authorize-events-array.json');
    expect(evs.map((e) => e.id)).toEqual(['5537021174466052113#0', '5537021174466052113#1']);
    const [auth, use] = evs;
    expect(auth).toMatchObject({
      time: Date.parse('2024-03-11T16:20:05.118Z'),
      provider: 'workspace',
      format: 'workspace-reports',
      class: 'authorization_grant',
      actor: { id: 'jordan.kim@example.org', kind: 'human', type: 'USER', account: 'C03exampl' },
      source: { ip: '203.0.113.9' },
      action: { name: 'authorize', service: 'token' },
      credential: { kind: 'oauth_access_token' },
      outcome: { success: true },
      details: { clientType: 'WEB' },
    });
    expect(auth!.app).toEqual({
      id: '781234567890-q1w2e3r4t5y6u7i8o9p0.apps.googleusercontent.com',
      name: 'Mail Merge Pro',
      scopes: [S + 'gmail.readonly', S + 'drive', S + 'userinfo.email', S + 'admin.directory.user.readonly'],
    });
    expect(auth!.risk).toBeUndefined();
    expect(use).toMatchObject({
      class: 'api_activity',
      action: { name: 'activity', service: 'token' },
      app: { name: 'Mail Merge Pro' },
    });
    expect(use!.app!.scopes).toBeUndefined();
  });

  it('an activity whose events is a single object gives one event with the plain uniqueQualifier', () => {
    const evs = fixture('token-authorize-events-object.ndjson');
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({
      id: '-4411223344556677889',
      time: Date.parse('2024-03-11T16:25:44.001Z'),
      app: {
        id: '112233445566-abcdefghij.apps.googleusercontent.com',
        name: 'Calendar Helper',
        scopes: [S + 'calendar', S + 'userinfo.email'],
      },
      details: { clientType: 'NATIVE_DESKTOP' },
      source: { ip: '198.51.100.77' },
    });
  });
});

describe('workspace-reports: login verdicts and admin grants', () => {
  const evs = fixture('login-and-admin.ndjson');
  const byId = new Map(evs.map((e) => [e.id, e]));

  it('login_failure is a failure with its failure type; successes stay successes', () => {
    expect(byId.get('900001')).toMatchObject({
      class: 'authentication',
      outcome: { success: false, reason: 'login_failure_invalid_password' },
      details: { loginType: 'google_password', isSuspicious: false },
    });
    expect(byId.get('900001')!.risk).toBeUndefined();
    expect(byId.get('900002')!.outcome.success).toBe(true);
  });

  it('is_suspicious, suspicious_login and gov_attack_warning become vendor risk', () => {
    expect(byId.get('900002')!.risk).toEqual({ level: 'medium', detections: ['is_suspicious'], vendor: 'workspace' });
    expect(byId.get('900002')!.details).toEqual({ loginType: 'google_password', isSuspicious: true });
    expect(byId.get('900003')!.risk).toEqual({
      level: 'medium',
      detections: ['suspicious_login'],
      vendor: 'workspace',
    });
    expect(byId.get('900004')!.risk).toEqual({
      level: 'high',
      detections: ['gov_attack_warning'],
      vendor: 'workspace',
    });
  });

  it('domain-wide delegation (AUTHORIZE_API_CLIENT_ACCESS) carries the client and scopes', () => {
    const e = byId.get('900005')!;
    expect(e).toMatchObject({
      class: 'authorization_grant',
      action: { name: 'AUTHORIZE_API_CLIENT_ACCESS', service: 'admin', verb: 'privileged' },
    });
    expect(e.app).toEqual({ id: '109876543210987654321', scopes: [S + 'gmail.readonly', S + 'admin.directory.user'] });
  });
});

describe("workspace-reports: Panther's flattened GSuite_ActivityEvent", () => {
  const recs = load(join(FIXTURES, 'workspace-reports/panther-flattened.ndjson'));

  it('reads top-level name and a flat parameters object', () => {
    const evs = parseAll(workspaceReports, recs.slice(0, 2), 'flat');
    expect(evs[0]).toMatchObject({
      id: '777000111',
      time: Date.UTC(2024, 2, 12, 9, 10, 11),
      class: 'authorization_grant',
      app: {
        id: '555000111222-zyxwvu.apps.googleusercontent.com',
        name: 'Backup Everything',
        scopes: [S + 'drive', S + 'gmail.modify', S + 'admin.directory.user'],
      },
    });
    expect(evs[1]).toMatchObject({
      id: '777000100',
      details: { loginType: 'saml', isSuspicious: true },
      risk: { level: 'medium', vendor: 'workspace' },
    });
  });

  it('keeps an activity without a readable id.time as timeKnown: false, with what the log said', () => {
    expect(workspaceReports.detect(recs[2]!)).toBe(true);
    const res = workspaceReports.parse(recs[2]!, { ref: 'x' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.events).toHaveLength(1);
    const e = TokenEventSchema.parse(res.events[0]);
    expect(e).toMatchObject({
      id: 'login:no-time:login_success:riley.chen@example.org',
      time: 0,
      timeKnown: false,
      class: 'authentication',
      action: { name: 'login_success', service: 'login' },
      details: { loginType: 'saml' },
    });
    expect(e.details?.rawTime).toBeUndefined();

    const redacted = workspaceReports.parse(
      { ...recs[2]!, id: { applicationName: 'login', time: 'redacted' } },
      { ref: 'x' },
    );
    expect(redacted.ok && redacted.events[0]).toMatchObject({
      time: 0,
      timeKnown: false,
      details: { loginType: 'saml', rawTime: 'redacted' },
    });
    const readable = workspaceReports.parse(
      { ...recs[2]!, id: { applicationName: 'login', time: '2024-03-12T09:10:11Z' } },
      { ref: 'x' },
    );
    expect(readable.ok && readable.events[0]!.timeKnown).toBeUndefined();
  });

  it('builds a deterministic id when uniqueQualifier is missing', () => {
    const rec = { ...recs[0]!, id: { applicationName: 'token', time: '2024-03-12T09:10:11Z' } };
    const a = workspaceReports.parse(rec, { ref: 'x' });
    const b = workspaceReports.parse(structuredClone(rec), { ref: 'y' });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.events[0]!.id).toBe('token:2024-03-12T09:10:11Z:authorize:riley.chen@example.org');
      expect(b.events[0]!.id).toBe(a.events[0]!.id);
    }
  });
});

describe('workspace-reports: detect', () => {
  const others = ['okta-system', 'github-audit'].flatMap((dir) =>
    readdirSync(join(FIXTURES, dir)).map((f) => [`${dir}/${f}`, load(join(FIXTURES, dir, f))] as const),
  );

  it.each(others)('rejects %s', (_name, recs) => {
    for (const r of recs) expect(workspaceReports.detect(r)).toBe(false);
  });

  it('rejects records whose id is a string (Entra, M365) and empty records', () => {
    expect(
      workspaceReports.detect({ id: 'abc', createdDateTime: '2024-01-01T00:00:00Z', userPrincipalName: 'a@b.c' }),
    ).toBe(false);
    expect(workspaceReports.detect({})).toBe(false);
  });
});

describe('workspace-reports: never throws', () => {
  const check = (rec: RawRecord): void => expectContractHolds(workspaceReports, rec);

  it('any object: ok or a reason', () => {
    fc.assert(
      fc.property(fc.object(), (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
  });

  it('Reports-shaped records with arbitrary values: schema-valid events or a reason', () => {
    const param = fc.record(
      {
        name: fc.oneof(
          fc.constantFrom('scope', 'scope_data', 'client_id', 'app_name', 'is_suspicious', 'login_type', 'API_SCOPES'),
          fc.anything(),
        ),
        value: fc.anything(),
        multiValue: fc.anything(),
        boolValue: fc.anything(),
        multiMessageValue: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const event = fc.record(
      {
        name: fc.oneof(fc.constantFrom('authorize', 'login_failure', 'suspicious_login'), fc.anything()),
        type: fc.anything(),
        parameters: fc.oneof(fc.array(param), fc.dictionary(fc.string(), fc.anything()), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const rec = fc.record(
      {
        kind: fc.oneof(fc.constant('admin#reports#activity'), fc.anything()),
        id: fc.oneof(
          fc.record(
            {
              time: fc.oneof(fc.constant('2024-03-11T16:20:05.118Z'), fc.anything()),
              uniqueQualifier: fc.anything(),
              applicationName: fc.oneof(fc.constantFrom('token', 'login', 'admin'), fc.anything()),
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
        actor: fc.anything(),
        ipAddress: fc.anything(),
        events: fc.oneof(fc.array(event), event, fc.anything()),
        name: fc.anything(),
        parameters: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(rec, (o) => check(o as RawRecord)),
      { numRuns: 500 },
    );
  });

  it('an event named like an Object method (valueOf, constructor) carries no vendor risk', () => {
    for (const name of ['valueOf', 'constructor', 'toString']) {
      const res = workspaceReports.parse({ events: { name } }, { ref: 'x' });
      expect(res.ok, name).toBe(true);
      if (res.ok) {
        const e = TokenEventSchema.parse(res.events[0]);
        expect(e).toMatchObject({ action: { name }, timeKnown: false });
        expect(e.risk).toBeUndefined();
      }
    }
  });
});

describe.skipIf(!existsSync(CORPUS))('workspace-reports: shared corpus', () => {
  it('the Elastic GWS token authorize (events is an object) has its 5 scopes, client and app', () => {
    const evs = parseAll(
      workspaceReports,
      load(join(CORPUS, 'elastic-integrations/gws_token_authorize.ndjson')),
      'gws_token_authorize',
    );
    expect(evs).toHaveLength(1);
    const e = evs[0]!;
    expect(e).toMatchObject({
      id: '-6709442587437772138',
      time: Date.parse('2023-01-01T06:24:42.442Z'),
      class: 'authorization_grant',
      actor: { id: 'foo@bar.com' },
      source: { ip: '89.160.20.112' },
      app: { id: '923474483785-sqf6uk8vq1rqe853il0g2h4m98ji2fq6.apps.googleusercontent.com', name: 'Gmail Add-on' },
      details: { clientType: 'WEB' },
    });
    expect(e.app!.scopes).toEqual([
      S + 'gmail.addons.current.message.readonly',
      S + 'gmail.addons.execute',
      S + 'script.external_request',
      S + 'script.storage',
      S + 'userinfo.email',
    ]);
  });

  it('every Panther GSuite line is detected and read, with or without id.time; only the nameless rule lines are rejected', () => {
    const recs = load(join(CORPUS, 'panther/GSuite_ActivityEvent.events.ndjson'));
    expect(recs).toHaveLength(157);
    const rejected: number[] = [];
    let timeless = 0;
    recs.forEach((r, i) => {
      expect(workspaceReports.detect(r), `line ${i + 1}`).toBe(true);
      const res = workspaceReports.parse(r, { ref: `GSuite:${i + 1}` });
      const idRec = r['id'] as RawRecord;
      if (!res.ok) {
        expect(res.reason).toBe('Workspace activity whose events have no name');
        rejected.push(i + 1);
        return;
      }
      for (const e of res.events) {
        TokenEventSchema.parse(e);
        // Known time exactly when the line has id.time (every id.time in the corpus is readable).
        expect(e.timeKnown, `line ${i + 1}`).toBe(idRec['time'] === undefined ? false : undefined);
        if (e.timeKnown === false) {
          timeless += 1;
          expect(e.time).toBe(0);
          expect(e.details?.rawTime).toBeUndefined();
        }
      }
    });
    // 86–90: `rules` activities with parameters but neither an event name nor a type.
    expect(rejected).toEqual([86, 87, 88, 89, 90]);
    expect(timeless).toBe(58);
  });

  it('strict positives 82 and 85 carry the privileged scopes', () => {
    const recs = load(join(CORPUS, 'panther/GSuite_ActivityEvent.events.ndjson'));
    for (const line of [82, 85]) {
      const res = workspaceReports.parse(recs[line - 1]!, { ref: `GSuite:${line}` });
      expect(res.ok).toBe(true);
      if (res.ok) expect(res.events[0]!.app!.scopes!.length).toBeGreaterThan(0);
    }
  });

  it('no other corpus log type is claimed', () => {
    for (const f of readdirSync(join(CORPUS, 'panther')).filter(
      (n) => n.endsWith('.events.ndjson') && !n.startsWith('GSuite_'),
    )) {
      for (const r of load(join(CORPUS, 'panther', f))) expect(workspaceReports.detect(r), f).toBe(false);
    }
  });
});
