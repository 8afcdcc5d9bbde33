/**
 * github-audit: API JSON, streamed NDJSON variants, the org CSV export, webhook exclusion,
 * detect isolation, fast-check robustness, and the shared corpus (epoch-ms timestamps).
 */
import { existsSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenEventSchema, type TokenEvent } from '../../model/token-event';
import type { RawRecord } from '../../model/fields';
import { githubAudit } from './github-audit';
import { runEngine } from '../../engine/run';
import { fakeIntel } from '../../../test/support/fake-intel';
import {
  expectContractHolds,
  loadRecordsFile as load,
  parseAllWith as parseAll,
  FIXTURES,
} from '../../../test/support/fixture-records';
import { join } from 'node:path';
import { CORPUS } from '../../../test/support/shared-material';

const fixture = (f: string): TokenEvent[] => parseAll(githubAudit, load(join(FIXTURES, 'github-audit', f)), f);

describe('github-audit: audit log API JSON', () => {
  const evs = fixture('audit-log-api.json');

  it('reads every entry', () => {
    expect(evs).toHaveLength(5);
    expect(evs.every((e) => e.provider === 'github' && e.format === 'github-audit' && e.outcome.success)).toBe(true);
  });

  it('OAuth app authorization: app id/name, scopes, epoch-ms time', () => {
    expect(evs[0]).toMatchObject({
      id: 'Xq1example-oauth-create==',
      time: Date.parse('2024-05-06T13:52:01.000Z'),
      class: 'authorization_grant',
      actor: { id: 'octo-dev', kind: 'human', account: 'example-org' },
      source: { ip: '198.51.100.61', country: 'US' },
      action: { name: 'oauth_authorization.create', service: 'github' },
      app: { id: '41001', name: 'Repo Insights', scopes: ['repo', 'read:org'] },
    });
    // Authorized in the browser: the performer is the web session, not a token.
    expect(evs[0]!.credential).toEqual({ kind: 'session' });
  });

  it('token use: hashed_token is the credential id, access type and token id in details', () => {
    expect(evs[1]).toMatchObject({
      time: 1715004102250,
      credential: { kind: 'oauth_access_token', id: 'q9K2bG1c0Xv7sYtP3mR4nW8eH5jL6aD1fU0iZ2xC4vE=' },
      source: { ip: '203.0.113.200', country: 'NL', userAgent: 'git/2.43.0' },
      action: { name: 'git.clone', verb: 'read' },
      target: { id: 'example-org/payments-service', type: 'repository', account: 'example-org' },
      details: {
        programmaticAccessType: 'OAuth access token',
        tokenId: '8800112',
        repo: 'example-org/payments-service',
        org: 'example-org',
        repositoryPublic: false,
      },
    });
  });

  it('fine-grained PAT → pat; string created_at; bots and "False" strings', () => {
    // A PAT granted from a script: the granted token is the target, the performer a PAT without id.
    expect(evs[2]).toMatchObject({
      credential: { kind: 'pat' },
      time: Date.parse('2024-05-06T14:02:46.900Z'),
      class: 'authorization_grant',
      target: {
        id: 'Zz8example0hashed0token0value0000000000000=',
        type: 'personal access token',
        account: 'example-org',
      },
      details: { targetUser: 'octo-dev' },
    });
    expect(evs[2]!.credential!.id).toBeUndefined();
    expect(evs[3]).toMatchObject({
      id: 'github:1715004300000:org.add_member:octo-admin',
      actor: { id: 'octo-admin', kind: 'human' },
      class: 'account_change',
      action: { verb: 'privileged' },
      target: { id: 'new-contractor', type: 'user' },
    });
    expect(evs[4]).toMatchObject({
      actor: { id: 'dependabot[bot]', kind: 'service_principal' },
      credential: { kind: 'oauth_access_token', id: '1234500' },
    });
  });
});

describe('github-audit: streamed NDJSON variants', () => {
  const evs = fixture('streamed.ndjson');

  it('at_sign_timestamp (zone-less, UTC) and string booleans', () => {
    expect(evs[0]).toMatchObject({
      time: Date.UTC(2024, 4, 6, 14, 10, 0, 500),
      action: { name: 'repo.download_zip', verb: 'read' },
      details: { repositoryPublic: false },
      credential: { kind: 'oauth_access_token' },
    });
  });

  it('mixed-case keys and a missing _document_id give the deterministic id', () => {
    expect(evs[1]).toMatchObject({
      id: 'github:1715004800000:public_key.create:octo-dev',
      time: 1715004800000,
      class: 'account_change',
      action: { name: 'public_key.create', verb: 'privileged' },
      actor: { account: 'example-org' },
    });
  });

  it('keeps a record without a readable time as timeKnown: false, with what the log said', () => {
    const none = githubAudit.parse({ action: 'repo.create', actor: 'x' }, { ref: 'x' });
    expect(none).toEqual({
      ok: true,
      events: [
        {
          id: 'github:no-time:repo.create:x',
          time: 0,
          timeKnown: false,
          provider: 'github',
          format: 'github-audit',
          class: 'api_activity',
          actor: { id: 'x', kind: 'human' },
          source: {},
          action: { name: 'repo.create', service: 'github', verb: 'write' },
          outcome: { success: true },
          ref: 'x',
        },
      ],
    });
    if (none.ok) TokenEventSchema.parse(none.events[0]);
    const bad = githubAudit.parse(
      { action: 'repo.create', actor: 'x', '@timestamp': 'sometime last week' },
      { ref: 'x' },
    );
    expect(bad.ok && bad.events[0]).toMatchObject({
      time: 0,
      timeKnown: false,
      details: { rawTime: 'sometime last week' },
    });
    // An unreadable @timestamp falls back to created_at.
    const fallback = githubAudit.parse(
      { action: 'repo.create', actor: 'x', '@timestamp': 'n/a', created_at: 1715100000000 },
      { ref: 'x' },
    );
    expect(fallback.ok && fallback.events[0]).toMatchObject({ time: 1715100000000 });
    expect(fallback.ok && fallback.events[0]!.timeKnown).toBeUndefined();
    expect(fallback.ok && fallback.events[0]!.details).toBeUndefined();
  });
});

describe('github-audit: org audit log CSV export', () => {
  const evs = fixture('org-audit-export.csv');

  it('reads columns, dotted actor_location, digit-string epochs and text booleans', () => {
    expect(evs).toHaveLength(3);
    expect(evs[0]).toMatchObject({
      id: 'CsvDoc0001==',
      time: 1715100000000,
      action: { name: 'oauth_access.create', verb: 'privileged' },
      class: 'authorization_grant',
      app: { id: '41001', name: 'Repo Insights', scopes: ['repo', 'read:org'] },
      source: { ip: '198.51.100.61', country: 'US' },
    });
    expect(evs[0]!.credential).toEqual({ kind: 'session' }); // granted in the browser
    expect(evs[1]).toMatchObject({
      credential: { kind: 'oauth_access_token', id: 'Hh7example0hashed0token0value0000000000000=' },
      source: { ip: '203.0.113.201', country: 'RO' },
      details: { repositoryPublic: false, tokenId: '8800113' },
    });
  });

  it('falls back to created_at and a deterministic id when @timestamp and _document_id are empty', () => {
    expect(evs[2]).toMatchObject({
      id: `github:${Date.parse('2024-05-07T17:00:00Z')}:repo.access:octo-admin`,
      time: Date.parse('2024-05-07T17:00:00Z'),
      details: { repositoryPublic: true },
    });
  });
});

describe('github-audit: token lifecycle reads the token acted on as the target', () => {
  it('a PAT requested, granted, created and destroyed in the browser: subject token in target, web session as credential', () => {
    const evs = fixture('token-lifecycle-browser.json');
    const lifecycle = evs.filter((e) => e.action.name.startsWith('personal_access_token.'));
    expect(lifecycle.map((e) => e.action.name)).toEqual([
      'personal_access_token.request_created',
      'personal_access_token.access_granted',
      'personal_access_token.create',
      'personal_access_token.destroy',
    ]);
    for (const e of lifecycle) {
      expect(e.credential).toEqual({ kind: 'session' });
      expect(e.target).toMatchObject({
        id: 'Lc1example0hashed0subject0token000000000000=',
        name: 'ci-deploy',
        type: 'personal access token',
      });
    }
    expect(lifecycle[0]!.details).toMatchObject({
      explanation: 'web_user',
      targetUser: 'octo-dev',
      org: 'example-org',
    });
    // The token's own use later carries it as the credential.
    const clone = evs.find((e) => e.action.name === 'git.clone')!;
    expect(clone).toMatchObject({
      credential: { kind: 'pat', id: 'Lc1example0hashed0subject0token000000000000=' },
      target: { id: 'example-org/deploy-scripts', type: 'repository' },
    });
  });

  it('an access type of another kind than the token acted on is the performer (an OAuth token adding an SSH key)', () => {
    const evs = fixture('token-minted-by-token.json');
    const key = evs.find((e) => e.action.name === 'public_key.create')!;
    expect(key.credential).toEqual({ kind: 'oauth_access_token', id: 'Mt1example0hashed0oauth0token00000000000000=' });
    expect(key.target).toEqual({ id: 'octo-dev', type: 'user' });
    // Same kind (a fine-grained PAT event with a fine-grained access type): the token fields name the new token.
    const pat = evs.find((e) => e.action.name === 'personal_access_token.request_created')!;
    expect(pat.credential).toEqual({ kind: 'pat' });
    expect(pat.target).toMatchObject({
      id: 'Mt1example0hashed0new0pat00000000000000000=',
      name: 'backup',
      type: 'personal access token',
    });
  });

  it('a record the log marks as a web session is a session, never a token', () => {
    const r = githubAudit.parse(
      { action: 'repo.create', actor: 'x', created_at: 1, programmatic_access_type: 'Web session' },
      { ref: 'x' },
    );
    expect(r.ok && r.events[0]!.credential).toEqual({ kind: 'session' });
    const u = githubAudit.parse(
      { action: 'repo.create', actor: 'x', created_at: 1, explanation: 'web_user' },
      { ref: 'x' },
    );
    expect(u.ok && u.events[0]!.credential).toEqual({ kind: 'session' });
    // A browser user agent with a token on an ordinary event stays that token (Panther's OAuth token with a Mozilla UA).
    const t = githubAudit.parse(
      {
        action: 'repo.update',
        actor: 'x',
        created_at: 1,
        programmatic_access_type: 'oauth_token',
        user_agent: 'Mozilla/5.0 (Macintosh)',
      },
      { ref: 'x' },
    );
    expect(t.ok && t.events[0]!.credential).toEqual({ kind: 'oauth_access_token' });
  });
});

describe('github-audit: token lifecycle through the engine (token-multi-source, new-auth-material, privileged-with-token)', () => {
  const findings = (f: string) =>
    runEngine(fixture(f), { intel: fakeIntel() }).findings.map((x) => [x.indicator, x.severity, x.events] as const);

  it('hard negative: a PAT made in the browser at home and then used by a CI runner is not one token on two networks', () => {
    const f = findings('token-lifecycle-browser.json');
    expect(f.filter(([i]) => i === 'token-multi-source' || i === 'privileged-with-token')).toEqual([]);
    expect(f.filter(([i]) => i === 'new-auth-material')).toEqual([
      ['new-auth-material', 'low', ['Lc1example-pat-request==', 'Lc1example-pat-granted==', 'Lc1example-pat-create==']],
    ]);
  });

  it('positive: an OAuth token used from home and then from a VPS, adding an SSH key and requesting a PAT, still fires', () => {
    const f = findings('token-minted-by-token.json');
    expect(f).toContainEqual([
      'token-multi-source',
      'high',
      ['Mt1example-clone-home==', 'Mt1example-repos==', 'Mt1example-sshkey=='],
    ]);
    expect(f).toContainEqual(['new-auth-material', 'medium', ['Mt1example-sshkey==']]);
    expect(f).toContainEqual(['new-auth-material', 'medium', ['Mt1example-pat-request==']]);
    expect(f).toContainEqual(['privileged-with-token', 'medium', ['Mt1example-sshkey==']]);
  });
});

describe('github-audit: detect', () => {
  const others = ['okta-system', 'workspace-reports'].flatMap((dir) =>
    readdirSync(join(FIXTURES, dir)).map((f) => [`${dir}/${f}`, load(join(FIXTURES, dir, f))] as const),
  );

  it.each(others)('rejects %s', (_name, recs) => {
    for (const r of recs) expect(githubAudit.detect(r)).toBe(false);
  });

  it('rejects webhook payloads (workflow_run etc.): they are not audit records', () => {
    for (const r of load(join(FIXTURES, 'github-audit/webhook-workflow-run.json')))
      expect(githubAudit.detect(r)).toBe(false);
  });

  it('rejects a bare action and empty records', () => {
    expect(githubAudit.detect({ action: 'opened' })).toBe(false);
    expect(githubAudit.detect({})).toBe(false);
  });
});

describe('github-audit: never throws', () => {
  const check = (rec: RawRecord): void => expectContractHolds(githubAudit, rec);

  it('any object: ok or a reason', () => {
    fc.assert(
      fc.property(fc.object(), (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
  });

  it('audit-shaped records with arbitrary values: schema-valid events or a reason', () => {
    const rec = fc.record(
      {
        action: fc.oneof(fc.constantFrom('git.clone', 'oauth_access.create', 'org.add_member'), fc.anything()),
        actor: fc.oneof(fc.constantFrom('octo', 'app[bot]', ''), fc.anything()),
        '@timestamp': fc.oneof(fc.integer({ min: -1e13, max: 1e13 }), fc.string(), fc.anything()),
        at_sign_timestamp: fc.anything(),
        created_at: fc.oneof(fc.constant('2024-05-07T17:00:00Z'), fc.double(), fc.anything()),
        _document_id: fc.anything(),
        actor_ip: fc.anything(),
        actor_location: fc.oneof(fc.record({ country_code: fc.anything() }), fc.string(), fc.anything()),
        hashed_token: fc.anything(),
        programmatic_access_type: fc.anything(),
        token_id: fc.anything(),
        token_scopes: fc.anything(),
        repository_public: fc.anything(),
        actor_is_bot: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(rec, (o) => check(o as RawRecord)),
      { numRuns: 500 },
    );
  });
});

describe.skipIf(!existsSync(CORPUS))('github-audit: shared corpus', () => {
  it('OCSF GitHub samples: epoch-ms @timestamp becomes the right date; "False" bot flag is read', () => {
    const api = parseAll(
      githubAudit,
      load(join(CORPUS, 'ocsf-examples/GitHub_v1.3.0_Github_Audit_Logs_API_Activity_api_activity.raw')),
      'api',
    );
    expect(new Date(api[0]!.time).toISOString()).toBe('2024-10-17T14:42:46.108Z');
    expect(api[0]).toMatchObject({
      id: 'm-111111111111==',
      action: { name: 'git.push' },
      source: { ip: '1.1.1.1', country: 'US' },
      credential: { kind: 'long_term_key', id: 'tO8qpNGhmNe8OMdEXAMPLE' },
    });
    expect(api[0]!.details!['tokenId']).toBeUndefined();
    const acct = parseAll(
      githubAudit,
      load(join(CORPUS, 'ocsf-examples/GitHub_v1.3.0_Github_Audit_Logs_Account_Change_account_change.raw')),
      'acct',
    );
    expect(new Date(acct[0]!.time).toISOString()).toBe('2024-09-30T07:34:45.875Z');
    expect(acct[0]!.actor.kind).toBe('human');
    expect(acct[0]!.source.country).toBeUndefined();
    const all = readdirSync(join(CORPUS, 'ocsf-examples')).filter((f) => f.startsWith('GitHub_'));
    expect(all).toHaveLength(5);
    for (const f of all) parseAll(githubAudit, load(join(CORPUS, 'ocsf-examples', f)), f);
  });

  it('Panther GitHub_Audit: epoch ms (also as 1621305118553.0) and at_sign_timestamp; no throw on any line', () => {
    const recs = load(join(CORPUS, 'panther/GitHub_Audit.events.ndjson'));
    const at = (line: number): TokenEvent => {
      const res = githubAudit.parse(recs[line - 1]!, { ref: `GitHub_Audit:${line}` });
      if (!res.ok) throw new Error(res.reason);
      return TokenEventSchema.parse(res.events[0]);
    };
    expect(new Date(at(90).time).toISOString()).toBe('2021-05-18T02:31:58.553Z');
    expect(at(90).action.name).toBe('public_key.create');
    expect(at(37).time).toBe(1621305118553);
    expect(at(69)).toMatchObject({
      time: Date.UTC(2023, 10, 20, 21, 20, 9, 423),
      credential: { kind: 'oauth_access_token', id: '0771cae4d170dc02a6ff393d9946cd684d6145c1=' },
      source: { ip: '5.6.7.8', country: 'US' },
    });
    expect(at(35).app).toEqual({ name: 'Microsoft Teams for GitHub' });
    expect(at(98).actor.kind).toBe('service_principal');
    let parsed = 0;
    recs.forEach((r, i) => {
      const res = githubAudit.parse(r, { ref: `GitHub_Audit:${i + 1}` });
      if (res.ok) {
        parsed += 1;
        res.events.forEach((e) => TokenEventSchema.parse(e));
      } else expect(res.reason).toMatch(/time|@timestamp/);
    });
    expect(parsed).toBeGreaterThanOrEqual(70);
    // Only line 62 ({"action": …} and nothing else) is too bare to claim.
    expect(recs.map((r, i) => (githubAudit.detect(r) ? 0 : i + 1)).filter(Boolean)).toEqual([62]);
  });

  it('Panther GitHub_Webhook payloads are out of scope: never detected', () => {
    const recs = load(join(CORPUS, 'panther/GitHub_Webhook.events.ndjson'));
    expect(recs).toHaveLength(76);
    for (const r of recs) expect(githubAudit.detect(r)).toBe(false);
  });

  it('no other corpus log type is claimed', () => {
    for (const f of readdirSync(join(CORPUS, 'panther')).filter(
      (n) => n.endsWith('.events.ndjson') && !n.startsWith('GitHub_'),
    )) {
      for (const r of load(join(CORPUS, 'panther', f))) expect(githubAudit.detect(r), f).toBe(false);
    }
  });
});
