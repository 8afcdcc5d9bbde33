/**
 * `token-triage scan [--json | --case FORMAT] FILE... | -`: the engine over exported log files.
 * Wiring only: reading is lib/sources, judging is lib/engine, printing is lib/export; a case is
 * opened by lib/playbook (open-case, containment) exactly as the extension opens one.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readFileInto } from '../lib/sources/read-events';
import { parseSettingsText, type EngineSettings } from '../lib/engine/settings';
import { toScanJson } from '../lib/export/scan-json';
import { textReport } from '../lib/export/text-report';
import { loadOfflineIntel } from '../lib/node/load-intel';
import type { IntelProvider } from '../lib/intel/intel-provider';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { type AnalysisView, Collector } from '../lib/analysis/analyse';
import { openCase } from '../lib/playbook/open-case';
import { containmentPlan } from '../lib/playbook/containment';
import { CASE_EXPORT_IDS, caseExport, type CaseExportId } from '../lib/export/case-exports';
import type { CaseSubject } from '../lib/model/case';
import { type BaselineFile, mergeSnapshots, historySummary } from '../lib/baseline/baseline-file';
import { learnedBaselines } from '../lib/engine/learn-baseline';
import { loadHistoryDir, saveHistoryDir } from './history-dir';

const USAGE = `usage: token-triage [--json | --case FORMAT [--subject KIND:ID] [--analyst NAME]]
                    [--settings FILE] [--history DIR] [--no-intel] FILE... | -

Reads exported logs (AWS CloudTrail, GuardDuty, Entra ID sign-in and audit logs, Azure Activity,
M365 unified audit, GCP audit, Okta System Log, Google Workspace, GitHub audit; JSON, NDJSON, CSV,
gzip) and says whether they show a stolen application access token being used (T1550.001).

  --json            one JSON object on standard output instead of the report
  --case FORMAT     open a case (the playbook, answered from the findings, with the containment
                    commands filled in) and print it for the ticket: ${CASE_EXPORT_IDS.join(', ')}
  --subject KIND:ID the identity or token of the case (identity:ARN, token:AKIA…); default: the
                    worst one the scan found
  --analyst NAME    who opens the case (default: the login name)
  --settings FILE   thresholds and switches as JSON (see docs/indicators.md, "Settings")
  --history DIR     judge FILE with the baseline stored in DIR (one file per tenant, made on the
                    first run), then add FILE's events to it: verdicts sharpen run after run
  --no-intel        do not load the bundled IP-to-ASN/country data
  -                 read standard input
Exit status: 0 when the scan ran (whatever the verdict), 2 on a usage error or when nothing could be read.
`;

interface Args {
  json: boolean;
  caseFormat?: CaseExportId;
  subject?: CaseSubject;
  analyst?: string;
  intel: boolean;
  settingsFile?: string;
  historyDir?: string;
  files: string[];
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { json: false, intel: true, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    if (x === '--json') a.json = true;
    else if (x === '--no-intel') a.intel = false;
    else if (x === '--case') {
      const f = argv[++i];
      if (!f || !(CASE_EXPORT_IDS as readonly string[]).includes(f))
        return `--case needs a format: ${CASE_EXPORT_IDS.join(', ')}`;
      a.caseFormat = f as CaseExportId;
    } else if (x === '--subject') {
      const m = /^(identity|token):(.+)$/s.exec(argv[++i] ?? '');
      if (!m) return '--subject needs identity:ID or token:ID';
      a.subject = { kind: m[1] as 'identity' | 'token', id: m[2]! };
    } else if (x === '--analyst') {
      const n = argv[++i];
      if (!n) return '--analyst needs a name';
      a.analyst = n;
    } else if (x === '--settings') {
      const f = argv[++i];
      if (!f) return '--settings needs a file';
      a.settingsFile = f;
    } else if (x === '--history') {
      const d = argv[++i];
      if (!d) return '--history needs a directory';
      a.historyDir = d;
    } else if (x === '-h' || x === '--help') return '';
    else if (x === '-') a.files.push('-');
    else if (x.startsWith('-')) return `unknown option ${x}`;
    else a.files.push(x);
  }
  if (!a.files.length) return 'no input file';
  if (a.json && a.caseFormat) return '--json and --case are two different outputs: choose one';
  if ((a.subject || a.analyst) && !a.caseFormat) return '--subject and --analyst go with --case';
  return a;
}

/** Why `f` cannot be scanned, or undefined when it is a readable regular file. */
function fileProblem(f: string): string | undefined {
  if (!existsSync(f)) return 'no such file';
  return statSync(f).isDirectory()
    ? 'is a directory (name the files in it)'
    : statSync(f).isFile()
      ? undefined
      : 'not a regular file';
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
    let text: string;
    try {
      text = readFileSync(args.settingsFile, 'utf8');
    } catch (err) {
      process.stderr.write(`token-triage: cannot read settings ${args.settingsFile}: ${(err as Error).message}\n`);
      return 2;
    }
    // The same reading as the extension's options page: one team file for both.
    const parsed = parseSettingsText(text);
    if (!parsed.ok) {
      process.stderr.write(
        `token-triage: invalid settings in ${args.settingsFile}:\n  ${parsed.errors.join('\n  ')}\n`,
      );
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
  // The stored baseline is read and checked before anything else: a directory that cannot be
  // used stops the scan before any file is touched.
  let stored: BaselineFile[] = [];
  if (args.historyDir) {
    const loaded = loadHistoryDir(args.historyDir);
    if (!loaded.ok) {
      process.stderr.write(`token-triage: --history: ${loaded.error}\n`);
      return 2;
    }
    stored = loaded.files;
  }
  const intelPromise: Promise<IntelProvider | undefined> = args.intel ? loadOfflineIntel() : Promise.resolve(undefined);
  // The one entry into the core, as the extension's background and import use it (lib/analysis).
  // A case cites each event's record (file and line); the report and --json cite events by id.
  const collector = new Collector({}, args.caseFormat ? 'event' : 'none');
  for (const f of args.files) {
    const name = f === '-' ? 'stdin' : basename(f);
    // 64 KB reads (Node's default for files): 1 MB chunks wait in memory until a full collection
    // frees them, 40–80 MB of a 1 GB file's peak.
    const chunks = f === '-' ? stdinChunks() : createReadStream(f, { highWaterMark: 1 << 16 });
    try {
      await readFileInto(collector.router, chunks as AsyncIterable<Uint8Array>, name);
    } catch (err) {
      collector.reject(name, `cannot read file: ${(err as Error).message}`);
    }
  }
  const { events, rejected: rejections, router } = collector;
  const intel = await intelPromise;
  const history = args.historyDir ? mergeSnapshots(stored) : undefined;
  const judged = collector.judge({
    ...(intel ? { intel } : {}),
    ...(settings ? { settings } : {}),
    ...(history ? { history } : {}),
  });
  const { result } = judged;
  if (args.historyDir) {
    const saved = learnedBaselines(stored, events, intel, Date.now(), settings?.baseline.retentionDays);
    saveHistoryDir(args.historyDir, saved);
    const known = historySummary(history!);
    const judgedWith = known.days
      ? `${known.days} day(s) of history for ${known.identities} identities and ${known.tokens} tokens`
      : 'no history yet (this input only)';
    process.stderr.write(
      `token-triage: history ${args.historyDir}: judged with ${judgedWith}; saved ${saved.length} tenant baseline(s)\n`,
    );
  }
  if (args.caseFormat) {
    if (router.stats.parsed === 0) {
      process.stderr.write('token-triage: nothing could be read from the input\n');
      return 2;
    }
    return printCase(args, args.caseFormat, judged.view());
  }
  if (args.json) {
    process.stdout.write(JSON.stringify(toScanJson(result, router.stats, rejections)) + '\n');
  } else {
    const evidence = new Set(result.findings.flatMap((f) => f.events));
    const byId = new Map(events.filter((e) => evidence.has(e.id)).map((e) => [e.id, e]));
    process.stdout.write(
      textReport({
        result,
        stats: router.stats,
        rejections,
        eventById: (id) => byId.get(id),
        files: args.files,
        color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      }),
    );
  }
  if (router.stats.parsed === 0) {
    process.stderr.write('token-triage: nothing could be read from the input\n');
    return 2;
  }
  return 0;
}

/** --case: the case of one subject, rendered by the chosen export on standard output. */
function printCase(args: Args, format: CaseExportId, view: AnalysisView): number {
  const subject = args.subject ?? view.subjects.find((s) => s.kind !== 'other');
  if (!subject) {
    process.stderr.write('token-triage: no identity or token to open a case for (name one with --subject)\n');
    return 2;
  }
  const known =
    view.subjects.some((s) => s.kind === subject.kind && s.id === subject.id) ||
    view.events.some((e) => (subject.kind === 'identity' ? e.actor === subject.id : e.credentialId === subject.id));
  if (!known) {
    process.stderr.write(`token-triage: ${subject.kind} ${subject.id} is not in the input\n`);
    return 2;
  }
  const now = Date.now();
  const c = openCase({
    id: randomUUID(),
    analysis: view,
    subject: { kind: subject.kind, id: subject.id },
    source: { kind: 'import', label: args.files.map((f) => (f === '-' ? 'stdin' : basename(f))).join(', ') },
    analyst: args.analyst ?? safeLogin(),
    now,
  });
  const containment = containmentPlan(c).flatMap((p) => p.actions);
  process.stdout.write(caseExport(format).render({ case: c, notes: [], containment, exportedAt: now }));
  return 0;
}

function safeLogin(): string {
  try {
    return userInfo().username || 'analyst';
  } catch {
    return 'analyst';
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`token-triage: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
