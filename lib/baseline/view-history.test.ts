/**
 * The stored history a view is judged with: only the view's subjects, each cut strictly before
 * its first event in the view (so rows already learned are never their own history), and the
 * per-identity text the sidebar shows.
 */
import { describe, expect, it } from 'vitest';
import { DAY, ev, T0 } from '../../test/support/events';
import type { BaselineFile } from './baseline-file';
import { historyBeforeView, knownHistory, tenantsOf } from './view-history';

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const ACCT = '111122223333';
const file = (subjects: BaselineFile['subjects'], tenant = 'aws:111122223333'): BaselineFile => ({
  format: 'token-triage-baseline',
  version: 1,
  tenant,
  savedAt: 1,
  retentionDays: 30,
  subjects,
});

describe('historyBeforeView', () => {
  const stored = file({
    [`id:${ALICE}`]: {
      times: [T0 - 20 * DAY, T0 - DAY, T0, T0 + 1000],
      seen: { ip: { '1.1.1.1': T0 - 20 * DAY, '2.2.2.2': T0 } },
    },
    [`id:${BOB}`]: { times: [T0 - DAY], seen: { ip: { '3.3.3.3': T0 - DAY } } },
  });

  it("keeps what was known before the subject's first row in view, and only the view's subjects", () => {
    const h = historyBeforeView(
      [stored],
      [
        ev({ time: T0 + 1000, actor: { id: ALICE, account: ACCT } }),
        ev({ time: T0, actor: { id: ALICE, account: ACCT } }),
      ],
    )!;
    expect(Object.keys(h.subjects)).toEqual([`id:${ALICE}`]);
    expect(h.subjects[`id:${ALICE}`]).toEqual({
      times: [T0 - 20 * DAY, T0 - DAY],
      seen: { ip: { '1.1.1.1': T0 - 20 * DAY } },
    });
  });

  it('is cold (undefined) with no stored baseline, and empty for a view of unknown subjects', () => {
    expect(historyBeforeView([], [ev({ actor: { id: ALICE, account: ACCT } })])).toBeUndefined();
    expect(historyBeforeView([stored], [ev({ actor: { id: 'someone-else', account: ACCT } })])).toEqual({
      version: 1,
      subjects: {},
    });
  });

  it('merges a subject known to two baselines', () => {
    const other = file(
      { [`id:${ALICE}`]: { times: [T0 - 2 * DAY], seen: { ip: { '1.1.1.1': T0 - 30 * DAY } } } },
      'aws:other',
    );
    const h = historyBeforeView([stored, other], [ev({ time: T0, actor: { id: ALICE, account: ACCT } })])!;
    expect(h.subjects[`id:${ALICE}`]!.times.sort()).toEqual([T0 - 20 * DAY, T0 - 2 * DAY, T0 - DAY].sort());
    expect(h.subjects[`id:${ALICE}`]!.seen.ip).toEqual({ '1.1.1.1': T0 - 30 * DAY });
  });
});

describe('knownHistory and tenantsOf', () => {
  it('says per identity how much history and since when, or that there is none', () => {
    const view = [
      ev({ time: T0, actor: { id: ALICE, account: ACCT } }),
      ev({ time: T0, actor: { id: BOB, account: ACCT } }),
      ev({ time: T0, actor: { id: 'carol', account: ACCT } }),
    ];
    const h = historyBeforeView(
      [
        file({
          [`id:${ALICE}`]: { times: [T0 - 23 * DAY, T0 - DAY], seen: {} },
          [`id:${BOB}`]: { times: [T0 - DAY], seen: {} },
        }),
      ],
      view,
    );
    expect(knownHistory(h, view).map((k) => `${k.id}: ${k.text}`)).toEqual([
      `${ALICE}: history: 22 days, 2 events (since 2026-02-07)`,
      `${BOB}: history: 1 day, 1 event (since 2026-03-01)`,
      'carol: no history yet: judged on this view only',
    ]);
    expect(knownHistory(undefined, view).every((k) => k.events === 0)).toBe(true);
    expect(tenantsOf([...view, ev({ provider: 'entra', actor: { id: 'x', account: 'tid' } })])).toEqual([
      'aws:111122223333',
      'entra:tid',
    ]);
  });

  it('an event that does not name its tenant has no stored history, and says so (two tenants never mix)', () => {
    // The CloudTrail Event history list shows a user name and no account: "alice" of which account?
    const view = [ev({ time: T0, actor: { id: 'alice' } })];
    const stored = file({ 'id:alice': { times: [T0 - 5 * DAY], seen: { ip: { '1.1.1.1': T0 - 5 * DAY } } } });
    expect(tenantsOf(view)).toEqual([]);
    expect(historyBeforeView([stored], view)).toEqual({ version: 1, subjects: {} });
    expect(knownHistory(undefined, view)[0]!.text).toBe(
      'no history: this view does not show the account or tenant, so it is judged on this view only and not learned',
    );
  });
});
