/**
 * `npm run bench:cli`: the CLI's full scan (`--json`: every indicator, the verdict, the report)
 * against the floor measured in the same run on the same file (Node reading it and JSON.parse-ing
 * each line), on two workloads:
 * - this repo's generator (bench/generate-cloudtrail.ts) at 50k, 200k and 1M records (growth);
 * - the shared workload ../shared/bench/gen-cloudtrail.mjs at 200k records (196 MB) and 1M (the
 *   1 GB file), when ../shared is beside the checkout, with DuckDB loading the same file and
 *   answering five playbook questions in SQL (bench/duckdb-questions.mjs; DuckDB is installed into
 *   node_modules/.cache on first use, BENCH_DUCKDB=0 skips it).
 * BENCH_SIZES and BENCH_SHARED_SIZES change the sizes (e.g. BENCH_SIZES=50000 BENCH_SHARED_SIZES=200000
 * for a quick run). Prints ratios, records per second, peak memory against the 600 MB bound for the
 * 1M-record files, and growth per record; asserts nothing about time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { generateCloudTrail } from './generate-cloudtrail';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'bench', 'out');
mkdirSync(outDir, { recursive: true });
const sizes = (process.env.BENCH_SIZES ?? '50000,200000,1000000').split(',').filter(Boolean).map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const sharedGenerator = join(root, '..', 'shared', 'bench', 'gen-cloudtrail.mjs');
const sharedSizes = existsSync(sharedGenerator)
  ? (process.env.BENCH_SHARED_SIZES ?? '200000,1000000').split(',').filter(Boolean).map(Number)
  : [];
const withDuckDb = process.env.BENCH_DUCKDB !== '0';
const DUCKDB_VERSION = '1.5.6-r.1';

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

interface Run {
  ms: number;
  rssKb: number;
  stdout: string;
}
function timed(args: string[]): Run {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'peak-rss.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = /PEAK_RSS_KB=(\d+)/.exec(r.stderr);
  return { ms, rssKb: rss ? Number(rss[1]) : NaN, stdout: r.stdout };
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  workload: string;
  n: number;
  mb: number;
  floor: number;
  scan: number;
  rss: number;
  floorRss: number;
  verdict: string;
  duck?: { ms: number; loadMs: number; queryMs: number; rss: number };
}
const rows: Row[] = [];

async function measure(workload: string, file: string, n: number, duck: boolean): Promise<void> {
  const mb = statSync(file).size / 1e6;
  const floors: Run[] = [];
  const scans: Run[] = [];
  const ducks: Run[] = [];
  for (let i = 0; i < runs; i++) {
    floors.push(timed([join(root, 'bench', 'floor.mjs'), file]));
    scans.push(timed([join(outDir, 'scan.mjs'), '--json', file]));
    if (duck) ducks.push(timed([join(root, 'bench', 'duckdb-questions.mjs'), duckDbDir(), file]));
  }
  const out = JSON.parse(scans[0]!.stdout) as { verdict: string; stats: { parsed: number } };
  if (out.stats.parsed !== n) throw new Error(`expected ${n} records read, got ${out.stats.parsed}`);
  const row: Row = {
    workload,
    n,
    mb,
    floor: median(floors.map((r) => r.ms)),
    scan: median(scans.map((r) => r.ms)),
    rss: Math.max(...scans.map((r) => r.rssKb)),
    floorRss: Math.max(...floors.map((r) => r.rssKb)),
    verdict: out.verdict,
  };
  if (ducks.length) {
    const parts = ducks.map((d) => JSON.parse(d.stdout) as { loadMs: number; queryMs: number });
    row.duck = {
      ms: median(ducks.map((r) => r.ms)),
      loadMs: median(parts.map((p) => p.loadMs)),
      queryMs: median(parts.map((p) => p.queryMs)),
      rss: Math.max(...ducks.map((r) => r.rssKb)),
    };
  }
  rows.push(row);
}

/** DuckDB's Node API in a cache folder of its own, installed on first use (never a dependency of the product). */
function duckDbDir(): string {
  const dir = join(root, 'node_modules', '.cache', 'duckdb-bench');
  if (!existsSync(join(dir, 'node_modules', '@duckdb', 'node-api'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, `@duckdb/node-api@${DUCKDB_VERSION}`],
      { stdio: 'inherit' },
    );
  }
  return dir;
}

async function sharedWorkload(n: number): Promise<string> {
  const file = join(outDir, `gen-cloudtrail-${n}.ndjson`);
  if (existsSync(file)) return file;
  const child = spawnSync(process.execPath, [sharedGenerator, String(n)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 4 << 30,
  });
  if (child.status !== 0) throw new Error(`gen-cloudtrail.mjs exited ${child.status}`);
  const w = createWriteStream(file);
  w.end(child.stdout);
  await once(w, 'finish');
  return file;
}

for (const n of sizes) {
  const file = join(outDir, `cloudtrail-${n}.ndjson`);
  if (!existsSync(file)) await generateCloudTrail(file, n);
  await measure('repo generator', file, n, false);
}
for (const n of sharedSizes) await measure('gen-cloudtrail.mjs', await sharedWorkload(n), n, withDuckDb);

console.log(
  `CLI scan (--json) of generated CloudTrail NDJSON; median of ${runs} runs; floor = Node reading the file and JSON.parse per line, in the same run`,
);
console.log(
  'workload             records   size MB   floor ms   scan ms   scan/floor   records/s   peak ' +
    'RSS MB (floor)   verdict    DuckDB ms (load+5 questions)   DuckDB/floor   scan/DuckDB',
);
for (const r of rows) {
  const duck = r.duck
    ? `${r.duck.ms.toFixed(0).padStart(9)} (${r.duck.loadMs.toFixed(0)}+${r.duck.queryMs.toFixed(0)}) ` +
      `  ${(r.duck.ms / r.floor).toFixed(2).padStart(11)}x   ${(r.scan / r.duck.ms).toFixed(2).padStart(10)}x`
    : '';
  console.log(
    `${r.workload.padEnd(19)} ${String(r.n).padStart(8)}   ${r.mb.toFixed(1).padStart(7)}   ${r.floor.toFixed(0).padStart(8)} ` +
      `  ${r.scan.toFixed(0).padStart(7)}   ${(r.scan / r.floor).toFixed(2).padStart(9)}x   ${Math.round(
        r.n / (r.scan / 1000),
      )
        .toLocaleString('en-US')
        .padStart(9)} ` +
      `  ${(r.rss / 1024).toFixed(0).padStart(6)} (${(r.floorRss / 1024).toFixed(0)})        ${r.verdict.padEnd(10)} ${duck}`,
  );
}
for (const w of new Set(rows.map((r) => r.workload))) {
  const of = rows.filter((r) => r.workload === w);
  if (of.length < 2) continue;
  const a = of[0]!,
    b = of[of.length - 1]!;
  // Linear growth: the time per record stays the same (1.00x) as the input grows.
  console.log(
    `growth (${w}) ${a.n} → ${b.n} records (${(b.n / a.n).toFixed(1)}x): scan time ${(b.scan / a.scan).toFixed(2)}x, ` +
      `time per record ${(b.scan / b.n / (a.scan / a.n)).toFixed(2)}x (floor's ${(b.floor / b.n / (a.floor / a.n)).toFixed(2)}x), ` +
      `peak RSS ${(b.rss / a.rss).toFixed(2)}x`,
  );
}
const MEMORY_BOUND_MB = 600;
for (const r of rows.filter((r) => r.n >= 1_000_000)) {
  const mb = r.rss / 1024;
  console.log(
    `memory bound (${r.workload}, ${r.n} records, ${r.mb.toFixed(0)} MB file): peak RSS ${mb.toFixed(0)} MB, ` +
      `bound ${MEMORY_BOUND_MB} MB: ${mb <= MEMORY_BOUND_MB ? 'within' : 'OVER'}`,
  );
}
