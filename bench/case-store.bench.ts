/**
 * `npm run bench:case-store`: what opening and reading a 5,000-event case costs in the store
 * (issue 11): maskDeep over the whole case (createCase masks at the door), the CaseSchema check,
 * openCase (the snapshot from an analysis: what "Open a case" runs in the background),
 * and createCase / getCase on fake-indexeddb in Node (slower than a browser's IndexedDB, and
 * without the message to the page). Each step runs several times: the first is cold (nothing
 * compiled yet), the rest warm. Prints numbers, asserts no time; it stops if what was measured
 * is not what was meant (the case read back is not the case written).
 */
// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../test/support/store';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Case, CaseEvent } from '../lib/model/case';

// `--jitless`: zod as in an extension page, whose CSP refuses eval (zod then runs without its
// compiled object parsers). Set before any schema is built: zod decides when a schema is made.
const JITLESS = process.argv.includes('--jitless');
if (JITLESS) z.config({ jitless: true });
const { CaseSchema } = await import('../lib/model/case');
const { maskDeep } = await import('../lib/model/secret');
const { CaseStore } = await import('../lib/store/cases');
const { readCaseRecord } = await import('../lib/store/validate');
const { sampleCase } = await import('../test/support/cases');
const { openCase } = await import('../lib/playbook/open-case');
const { referenceMaskDeep } = await import('../test/support/secret-reference');

const EVENTS = 5_000;
const RUNS = 9;

/** 5,000 CloudTrail-like events of one user, as a case keeps them (the extension bench's big case). */
function bigCase(n: number): Case {
  const c = sampleCase();
  const t0 = Date.UTC(2026, 10, 1);
  const events: CaseEvent[] = [];
  for (let i = 0; i < n; i++) {
    const vps = i % 10 === 9;
    const hex = i.toString(16).padStart(12, '0');
    events.push({
      id: `bencheve-0000-4000-8000-${hex}`,
      time: t0 + i * 60_000,
      timeKnown: true,
      provider: 'aws',
      format: 'cloudtrail',
      class: 'api_activity',
      actor: 'arn:aws:iam::111122223333:user/bench-case',
      actorName: 'bench-case',
      actorKind: 'human',
      account: '111122223333',
      action: i % 3 ? 'GetObject' : 'ListBuckets',
      service: 's3.amazonaws.com',
      verb: 'read',
      success: true,
      ip: vps ? '159.65.10.20' : '24.16.201.77',
      country: vps ? 'NL' : 'US',
      asn: vps ? 14061 : 7922,
      asOrg: vps ? 'DigitalOcean, LLC' : 'Comcast Cable Communications, LLC',
      userAgent: vps ? 'python-requests/2.31.0' : 'aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64',
      credentialKind: 'long_term_key',
      credentialId: 'AKIABENCHCASE0000001',
      ref: `bench-case.ndjson:${i + 1}`,
      flagged: vps ? ['new-network-for-key'] : [],
    });
  }
  return {
    ...c,
    id: 'case-bench-5000',
    subject: { kind: 'identity', id: events[0]!.actor },
    snapshot: { ...c.snapshot, events },
  };
}

/** The cold run, then the warm runs' minimum and median (the machine may be shared: the minimum is the cost). */
function report(label: string, runs: number[]): void {
  const warm = runs.slice(1).sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(40)} cold ${f(runs[0]!)}   warm min ${f(warm[0]!)}   median ${f(warm[warm.length >> 1]!)}  ms`,
  );
}

function times(label: string, f: () => unknown): number[] {
  const out: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  report(label, out);
  return out;
}

async function timesAsync(label: string, f: (run: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    await f(r);
    out.push(performance.now() - t);
  }
  report(label, out);
  return out;
}

function stop(why: string): never {
  console.error(`bench:case-store stopped: ${why}`);
  process.exit(1);
}

const big = bigCase(EVENTS);
const zodMode = JITLESS ? 'zod jitless (as in the extension)' : 'zod with its compiled parsers';
console.log(`${zodMode}; case: ${EVENTS} events, ${(JSON.stringify(big).length / 1e6).toFixed(2)} MB as JSON`);

// Timed first (so "cold" is cold), then checked: what was measured gives what it should.
times('maskDeep (reference: the former one)', () => referenceMaskDeep(big));
times('maskDeep', () => maskDeep(big));
if (!isDeepStrictEqual(maskDeep(big), referenceMaskDeep(big))) stop('maskDeep differs from the reference on the case');
times('read check before: CaseSchema.safeParse', () => CaseSchema.safeParse(big));
times('read check now: readCaseRecord', () => readCaseRecord(big));
if (!isDeepStrictEqual(readCaseRecord(big).value, CaseSchema.parse(big)))
  stop('readCaseRecord differs from CaseSchema');

// Opening the case from an analysis of its events (what "Open a case" runs in the background).
const analysis = {
  findings: big.snapshot.findings,
  subjects: [{ kind: big.subject.kind, id: big.subject.id, verdict: 'escalate' as const, reasons: [] }],
  events: big.snapshot.events,
  eventsOmitted: 0,
};
const opened = (id: string) =>
  openCase({ id, analysis, subject: big.subject, source: big.snapshot.source, analyst: 'Ana', now: 1 });
times('openCase (the snapshot, masked and checked)', () => opened('case-bench-open'));
if (opened('x').snapshot.events.length !== EVENTS) stop('openCase did not keep every event');

const idb = fakeIdb();
const db = idb.open();
const store = new CaseStore(db, { now: () => 1 });
await timesAsync('createCase (mask, check, write)', (r) => store.createCase({ ...big, id: `case-bench-${r}` }));
const back = await store.getCase('case-bench-0');
if (!back.value || !isDeepStrictEqual(back.value, { ...big, id: 'case-bench-0' })) stop('the case read back differs');
await timesAsync('getCase (read, check)', (r) => store.getCase(`case-bench-${r}`));
db.close();
