/**
 * github-webhook: event types from the keys present, actor/target/app/time mapping, deterministic
 * ids, payloads without a time, detect isolation from github-audit (both ways, on both formats'
 * fixtures), fast-check robustness, and the Panther GitHub_Webhook corpus file.
 */
import { existsSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenEventSchema, type TokenEvent } from '../../model/token-event';
import type { RawRecord } from '../../model/fields';
import { SOURCE_FORMATS } from '../index';
import { githubAudit } from './github-audit';
import { githubWebhook } from './github-webhook';
import { join } from 'node:path';
import { CORPUS } from '../../../test/support/shared-material';
import { FIXTURES, loadRecordsFile as load, parseAllWith as parseAll } from '../../../test/support/fixture-records';

const fixture = (f: string): TokenEvent[] => parseAll(githubWebhook, load(join(FIXTURES, 'github-webhook', f)), f);
const one = (f: string): TokenEvent => {
  const evs = fixture(f);
  expect(evs).toHaveLength(1);
  return evs[0]!;
};

describe('github-webhook: fixtures', () => {
  it('workflow_run: sender, repository target, installation app, updated_at, conclusion in details, success delivery', () => {
    expect(one('workflow-run.json')).toEqual({
      id: 'github-webhook:workflow_run:987650001:completed',
      time: Date.parse('2024-05-06T15:04:30Z'),
      provider: 'github',
      format: 'github-webhook',
      class: 'api_activity',
      actor: { id: 'octo-dev', kind: 'human', type: 'User', account: 'example-org' },
      source: {},
      action: { name: 'workflow_run.completed', service: 'github', verb: 'write' },
      target: { id: 'example-org/payments-service', type: 'repository', account: 'example-org' },
      app: { id: '5550001' },
      outcome: { success: true },
      details: {
        repo: 'example-org/payments-service',
        org: 'example-org',
        repositoryPublic: false,
        conclusion: 'failure',
      },
      ref: 'workflow-run.json:1',
    });
  });

  it('workflow_job from a bot sender: service_principal, updated_at absent → started_at, public by visibility flag', () => {
    const e = one('workflow-job-bot.json');
    expect(e).toMatchObject({
      id: 'github-webhook:workflow_job:52841003199:in_progress',
      time: Date.parse('2024-05-06T15:06:50Z'),
      actor: { id: 'dependabot[bot]', kind: 'service_principal', type: 'Bot', account: 'example-org' },
      action: { name: 'workflow_job.in_progress' },
      details: { repositoryPublic: true },
    });
    expect(e.details!['conclusion']).toBeUndefined();
    expect(e.timeKnown).toBeUndefined();
  });

  it('push: pusher is the actor, head_commit.timestamp (with offset) the time, the after sha the id', () => {
    expect(one('push.json')).toMatchObject({
      id: 'github-webhook:push:0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
      time: Date.parse('2024-05-06T15:10:11Z'),
      actor: { id: 'octo-dev', kind: 'human', account: 'example-org' },
      action: { name: 'push', service: 'github', verb: 'write' },
      target: { id: 'example-org/payments-service', type: 'repository' },
    });
  });

  it('push: repository.pushed_at (epoch seconds) is preferred over the commit time', () => {
    const rec = load(join(FIXTURES, 'github-webhook/push.json'))[0]!;
    const repo = { ...(rec['repository'] as RawRecord), pushed_at: 1715008300 };
    const [e] = parseAll(githubWebhook, [{ ...rec, repository: repo }], 'pushed_at');
    expect(e!.time).toBe(1715008300_000);
  });

  it('pull_request review: the reviewer (object user) when there is no sender, submitted_at, review id', () => {
    expect(one('pull-request-review.json')).toMatchObject({
      id: 'github-webhook:pull_request_review:2011223344:submitted',
      time: Date.parse('2024-05-06T16:20:00Z'),
      actor: { id: 'reviewer-bot[bot]', kind: 'service_principal', type: 'Bot' },
      action: { name: 'pull_request_review.submitted' },
    });
  });

  it('payloads without a readable time: time 0, timeKnown false, rawTime only when a value was there', () => {
    const [repoEvt, create, pr] = fixture('no-time.ndjson');
    expect(repoEvt).toMatchObject({
      id: 'github-webhook:repository:example-org/scratch:created',
      time: 0,
      timeKnown: false,
      actor: { id: 'octo-admin', kind: 'human' },
      action: { name: 'repository.created' },
    });
    expect(repoEvt!.details!['rawTime']).toBeUndefined();
    expect(create).toMatchObject({
      id: 'github-webhook:create:v1.2.0',
      timeKnown: false,
      action: { name: 'create' },
      details: { repositoryPublic: true },
    });
    expect(pr).toMatchObject({
      id: 'github-webhook:pull_request:example-org/tools#7:opened',
      time: 0,
      timeKnown: false,
      actor: { id: 'unknown', kind: 'unknown' },
      details: { rawTime: 'yesterday' },
    });
  });

  it('ids are deterministic: the same payload at another place gets the same id', () => {
    const rec = load(join(FIXTURES, 'github-webhook/workflow-run.json'))[0]!;
    const a = githubWebhook.parse(rec, { ref: 'a:1' });
    const b = githubWebhook.parse(structuredClone(rec), { ref: 'b:99' });
    expect(a.ok && b.ok && a.events[0]!.id === b.events[0]!.id).toBe(true);
    const bare = { action: 'push', ref: 'refs/heads/main', repository: { full_name: 'org/repo' } };
    const c = githubWebhook.parse(bare, { ref: 'x:1' });
    expect(c.ok && c.events[0]!.id).toBe('github-webhook:push:refs/heads/main');
    const noId = { action: 'opened', issue: { title: 't' }, repository: { full_name: 'org/repo' } };
    const d1 = githubWebhook.parse(noId, { ref: 'x:1' });
    const d2 = githubWebhook.parse({ ...noId }, { ref: 'y:7' });
    expect(
      d1.ok &&
        d2.ok &&
        d1.events[0]!.id === d2.events[0]!.id &&
        /^github-webhook:issues:h[0-9a-f]{8}:opened$/.test(d1.events[0]!.id),
    ).toBe(true);
  });

  it('type table: comments, pages, delete, repository-only and unknown objects', () => {
    const name = (r: RawRecord): string | undefined => {
      const res = githubWebhook.detect(r) ? githubWebhook.parse(r, { ref: 't' }) : undefined;
      return res?.ok ? res.events[0]!.action.name : undefined;
    };
    const repository = { full_name: 'o/r' };
    expect(name({ action: 'created', comment: { id: 1 }, issue: { number: 1 }, repository })).toBe(
      'issue_comment.created',
    );
    expect(name({ action: 'created', comment: { id: 1 }, pull_request: { number: 1 }, repository })).toBe(
      'pull_request_review_comment.created',
    );
    expect(name({ pages: [{ page_name: 'Home', action: 'edited', sha: 'abc' }], repository })).toBe('gollum');
    expect(name({ ref: 'feature', ref_type: 'branch', pusher_type: 'user', repository })).toBe('delete');
    expect(name({ action: 'added', member: { login: 'x' }, repository })).toBe('member.added');
    expect(name({ action: 'archived', repository, sender: { login: 's' } })).toBe('repository.archived');
    expect(name({ action: 'created', alert: { number: 1 }, repository })).toBeUndefined();
    expect(name({ repository, sender: { login: 's' } })).toBeUndefined();
    expect(name({ action: 'created', repository: 'o/r', workflow_run: { id: 1 } })).toBeUndefined();
  });
});

describe('github-webhook: detect isolation from github-audit', () => {
  const webhookFixtures = readdirSync(join(FIXTURES, 'github-webhook')).flatMap((f) =>
    load(join(FIXTURES, 'github-webhook', f)),
  );
  const auditFixtures = readdirSync(join(FIXTURES, 'github-audit')).flatMap((f) =>
    load(join(FIXTURES, 'github-audit', f)),
  );

  it('the two formats never both claim a record; audit records are never claimed as webhooks', () => {
    for (const r of [...webhookFixtures, ...auditFixtures])
      expect(githubWebhook.detect(r) && githubAudit.detect(r)).toBe(false);
    for (const r of webhookFixtures) expect(githubAudit.detect(r)).toBe(false);
    const audits = auditFixtures.filter((r) => githubAudit.detect(r));
    expect(audits.length).toBeGreaterThanOrEqual(8);
    for (const r of audits) expect(githubWebhook.detect(r)).toBe(false);
  });

  it('the webhook payload kept in github-audit fixtures (refused there) is read here', () => {
    const wh = load(join(FIXTURES, 'github-audit/webhook-workflow-run.json'));
    expect(parseAll(githubWebhook, wh, 'wh')[0]).toMatchObject({
      action: { name: 'workflow_run.completed' },
      details: { conclusion: 'success' },
    });
  });

  it('audit markers veto a webhook shape', () => {
    const base = { action: 'completed', workflow_run: { id: 1 }, repository: { full_name: 'o/r' } };
    expect(githubWebhook.detect(base)).toBe(true);
    for (const k of ['_document_id', '@timestamp', 'at_sign_timestamp', 'actor_ip', 'org_id', 'business']) {
      expect(githubWebhook.detect({ ...base, [k]: 'x' }), k).toBe(false);
    }
    expect(githubWebhook.detect({ ...base, actor: 'octo' })).toBe(false);
  });
});

describe('github-webhook: robustness', () => {
  const check = (o: RawRecord): void => {
    githubWebhook.detect(o);
    const res = githubWebhook.parse(o, { ref: 'fc' });
    if (res.ok) for (const e of res.events) TokenEventSchema.parse(e);
    else expect(res.reason.length).toBeGreaterThan(0);
  };

  it('any object: ok or a reason, never a throw', () => {
    fc.assert(
      fc.property(fc.object(), (o) => check(o as RawRecord)),
      { numRuns: 300 },
    );
  });

  it('webhook-shaped records with arbitrary values: schema-valid events or a reason', () => {
    const rec = fc.record(
      {
        action: fc.oneof(fc.constantFrom('opened', 'completed', 'push', ''), fc.anything()),
        repository: fc.oneof(
          fc.record({
            full_name: fc.anything(),
            private: fc.anything(),
            owner: fc.anything(),
            pushed_at: fc.anything(),
          }),
          fc.anything(),
        ),
        workflow_run: fc.oneof(
          fc.record({ id: fc.anything(), updated_at: fc.anything(), conclusion: fc.anything(), actor: fc.anything() }),
          fc.anything(),
        ),
        pull_request: fc.anything(),
        review: fc.anything(),
        comment: fc.anything(),
        commits: fc.oneof(fc.array(fc.record({ id: fc.anything(), timestamp: fc.anything() })), fc.anything()),
        head_commit: fc.anything(),
        ref: fc.anything(),
        ref_type: fc.anything(),
        pages: fc.anything(),
        sender: fc.oneof(fc.record({ login: fc.anything(), type: fc.anything() }), fc.anything()),
        pusher: fc.anything(),
        installation: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(rec, (o) => check(o as RawRecord)),
      { numRuns: 500 },
    );
  });
});

describe.skipIf(!existsSync(join(CORPUS, 'panther/GitHub_Webhook.events.ndjson')))(
  'github-webhook: Panther GitHub_Webhook corpus',
  () => {
    const recs = existsSync(CORPUS) ? load(join(CORPUS, 'panther/GitHub_Webhook.events.ndjson')) : [];

    it('all 76 payloads are read by this format and claimed by no other registered format', () => {
      expect(recs).toHaveLength(76);
      const evs = parseAll(githubWebhook, recs, 'GitHub_Webhook');
      expect(evs).toHaveLength(76);
      for (const [i, r] of recs.entries()) {
        const claimed = SOURCE_FORMATS.filter((f) => f.detect(r)).map((f) => f.id);
        expect(claimed, `GitHub_Webhook:${i + 1}`).toEqual(['github-webhook']);
      }
    });

    it('maps the samples: cross-fork workflow runs, pushes without sender, repository events, review times', () => {
      const at = (line: number): TokenEvent => {
        const res = githubWebhook.parse(recs[line - 1]!, { ref: `GitHub_Webhook:${line}` });
        if (!res.ok) throw new Error(res.reason);
        return res.events[0]!;
      };
      expect(at(1)).toMatchObject({
        id: 'github-webhook:workflow_run:87654321:requested',
        time: 0,
        timeKnown: false,
        actor: { id: 'unknown', kind: 'unknown' },
        target: { id: 'example-org/example-repo' },
        details: { repositoryPublic: true, conclusion: 'failure' },
      });
      expect(at(6)).toMatchObject({
        action: { name: 'pull_request_review.submitted' },
        actor: { id: 'fake-reviewer' },
        time: Date.parse('2024-01-15T11:00:00Z'),
      });
      expect(at(14)).toMatchObject({
        id: 'github-webhook:push:def456',
        action: { name: 'push' },
        actor: { id: 'developer' },
        time: Date.parse('2024-01-15T10:30:00Z'),
      });
      expect(at(10)).toMatchObject({ action: { name: 'push' }, id: 'github-webhook:push:refs/heads/main' });
      expect(at(27)).toMatchObject({ action: { name: 'gollum' }, actor: { id: 'attacker' } });
      expect(at(45)).toMatchObject({
        action: { name: 'workflow_job.completed' },
        time: Date.parse('2025-10-15T18:41:54Z'),
      });
      expect(at(51)).toMatchObject({
        action: { name: 'repository.created', verb: 'write' },
        actor: { id: 'Owner', account: 'Owner' },
        time: Date.parse('2025-11-25T17:32:12Z'),
        details: { repositoryPublic: false },
      });
      expect(at(53)).toMatchObject({ action: { name: 'repository.deleted', verb: 'delete' }, timeKnown: false });
      expect(at(73)).toMatchObject({ action: { name: 'pull_request' }, actor: { id: 'Developer' } });
      const ids = recs.map((_, i) => at(i + 1).id);
      expect(ids.every((id) => id.startsWith('github-webhook:') && !/GitHub_Webhook/.test(id))).toBe(true);
    });

    it('no Panther audit record and no other log type is claimed', () => {
      for (const f of readdirSync(join(CORPUS, 'panther')).filter(
        (n) => n.endsWith('.events.ndjson') && !n.startsWith('GitHub_Webhook'),
      )) {
        for (const r of load(join(CORPUS, 'panther', f))) expect(githubWebhook.detect(r), f).toBe(false);
      }
    });
  },
);
