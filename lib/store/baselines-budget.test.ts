/**
 * The store budget of issue 10, measured and printed (never asserted on time): one tenant of
 * 10,000 identities, each with its access key, 20 events over the 30-day window (two addresses,
 * one client, five actions): 200,000 events. Prints the stored size (the baseline document as
 * JSON, and the learned-id rows), and what a page of 200 rows costs: reading the baseline,
 * cutting the view's history, judging with it, and learning the page. The assertions check that
 * what was measured is what was meant (the document read back, the page judged with history).
 */
// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from './test-support';
import { afterEach, describe, expect, it } from 'vitest';
import type { BaselineFile } from '../baseline/baseline-file';
import { historyBeforeView, knownHistory } from '../baseline/view-history';
import { runEngine } from '../engine/run';
import { learnedBaselines } from '../engine/learn-baseline';
import type { TokenEvent } from '../model/token-event';
import { ev } from '../../test/support/events';
import type { LearnedDay, TriageDb } from './db';
import { learnedIdCount, learnEvents, readBaselines } from './baselines';

const IDENTITIES = 10_000;
const EVENTS_EACH = 20;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 9, 1);
const TENANT = 'aws:111122223333';
const arn = (i: number) => `arn:aws:iam::111122223333:user/user-${String(i).padStart(5, '0')}`;
const key = (i: number) => `AKIA${String(i).padStart(16, '0')}`;
const ACTIONS = ['ListBuckets', 'DescribeInstances', 'GetCallerIdentity', 'GetMetricData', 'GetObject'];

function bigBaseline(): { file: BaselineFile; learned: LearnedDay[] } {
  const subjects: BaselineFile['subjects'] = {};
  const byDay = new Map<number, string[]>();
  for (let i = 0; i < IDENTITIES; i++) {
    const times = Array.from({ length: EVENTS_EACH }, (_, k) => NOW - 30 * DAY + k * 1.5 * DAY + (i % 480) * 60_000);
    const seen = {
      ip: { [`10.${(i >> 8) & 255}.${i & 255}.1`]: times[0]!, [`10.${(i >> 8) & 255}.${i & 255}.2`]: times[3]! },
      asn: { '64512': times[0]! },
      country: { DE: times[0]! },
      ua: { 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5 exe/x86_64.ubuntu.22': times[0]! },
      action: Object.fromEntries(ACTIONS.map((a, k) => [a, times[k]!])),
      network: { business: times[0]! },
    };
    subjects[`id:${arn(i)}`] = { times, seen };
    subjects[`tok:${key(i)}`] = { times: [...times], seen };
    for (const [k, t] of times.entries()) {
      const day = Math.floor(t / DAY);
      const ids = byDay.get(day) ?? [];
      ids.push(`${String(i).padStart(5, '0')}-${k}-a1b2c3d4-e5f6-4711-8899-aabbccddeeff`); // a CloudTrail eventID's length
      byDay.set(day, ids);
    }
  }
  const learned = [...byDay].map(([day, ids]) => ({ tenant: TENANT, day, ids }));
  return { file: { format: 'token-triage-baseline', version: 1, tenant: TENANT, savedAt: NOW, retentionDays: 30, subjects }, learned };
}

/** A page of 200 rows today: 40 identities, five calls each. */
function page(): TokenEvent[] {
  return Array.from({ length: 200 }, (_, k) => {
    const i = (k % 40) * 250;
    return ev({ id: `today-${k}`, time: NOW + k * 60_000, actor: { id: arn(i), account: '111122223333' }, credential: { kind: 'long_term_key', id: key(i) }, source: { ip: `10.${(i >> 8) & 255}.${i & 255}.1` }, action: { name: ACTIONS[k % 5]! } });
  });
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('store budget at 10,000 identities (printed, not timed)', () => {
  it('measures stored size and the cost a page pays for reading, judging with and learning the baseline', async () => {
    const db = fakeIdb().open();
    opened.push(db);
    const { file, learned } = bigBaseline();
    const docBytes = JSON.stringify(file).length;
    const idBytes = JSON.stringify(learned).length;
    let t = performance.now();
    await db.baselines.put(file);
    await db.learned.bulkPut(learned);
    const write = ms(t);

    t = performance.now();
    const { files } = await readBaselines(db, [TENANT]);
    const read = ms(t);
    expect(Object.keys(files[0]!.subjects)).toHaveLength(2 * IDENTITIES);

    const today = page();
    t = performance.now();
    const history = historyBeforeView(files, today)!;
    const cut = ms(t);
    expect(Object.keys(history.subjects)).toHaveLength(80); // the page's 40 identities and 40 keys

    t = performance.now();
    const cold = runEngine(today);
    const judgeCold = ms(t);
    t = performance.now();
    const warm = runEngine(today, { history });
    const judgeWarm = ms(t);
    expect(knownHistory(history, today)[0]!.events).toBe(EVENTS_EACH);
    expect([warm.errors, cold.errors]).toEqual([[], []]); // every indicator ran, with and without history

    t = performance.now();
    const [pure] = learnedBaselines(files, today, undefined, NOW);
    const merge = ms(t);
    expect(Object.keys(pure!.subjects)).toHaveLength(2 * IDENTITIES);

    t = performance.now();
    const [report] = await learnEvents(db, today, undefined, NOW);
    const learn = ms(t);
    expect(report).toMatchObject({ tenant: TENANT, learned: 200, known: 0 });
    expect(await learnedIdCount(db, TENANT)).toBe(IDENTITIES * EVENTS_EACH + 200);
    t = performance.now();
    const [again] = await learnEvents(db, today, undefined, NOW);
    const relearn = ms(t);
    expect(again).toMatchObject({ learned: 0, known: 200 });
    expect(Object.keys((await db.baselines.get(TENANT))!.subjects)).toHaveLength(2 * IDENTITIES);

    console.log(
      [
        `baseline budget: ${IDENTITIES} identities + ${IDENTITIES} keys, ${IDENTITIES * EVENTS_EACH} events in the 30-day window`,
        `  stored: baseline document ${mb(docBytes)} as JSON (${(docBytes / IDENTITIES / 1024).toFixed(1)} KB per identity with its key); learned ids ${mb(idBytes)} as JSON (${learned.length} day rows)`,
        `  write whole (fake-indexeddb): ${write}; read + check the tenant's baseline: ${read} (once per tenant until it changes: cached in the background)`,
        `  page of 200 rows: cut to the view's 80 subjects ${cut}; engine cold ${judgeCold}, with history ${judgeWarm}`,
        `  of which the pure merge and retention of the whole document (lib/engine/learn-baseline.ts): ${merge}`,
        `  learning the page (read, merge, retain, write the document and its day of ids): ${learn}; the same rows again (ids only): ${relearn}`,
      ].join('\n'),
    );
  }, 120_000);
});
