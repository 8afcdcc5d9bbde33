/**
 * `npm run bench:store`: the store budget of issue 10, measured and printed: one tenant of
 * 10,000 identities, each with its access key, 20 events over the 30-day window (two addresses,
 * one client, five actions): 200,000 events. Prints the stored size (the baseline document as
 * JSON, and the learned-id rows), and what a page of 200 rows costs: reading the baseline,
 * cutting the view's history, judging with it, and learning the page. Timings are fake-indexeddb's
 * in Node (slower than a browser's IndexedDB). Each step checks that what was measured is what was
 * meant (the document read back, the page judged with history) and stops the benchmark if not.
 */
// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../test/support/store';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import type { BaselineFile } from '../lib/baseline/baseline-file';
import { historyBeforeView, knownHistory } from '../lib/baseline/view-history';
import { runEngine } from '../lib/engine/run';
import { learnedBaselines } from '../lib/engine/learn-baseline';
import type { TokenEvent } from '../lib/model/token-event';
import { ev } from '../test/support/events';
import type { LearnedDay } from '../lib/store/db';
import { learnedIdCount, learnEvents, readBaselines } from '../lib/store/baselines';

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
  return {
    file: { format: 'token-triage-baseline', version: 1, tenant: TENANT, savedAt: NOW, retentionDays: 30, subjects },
    learned,
  };
}

/** A page of 200 rows today: 40 identities, five calls each. */
function page(): TokenEvent[] {
  return Array.from({ length: 200 }, (_, k) => {
    const i = (k % 40) * 250;
    return ev({
      id: `today-${k}`,
      time: NOW + k * 60_000,
      actor: { id: arn(i), account: '111122223333' },
      credential: { kind: 'long_term_key', id: key(i) },
      source: { ip: `10.${(i >> 8) & 255}.${i & 255}.1` },
      action: { name: ACTIONS[k % 5]! },
    });
  });
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** What was measured is what was meant, or the numbers mean nothing. */
function check(what: string, actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected))
    throw new Error(`bench:store: ${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

const db = fakeIdb().open();
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
check('subjects read back', Object.keys(files[0]!.subjects).length, 2 * IDENTITIES);

const today = page();
t = performance.now();
const history = historyBeforeView(files, today)!;
const cut = ms(t);
check("the view's history", Object.keys(history.subjects).length, 80); // the page's 40 identities and 40 keys

t = performance.now();
const cold = runEngine(today);
const judgeCold = ms(t);
t = performance.now();
const warm = runEngine(today, { history });
const judgeWarm = ms(t);
check('history known per identity', knownHistory(history, today)[0]!.events, EVENTS_EACH);
check('indicator errors', [warm.errors, cold.errors], [[], []]); // every indicator ran, with and without history

t = performance.now();
const [pure] = learnedBaselines(files, today, undefined, NOW);
const merge = ms(t);
check('subjects merged', Object.keys(pure!.subjects).length, 2 * IDENTITIES);

t = performance.now();
const [report] = await learnEvents(db, today, undefined, NOW);
const learn = ms(t);
check('first learning', [report?.tenant, report?.learned, report?.known], [TENANT, 200, 0]);
check('learned ids', await learnedIdCount(db, TENANT), IDENTITIES * EVENTS_EACH + 200);
t = performance.now();
const [again] = await learnEvents(db, today, undefined, NOW);
const relearn = ms(t);
check('the same rows again', [again?.learned, again?.known], [0, 200]);
check('subjects stored', Object.keys((await db.baselines.get(TENANT))!.subjects).length, 2 * IDENTITIES);

console.log(
  [
    `baseline budget: ${IDENTITIES} identities + ${IDENTITIES} keys, ${IDENTITIES * EVENTS_EACH} events in the 30-day window`,
    `  stored: baseline document ${mb(docBytes)} as JSON (${(docBytes / IDENTITIES / 1024).toFixed(1)} ` +
      `KB per identity with its key); learned ids ${mb(idBytes)} as JSON (${learned.length} day rows)`,
    `  write whole (fake-indexeddb): ${write}; read + check the tenant's baseline: ${read} (once per tenant until it changes: cached in the background)`,
    `  page of 200 rows: cut to the view's 80 subjects ${cut}; engine cold ${judgeCold}, with history ${judgeWarm}`,
    `  of which the pure merge and retention of the whole document (lib/engine/learn-baseline.ts): ${merge}`,
    `  learning the page (read, merge, retain, write the document and its day of ids): ${learn}; the same rows again (ids only): ${relearn}`,
  ].join('\n'),
);
db.close();
