/**
 * Issue 8, "Done when": no planted secret survives into IndexedDB, a backup file or any export.
 *
 * One made-up secret of every kind lib/model/secret.ts masks (test/support/secret-kinds.ts, one
 * table) is planted into every way data enters, through the product's own code paths:
 * - page rows: the records the console readers give (full JSON records and CSV-column cells, the
 *   shapes of test/fixtures) in every free-text field, sent through the background's reducer
 *   (lib/messaging/tab-state.ts `applyPageRows` → `analyseTab`), and in the page URL;
 * - imports: exported files of CloudTrail, Entra sign-in, Okta, GitHub audit and GCP audit logs
 *   (JSON, NDJSON, CSV) through the sidebar's Import (lib/analysis/import-file.ts `importChunks`);
 * - the analyst: notes (general and per checklist step), answers, checklist ticks, the decision,
 *   status changes, all under analyst names that carry a secret.
 * Cases are opened from those analyses through the real repository over Dexie (fake-indexeddb).
 * Then the whole database (every table, every row), the backup file, every case export format and
 * the CLI's outputs (`--json`, the text report, `--case FORMAT` for every format) are scanned for
 * any planted secret or 12-character slice of one. So the test cannot pass by dropping data, it
 * also checks that each kind's masked text (`abcd…wxyz` in its words) is in the store, the backup
 * and the JSON export.
 */
import 'fake-indexeddb/auto';
import { fakeIdb } from '../support/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import type { RawRecord } from '../../lib/model/fields';
import type { Case, CaseSubject } from '../../lib/model/case';
import { analyseTab, applyPageRows, emptyTab } from '../../lib/messaging/tab-state';
import { importChunks } from '../../lib/analysis/import-file';
import { Collector, type AnalysisView } from '../../lib/analysis/analyse';
import { localRepository, type CaseRepository } from '../../lib/store/repository';
import type { TriageDb } from '../../lib/store/db';
import { CASE_EXPORTS } from '../../lib/export/case-exports';
import { containmentPlan } from '../../lib/playbook/containment';
import { openCase } from '../../lib/playbook/open-case';
import { QUESTION_IDS, playbookItems } from '../../lib/playbook/t1550-001';
import { readFileInto } from '../../lib/sources/read-events';
import { toScanJson } from '../../lib/export/scan-json';
import { textReport } from '../../lib/export/text-report';
import { leakNeedles, maskedText, SECRET_KINDS, type SecretKind } from '../support/secret-kinds';
import { fileOf, leaksIn, maskedInJson, plantRecord, type Leak } from './plant';

const FIX = resolve(import.meta.dirname, '../fixtures');
const text = (rel: string) => readFileSync(join(FIX, rel), 'utf8').replace(/^\uFEFF/, '');
const csvRecords = (rel: string) => Papa.parse<RawRecord>(text(rel), { header: true, skipEmptyLines: 'greedy' }).data;
const ndjson = (rel: string) =>
  text(rel)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RawRecord);
const jsonList = (rel: string): RawRecord[] => {
  const d = JSON.parse(text(rel)) as unknown;
  if (Array.isArray(d)) return d as RawRecord[];
  const o = d as Record<string, unknown>;
  return (o.value ?? o.Records ?? o.Events ?? [o]) as RawRecord[];
};

/** Each base record planted with every kind: one copy per kind (ids made unique per copy). */
function planted(base: readonly RawRecord[], kinds: readonly SecretKind[] = SECRET_KINDS): RawRecord[] {
  let n = 0;
  return base.flatMap((r) => kinds.map((k) => plantRecord(r, k, ++n)));
}

// ---- page rows: what each console's reader gives (full JSON where the page shows it, else the
// columns of the console's own CSV export), one frame per console.
const cloudTrailCsv = csvRecords('cloudtrail/event-history.csv').slice(0, 2);
const PAGES: { reader: string; url: string; rows: RawRecord[] }[] = [
  {
    reader: 'aws-cloudtrail-events',
    url: 'https://us-east-1.console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events',
    // The list's cells (without the JSON column), and an opened event's detail JSON.
    rows: [
      ...cloudTrailCsv.map(({ ['CloudTrail event']: _json, ...cells }) => cells),
      ...cloudTrailCsv.map((r) => JSON.parse(String(r['CloudTrail event'])) as RawRecord),
    ],
  },
  {
    reader: 'entra-signins',
    url: 'https://sandbox-1.reactblade.portal.azure.net/#view/SignIns',
    rows: csvRecords('entra-signin/portal-signins.csv').slice(0, 2),
  },
  {
    reader: 'entra-audit',
    url: 'https://sandbox-1.reactblade.portal.azure.net/#view/Audit',
    rows: jsonList('entra-audit/consent-graph.json').slice(0, 1),
  },
  {
    reader: 'azure-activity',
    url: 'https://sandbox-1.reactblade.portal.azure.net/#view/Activity',
    rows: jsonList('azure-activity/activity-rest.json').slice(0, 1),
  },
  {
    reader: 'gcp-logs-explorer',
    url: 'https://console.cloud.google.com/logs/query',
    rows: jsonList('gcp-audit/logs-explorer.json').slice(0, 2),
  },
  {
    reader: 'github-audit-log',
    url: 'https://github.com/organizations/example-org/settings/audit-log',
    rows: jsonList('github-audit/audit-log-api.json').slice(0, 2),
  },
  {
    reader: 'okta-system-log',
    url: 'https://example-admin.okta.com/report/system_log_2',
    rows: ndjson('okta-system/session-hijack.ndjson').slice(0, 2),
  },
  {
    reader: 'workspace-audit',
    url: 'https://admin.google.com/ac/reporting/audit/login',
    rows: ndjson('workspace-reports/login-and-admin.ndjson').slice(0, 1),
  },
];

// ---- imports: exported files, several formats and containers.
const IMPORTS: { name: string; body: string }[] = [
  {
    name: 'cloudtrail-records.json',
    body: fileOf(planted(jsonList('cloudtrail/stolen-keys.json').slice(0, 2)), 'records-json'),
  },
  { name: 'cloudtrail-event-history.csv', body: fileOf(planted(cloudTrailCsv), 'csv') },
  {
    name: 'entra-signins.csv',
    body: fileOf(planted(csvRecords('entra-signin/portal-signins.csv').slice(0, 2)), 'csv'),
  },
  {
    name: 'entra-signins-diagnostic.ndjson',
    body: fileOf(planted(ndjson('entra-signin/diagnostic-signins.ndjson').slice(0, 2)), 'ndjson'),
  },
  {
    name: 'okta-system-log.ndjson',
    body: fileOf(planted(ndjson('okta-system/session-hijack.ndjson').slice(0, 2)), 'ndjson'),
  },
  {
    name: 'okta-system-log.csv',
    body: fileOf(planted(csvRecords('okta-system/system-log-export.csv').slice(0, 2)), 'csv'),
  },
  { name: 'github-audit.json', body: fileOf(planted(jsonList('github-audit/audit-log-api.json').slice(0, 2)), 'json') },
  { name: 'gcp-audit.json', body: fileOf(planted(jsonList('gcp-audit/logs-explorer.json').slice(0, 2)), 'json') },
];

/** The URL a page frame reports, with every kind in its query (a token in a console URL). */
const plantedUrl = (base: string) => `${base}?${SECRET_KINDS.map((k) => encodeURI(k.text)).join('&')}`;

async function* chunksOf(s: string): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(s);
  for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
}

/** Cases opened per analysis besides the input-wide one (each is rendered in every format). */
const SUBJECTS_PER_INPUT = 3;

/** The analyst's name as typed, carrying the kind's text (the name field is free text, up to 200). */
const analystName = (k: SecretKind) => `Ana ${k.text}`.slice(0, 200);

interface Analysed {
  label: string;
  source: { kind: 'page' | 'import'; label: string };
  analysis: AnalysisView;
}

let db: TriageDb;
let repo: CaseRepository;
const analysed: Analysed[] = [];
/** Every text the product kept or wrote, by where. */
const outputs = new Map<string, string>();

beforeAll(async () => {
  // (a) page rows, one frame per console, through the background's reducer and engine run.
  const tab = emptyTab();
  PAGES.forEach((p, frameId) => {
    const rows = planted(p.rows).map((record, i) => ({ id: `${p.reader}-row-${i}`, record }));
    applyPageRows(tab, frameId, {
      type: 'page-rows',
      url: plantedUrl(p.url),
      readerId: p.reader,
      recognized: true,
      reset: true,
      rows,
    });
  });
  const page = analyseTab(tab);
  const pageUrl = page.view.pages.find((x) => x.recognized)!.url;
  analysed.push({ label: 'page rows', source: { kind: 'page', label: pageUrl }, analysis: page.view.analysis });

  // (b) imports, through the sidebar's Import.
  for (const f of IMPORTS) {
    const r = await importChunks(chunksOf(f.body), f.name, f.body.length, () => undefined);
    analysed.push({ label: `import ${f.name}`, source: { kind: 'import', label: f.name }, analysis: r.analysis });
  }

  // Cases through the real repository over Dexie: every subject of every analysis, plus the
  // input-wide case, opened by analysts whose names carry a secret.
  const idb = fakeIdb();
  db = idb.open();
  let t = 1_700_000_000_000;
  let n = 0;
  repo = localRepository(db, { now: () => ++t, newId: () => `case-${++n}` });
  let j = 0;
  const kindAt = (i: number) => SECRET_KINDS[i % SECRET_KINDS.length]!;
  for (const a of analysed) {
    // The input-wide case holds every event; the worst subjects (their ids carry planted text) too.
    const subjects: CaseSubject[] = [
      { kind: 'other', id: a.label },
      ...a.analysis.subjects.slice(0, SUBJECTS_PER_INPUT).map((s) => ({ kind: s.kind, id: s.id })),
    ];
    for (const subject of subjects) {
      const { id } = await repo.openCase({
        analysis: a.analysis,
        subject,
        source: a.source,
        analyst: analystName(kindAt(j)),
      });
      // (c) what the analyst does on the case, each under a name carrying a (rotating) secret.
      for (const [qi, q] of QUESTION_IDS.entries())
        await repo.setAnswer(id, q, { answer: 'yes', confirmed: false }, analystName(kindAt(j + qi + 1)));
      await repo.setDecision(id, { choice: 'escalate', by: analystName(kindAt(j + 4)) });
      await repo.setStatus(id, 'escalated', analystName(kindAt(j + 5)));
      j += 1;
    }
  }
  // On one case: a checklist tick and a note per kind (by a name carrying that kind), notes on
  // real playbook steps, and a general note holding every kind.
  const first = (await repo.listCases()).items[0]!;
  const steps = playbookItems().map((x) => x.id);
  for (const [i, k] of SECRET_KINDS.entries()) {
    await repo.setChecklist(first.id, `planted-${k.id}`, { state: 'done', by: analystName(k) });
    await repo.setChecklist(first.id, steps[i % steps.length]!, { state: 'done', by: analystName(k) });
    await repo.saveNote(first.id, `planted-${k.id}`, `pasted from the ticket: ${k.text}`, analystName(k));
    await repo.saveNote(first.id, steps[i % steps.length]!, `checked: ${k.text}`, analystName(k));
  }
  await repo.saveNote(first.id, 'general', SECRET_KINDS.map((k) => k.text).join('\n'), analystName(SECRET_KINDS[0]!));

  // ---- what is kept and written.
  // The whole database: every table, every row (a table added later is scanned too).
  for (const table of db.tables) outputs.set(`IndexedDB table ${table.name}`, JSON.stringify(await table.toArray()));
  outputs.set('backup file', JSON.stringify(await repo.exportBackup(), null, 2));
  const cases = (await repo.listCases()).items;
  for (const c of cases) {
    const notes = (await repo.notesFor(c.id)).items;
    const containment = containmentPlan(c).flatMap((p) => p.actions);
    for (const f of CASE_EXPORTS)
      outputs.set(
        `case ${c.id} (${c.subject.kind}) export ${f.id}`,
        f.render({ case: c, notes, containment, exportedAt: t }),
      );
  }

  // The CLI's outputs over the same files, wired as cli/scan.ts wires them.
  for (const f of IMPORTS) {
    for (const [where, out] of cliOutputs(f.name, await readFile(f))) outputs.set(`CLI ${f.name} ${where}`, out);
  }
}, 120_000);

afterAll(() => db?.close());

/** A file read into the core's one entry as cli/scan.ts reads it. */
async function readFile(f: { name: string; body: string }): Promise<Collector> {
  const collector = new Collector({}, 'event');
  await readFileInto(collector.router, chunksOf(f.body), f.name);
  return collector;
}

/** `--json`, the text report and `--case FORMAT` (every format, every subject) as cli/scan.ts prints them. */
function cliOutputs(name: string, collector: Collector): [string, string][] {
  const { events, rejected: rejections, router } = collector;
  const { result, view: viewOf } = collector.judge();
  const out: [string, string][] = [];
  out.push(['--json', JSON.stringify(toScanJson(result, router.stats, rejections))]);
  const byId = new Map(events.map((e) => [e.id, e]));
  out.push([
    'text report',
    textReport({ result, stats: router.stats, rejections, eventById: (id) => byId.get(id), files: [name] }),
  ]);
  const view = viewOf();
  // The CLI opens a case on the worst identity or token, or the one named with --subject.
  const named = view.subjects.filter((s) => s.kind !== 'other').slice(0, SUBJECTS_PER_INPUT);
  const subjects = named.length ? named : [{ kind: 'identity' as const, id: view.events[0]!.actor }];
  subjects.forEach((s, i) => {
    const k = SECRET_KINDS[i % SECRET_KINDS.length]!;
    const c: Case = openCase({
      id: `cli-${i}`,
      analysis: view,
      subject: { kind: s.kind, id: s.id },
      source: { kind: 'import', label: name },
      analyst: analystName(k),
      now: 1,
    });
    const containment = containmentPlan(c).flatMap((p) => p.actions);
    for (const f of CASE_EXPORTS)
      out.push([`--case ${f.id} (subject ${i})`, f.render({ case: c, notes: [], containment, exportedAt: 1 })]);
  });
  return out;
}

describe('planted secrets (issue 8: none survives into IndexedDB, a backup file or any export)', () => {
  it('planted every kind through every way in, and each analysis read the planted records', () => {
    expect(SECRET_KINDS.length).toBeGreaterThanOrEqual(20);
    for (const a of analysed) expect(a.analysis.stats.parsed, `${a.label}: records read`).toBeGreaterThan(0);
    // Every kind on every page and in every import.
    expect(analysed).toHaveLength(1 + IMPORTS.length);
  });

  it('the leak finder finds a 12-character slice of a secret, also JSON-escaped, and not its masked text', () => {
    for (const k of SECRET_KINDS) {
      const slice = leakNeedles(k).at(-1)!;
      const escaped = JSON.stringify(`before ${slice} after`).replace(/\//g, '\\/');
      expect(
        leaksIn('planted', `some text ${slice} more`, [k]).map((l) => [l.kind, l.found]),
        k.id,
      ).toEqual([[k.id, slice]]);
      expect(
        leaksIn('escaped', escaped, [k]).map((l) => l.kind),
        k.id,
      ).toEqual([k.id]);
      expect(leaksIn('masked', `kept as ${maskedText(k)}`, [k]), k.id).toEqual([]);
    }
  });

  it('no planted secret, nor a 12-character slice of one, is in any table, the backup, any case export or any CLI output', () => {
    const leaks: Leak[] = [];
    for (const [where, out] of outputs) leaks.push(...leaksIn(where, out, SECRET_KINDS));
    const summary = leaks.map((l) => `${l.where}: ${l.kind} (${JSON.stringify(l.context)})`);
    expect(summary).toEqual([]);
  });

  it('scanned the whole database, the backup, every export format of every case and every CLI output', () => {
    const names = [...outputs.keys()];
    for (const table of db.tables) expect(names).toContain(`IndexedDB table ${table.name}`);
    expect(names).toContain('backup file');
    for (const f of CASE_EXPORTS)
      expect(
        names.some((n) => n.endsWith(`export ${f.id}`)),
        f.id,
      ).toBe(true);
    for (const f of IMPORTS) {
      expect(names).toContain(`CLI ${f.name} --json`);
      expect(names).toContain(`CLI ${f.name} text report`);
      for (const x of CASE_EXPORTS)
        expect(
          names.some((n) => n.startsWith(`CLI ${f.name} --case ${x.id} `)),
          `${f.name} --case ${x.id}`,
        ).toBe(true);
    }
  });

  it.each(SECRET_KINDS.map((k) => [k.id, k] as const))(
    '%s went through, masked: in the store, the backup and the JSON export',
    (_id, k) => {
      const masked = maskedInJson(k);
      const store = [...outputs]
        .filter(([w]) => w.startsWith('IndexedDB'))
        .map(([, o]) => o)
        .join('\n');
      expect(store).toContain(masked);
      expect(outputs.get('backup file')).toContain(masked);
      const jsonExports = [...outputs]
        .filter(([w]) => w.startsWith('case ') && w.endsWith('export json'))
        .map(([, o]) => o)
        .join('\n');
      expect(jsonExports).toContain(masked);
    },
  );

  it.each(['page rows', ...IMPORTS.map((f) => `import ${f.name}`)])(
    "%s: every kind reached the input-wide case's events (masked)",
    async (label) => {
      const cases = (await repo.listCases()).items.filter((c) => c.subject.kind === 'other' && c.subject.id === label);
      expect(cases).toHaveLength(1);
      const events = JSON.stringify(cases[0]!.snapshot.events);
      const missing = SECRET_KINDS.filter((k) => !events.includes(maskedInJson(k))).map((k) => k.id);
      expect(missing).toEqual([]);
    },
  );
});
