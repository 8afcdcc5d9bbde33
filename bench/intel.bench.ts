/**
 * Offline IP intelligence benchmark: `node --import tsx bench/intel.bench.ts [count]`.
 *
 * Prints the load time (IPv4 at start, IPv6 on first IPv6 lookup, as the CLI pays them) and the
 * lookup rate over `count` (default 1 M) random IPv4 addresses, next to a floor measured in the
 * same run: a plain Map.get over the same number of string keys. The ratio (lookup / floor)
 * is what to compare between machines; there are no assertions on time.
 */
import { loadOfflineIntel, type LoadReport, NETWORK_DATA_VERSION } from '../lib/node/load-intel';

const COUNT = Number(process.argv[2] ?? 1_000_000);

/** Deterministic PRNG (mulberry32) so runs see the same addresses. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  let report: LoadReport | undefined;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const intel = await loadOfflineIntel({ onReport: (r) => (report = r) });
  const loadV4 = performance.now() - t0;
  const t1 = performance.now();
  intel.lookup('2001:4860:4860::8888');
  const loadV6 = performance.now() - t1;
  const cpu = process.cpuUsage(c0);

  const next = rng(0x1550001);
  const nums = new Uint32Array(COUNT);
  const strs: string[] = new Array<string>(COUNT);
  for (let i = 0; i < COUNT; i++) {
    const n = next();
    nums[i] = n;
    strs[i] = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }

  // Floor: Map.get over COUNT string keys (a pre-filled map, the cheapest possible "lookup").
  const map = new Map<string, number>();
  for (let i = 0; i < COUNT; i++) map.set(strs[i]!, i);
  const floor = time(() => {
    let hits = 0;
    for (let i = 0; i < COUNT; i++) if (map.get(strs[i]!) !== undefined) hits++;
    return hits;
  });

  const byString = time(() => {
    let known = 0;
    for (let i = 0; i < COUNT; i++) if (intel.lookup(strs[i]!).asn !== undefined) known++;
    return known;
  });
  const byNumber = time(() => {
    let known = 0;
    for (let i = 0; i < COUNT; i++) if (intel.lookupIpv4(nums[i]!).asn !== undefined) known++;
    return known;
  });
  const repeat = time(() => {
    let known = 0;
    for (let i = 0; i < COUNT; i++) if (intel.lookup(strs[i & 1023]!).asn !== undefined) known++;
    return known;
  });

  const rate = (ms: number): number => (COUNT / ms) * 1000;
  console.log(
    `network data: ${Object.entries(NETWORK_DATA_VERSION)
      .map(([k, v]) => `${k}@${v}`)
      .join(', ')}`,
  );
  console.log(
    `load IPv4: ${loadV4.toFixed(0)} ms (${fmt(report?.ipv4.asnRows ?? 0)} ASN + ${fmt(report?.ipv4.countryRows ?? 0)} country rows)`,
  );
  console.log(
    `load IPv6 (lazy, first IPv6 lookup): ${loadV6.toFixed(0)} ms (${fmt(report?.ipv6?.asnRows ?? 0)} + ${fmt(report?.ipv6?.countryRows ?? 0)} rows)`,
  );
  console.log(
    `load total: ${(loadV4 + loadV6).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ` +
      `ms CPU (all threads: V8 also compiles and collects in the background)`,
  );
  console.log(`${fmt(COUNT)} random IPv4 addresses:`);
  const line = (label: string, r: { ms: number; result: number }): void =>
    console.log(
      `  ${label.padEnd(36)} ${fmt(rate(r.ms)).padStart(12)} lookups/s  ${(floor.ms > 0 ? r.ms / floor.ms : 0).toFixed(2)}× ` +
        `floor  (${fmt(r.result)} with an ASN)`,
    );
  line('floor: Map.get, string keys', floor);
  line('lookup(string), memo misses', byString);
  line('lookupIpv4(number), no memo', byNumber);
  line('lookup(string), 1024 repeated (memo)', repeat);
}

function time(fn: () => number): { ms: number; result: number } {
  fn(); // warm-up pass
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
}

await main();
