/**
 * `npm run bench:engine`: where the engine's time goes, per indicator, on the CloudTrail workload
 * of ../shared/bench/gen-cloudtrail.mjs (or this repo's generator when ../shared is absent). Reads
 * the file once with the CLI's reader, then times the context build and each indicator (median of
 * BENCH_RUNS runs) and prints each one's share beside the floor (JSON.parse of every line)
 * measured in the same run. A profile for the engine's shape, not a pass/fail check.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenEvent } from '../lib/model/token-event';
import { RecordRouter, readFileInto } from '../lib/sources/read-events';
import { buildContext } from '../lib/engine/context';
import { INDICATORS } from '../lib/engine/indicators';
import { defaultSettings } from '../lib/engine/settings';
import { loadOfflineIntel } from '../lib/node/load-intel';
import { generateCloudTrail } from './generate-cloudtrail';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const n = Number(process.env.BENCH_SIZE ?? 200_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const sharedGen = join(root, '..', 'shared', 'bench', 'gen-cloudtrail.mjs');
const file = join(outDir, existsSync(sharedGen) ? `gen-cloudtrail-${n}.ndjson` : `cloudtrail-${n}.ndjson`);
if (!existsSync(file)) {
  if (existsSync(sharedGen)) {
    const r = spawnSync(process.execPath, [sharedGen, String(n)], { maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`gen-cloudtrail.mjs exited ${r.status}`);
    writeFileSync(file, r.stdout);
  } else await generateCloudTrail(file, n);
}

const ms = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let t = process.hrtime.bigint();
for (const line of readFileSync(file, 'utf8').split('\n')) if (line) JSON.parse(line);
const floor = ms(t);

const events: TokenEvent[] = [];
const router = new RecordRouter({ onEvent: (e) => events.push(e), onReject: () => undefined });
t = process.hrtime.bigint();
await readFileInto(router, createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>, 'bench');
const read = ms(t);
const intel = await loadOfflineIntel();
const settings = defaultSettings();

const contextMs: number[] = [];
const perIndicator = new Map<string, number[]>(INDICATORS.map((i) => [i.id, []]));
for (let r = 0; r < runs; r++) {
  t = process.hrtime.bigint();
  const ctx = buildContext(events, { intel });
  contextMs.push(ms(t));
  for (const ind of INDICATORS) {
    t = process.hrtime.bigint();
    ind.evaluate(ctx, (settings.indicators as Record<string, unknown>)[ind.id]);
    perIndicator.get(ind.id)!.push(ms(t));
  }
}
const rows = [
  ['read (parse + normalise)', read],
  ['context (groups, baseline)', median(contextMs)],
  ...[...perIndicator].map(([id, xs]) => [id, median(xs)] as const),
] as const;
const total = rows.reduce((a, [, v]) => a + v, 0);
console.log(
  `engine profile: ${events.length} events from ${file.split('/').pop()}; median of ${runs} runs; floor (JSON.parse every line) ${floor.toFixed(0)} ms`,
);
console.log('part                                   ms   x floor   share');
for (const [name, v] of [...rows].sort((a, b) => b[1] - a[1])) {
  console.log(
    `${name.padEnd(34)} ${v.toFixed(0).padStart(7)}   ${(v / floor).toFixed(2).padStart(6)}   ${((v / total) * 100).toFixed(0).padStart(4)}%`,
  );
}
console.log(`${'total'.padEnd(34)} ${total.toFixed(0).padStart(7)}   ${(total / floor).toFixed(2).padStart(6)}`);
