/**
 * `npm run bench`: the CLI over generated CloudTrail NDJSON (50k, 100k, 200k records), against
 * the floor measured in the same run on the same file (Node reading it and JSON.parse-ing each
 * line). Prints ratios, records per second, peak memory and growth; asserts nothing about time.
 */
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateCloudTrail } from './generate-cloudtrail';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const sizes = (process.env.BENCH_SIZES ?? '50000,100000,200000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);

// Build the CLI once so the measurement is the scan, not TypeScript compilation.
await build({
  entryPoints: [join(root, 'cli', 'scan.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: join(outDir, 'scan.mjs'),
  logLevel: 'warning',
  banner: { js: 'import { createRequire as __cr } from "module"; const require = __cr(import.meta.url);' },
});

interface Run { ms: number; rssKb: number; stdout: string }
function timed(args: string[]): Run {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'peak-rss.mjs'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = /PEAK_RSS_KB=(\d+)/.exec(r.stderr);
  return { ms, rssKb: rss ? Number(rss[1]) : NaN, stdout: r.stdout };
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: { n: number; mb: number; floor: number; scan: number; rss: number; floorRss: number; verdict: string }[] = [];
for (const n of sizes) {
  const file = join(outDir, `cloudtrail-${n}.ndjson`);
  if (!existsSync(file)) await generateCloudTrail(file, n);
  const mb = statSync(file).size / 1e6;
  const floors: Run[] = [];
  const scans: Run[] = [];
  for (let i = 0; i < runs; i++) {
    floors.push(timed([join(root, 'bench', 'floor.mjs'), file]));
    scans.push(timed([join(outDir, 'scan.mjs'), '--json', file]));
  }
  const out = JSON.parse(scans[0]!.stdout) as { verdict: string; stats: { parsed: number } };
  if (out.stats.parsed !== n) throw new Error(`expected ${n} records read, got ${out.stats.parsed}`);
  rows.push({ n, mb, floor: median(floors.map((r) => r.ms)), scan: median(scans.map((r) => r.ms)), rss: Math.max(...scans.map((r) => r.rssKb)), floorRss: Math.max(...floors.map((r) => r.rssKb)), verdict: out.verdict });
}

console.log(`CLI scan of generated CloudTrail NDJSON; median of ${runs} runs; floor = Node reading the file and JSON.parse per line`);
console.log('records   size MB   floor ms   scan ms   ratio   records/s   peak RSS MB (floor)   verdict');
for (const r of rows) {
  console.log(`${String(r.n).padStart(7)}   ${r.mb.toFixed(1).padStart(7)}   ${r.floor.toFixed(0).padStart(8)}   ${r.scan.toFixed(0).padStart(7)}   ${(r.scan / r.floor).toFixed(2).padStart(5)}x   ${Math.round(r.n / (r.scan / 1000)).toLocaleString('en-US').padStart(9)}   ${(r.rss / 1024).toFixed(0).padStart(6)} (${(r.floorRss / 1024).toFixed(0)})   ${r.verdict}`);
}
if (rows.length >= 2) {
  const a = rows[0]!, b = rows[rows.length - 1]!;
  console.log(`growth ${a.n} → ${b.n} records (${(b.n / a.n).toFixed(1)}x): scan time ${(b.scan / a.scan).toFixed(2)}x, floor ${(b.floor / a.floor).toFixed(2)}x`);
}
