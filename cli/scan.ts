/**
 * `token-triage scan [--json] FILE... | -`: the engine over exported log files. Wiring only:
 * reading is lib/sources, judging is lib/engine, printing is lib/export.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { TokenEvent } from '../lib/model/token-event';
import { RecordRouter, type Rejection, readFileInto } from '../lib/sources/read-events';
import { runEngine } from '../lib/engine/run';
import { parseSettings, type EngineSettings } from '../lib/engine/settings';
import { toScanJson } from '../lib/export/scan-json';
import { textReport } from '../lib/export/text-report';
import { loadOfflineIntel } from '../lib/intel/load-node';
import type { IntelProvider } from '../lib/intel/intel-provider';

const USAGE = `usage: token-triage [--json] [--settings FILE] [--no-intel] FILE... | -

Reads exported logs (AWS CloudTrail, GuardDuty, Entra ID sign-in and audit logs, Azure Activity,
M365 unified audit, GCP audit, Okta System Log, Google Workspace, GitHub audit; JSON, NDJSON, CSV,
gzip) and says whether they show a stolen application access token being used (T1550.001).

  --json            one JSON object on standard output instead of the report
  --settings FILE   thresholds and switches as JSON (see README, "Settings")
  --no-intel        do not load the bundled IP-to-ASN/country data
  -                 read standard input
Exit status: 0 when the scan ran (whatever the verdict), 2 on a usage error or when nothing could be read.
`;

interface Args {
  json: boolean;
  intel: boolean;
  settingsFile?: string;
  files: string[];
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { json: false, intel: true, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    if (x === '--json') a.json = true;
    else if (x === '--no-intel') a.intel = false;
    else if (x === '--settings') {
      const f = argv[++i];
      if (!f) return '--settings needs a file';
      a.settingsFile = f;
    } else if (x === '-h' || x === '--help') return '';
    else if (x === '-') a.files.push('-');
    else if (x.startsWith('-')) return `unknown option ${x}`;
    else a.files.push(x);
  }
  if (!a.files.length) return 'no input file';
  return a;
}

/** Why `f` cannot be scanned, or undefined when it is a readable regular file. */
function fileProblem(f: string): string | undefined {
  if (!existsSync(f)) return 'no such file';
  return statSync(f).isDirectory() ? 'is a directory (name the files in it)' : statSync(f).isFile() ? undefined : 'not a regular file';
}

async function* stdinChunks(): AsyncGenerator<Uint8Array> {
  for await (const c of process.stdin) yield c as Uint8Array;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args === '') {
      process.stdout.write(USAGE);
      return 0;
    }
    process.stderr.write(`token-triage: ${args}\n\n${USAGE}`);
    return 2;
  }
  let settings: EngineSettings | undefined;
  if (args.settingsFile) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(args.settingsFile, 'utf8'));
    } catch (err) {
      process.stderr.write(`token-triage: cannot read settings ${args.settingsFile}: ${(err as Error).message}\n`);
      return 2;
    }
    const parsed = parseSettings(raw);
    if (!parsed.ok) {
      process.stderr.write(`token-triage: invalid settings in ${args.settingsFile}:\n  ${parsed.errors.join('\n  ')}\n`);
      return 2;
    }
    settings = parsed.settings;
  }
  for (const f of args.files) {
    const problem = f === '-' ? undefined : fileProblem(f);
    if (problem) {
      process.stderr.write(`token-triage: ${f}: ${problem}\n`);
      return 2;
    }
  }
  const intelPromise: Promise<IntelProvider | undefined> = args.intel ? loadOfflineIntel() : Promise.resolve(undefined);
  const events: TokenEvent[] = [];
  const rejections: Rejection[] = [];
  const router = new RecordRouter({
    onEvent: (e) => events.push(e),
    onReject: (r) => {
      if (rejections.length < 200) rejections.push(r);
    },
  });
  for (const f of args.files) {
    const name = f === '-' ? 'stdin' : basename(f);
    const chunks = f === '-' ? stdinChunks() : createReadStream(f, { highWaterMark: 1 << 20 });
    try {
      await readFileInto(router, chunks as AsyncIterable<Uint8Array>, name);
    } catch (err) {
      router.stats.records += 1;
      router.reject(name, `cannot read file: ${(err as Error).message}`);
    }
  }
  const intel = await intelPromise;
  const result = runEngine(events, { intel, settings });
  if (args.json) {
    process.stdout.write(JSON.stringify(toScanJson(result, router.stats, rejections)) + '\n');
  } else {
    const evidence = new Set(result.findings.flatMap((f) => f.events));
    const byId = new Map(events.filter((e) => evidence.has(e.id)).map((e) => [e.id, e]));
    process.stdout.write(textReport({
      result,
      stats: router.stats,
      rejections,
      eventById: (id) => byId.get(id),
      files: args.files,
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    }));
  }
  if (router.stats.parsed === 0) {
    process.stderr.write('token-triage: nothing could be read from the input\n');
    return 2;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`token-triage: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
