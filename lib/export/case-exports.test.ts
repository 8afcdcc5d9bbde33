/**
 * Behaviour shared by every format: the playbook is all there, no raw secret and no control
 * character leaves, another case's note never leaks, file names are safe.
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../test/support/cases';
import { l1Steps } from '../playbook/l1-steps';
import { playbookItems, T1550_001 } from '../playbook/t1550-001';
import { caseScope, t2Actions } from '../playbook/t2-actions';
import { buildAllQueries } from '../queries/index';
import { CASE_EXPORTS, CASE_EXPORT_IDS, exportFileName } from './case-exports';
import { caseJira } from './case-jira';
import { caseMarkdown } from './case-markdown';
import { caseServiceNowWorkNotes } from './case-servicenow';
import { caseTheHive } from './case-thehive';
import { hostileInput, sampleInput } from '../../test/support/case-fixtures';

const SENTENCES = [...playbookItems().map((i) => i.text), T1550_001.tactic, T1550_001.name, T1550_001.ttp];

/** Removes CommonMark backslash escapes (what a renderer shows). */
const unMarkdown = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** Removes Jira backslash escapes and the entities the escaper writes. */
const unJira = (s: string) =>
  s
    .replace(/\\([{}[\]*_?\-+^~|!#])/g, '$1')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');

const INPUTS = [
  ['sample', sampleInput],
  ['hostile', hostileInput],
] as const;

describe.each(INPUTS)('%s case', (name, input) => {
  const texts: [string, string][] = [
    ['Markdown', unMarkdown(caseMarkdown(input()))],
    ['Jira', unJira(caseJira(input()))],
    ['ServiceNow work notes', caseServiceNowWorkNotes(input())],
    ['TheHive description', unMarkdown(caseTheHive(input()).case.description)],
  ];
  it.each(texts)('every playbook sentence appears in %s', (_f, text) => {
    for (const s of SENTENCES) expect(text).toContain(s);
  });
  it("each TheHive task description holds its section's sentences", () => {
    const tasks = caseTheHive(input()).case.tasks.map((t) => unMarkdown(t.description));
    const bySection = [
      T1550_001.questions,
      [T1550_001.decision],
      T1550_001.l1Steps,
      T1550_001.t2Actions,
      T1550_001.containment,
    ];
    expect(tasks).toHaveLength(5);
    for (const item of bySection.flat()) expect(tasks.some((t) => t.includes(item.text))).toBe(true);
  });

  it.each(CASE_EXPORTS.map((f) => [f.id, f] as const))(
    "%s: no raw secret, no control character, no other case's note",
    (_id, f) => {
      const out = f.render(input());
      expect(out.length).toBeGreaterThan(100);
      expect(out).not.toContain(HOSTILE.secret);
      expect(out).not.toContain(HOSTILE.secret.slice(4, -4));
      expect(out).not.toContain('SflKxwRJSMeKKF2QT4fw');
      expect(out).not.toContain('must not appear');
      // The planted secret went through and came out masked (not merely dropped).
      if (name === 'hostile') expect(out).toContain('eyJh…sw5c');
      const strings = f.fileExtension === 'json' ? allStrings(JSON.parse(out)) : [out.replace(/\r\n/g, '\n')];
      for (const s of strings)
        // eslint-disable-next-line no-control-regex
        expect(s).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    },
  );
});

describe('every text format carries the L1/T2 support, the scope queries and unexplained overrides', () => {
  const render = (i: ReturnType<typeof sampleInput>): [string, string][] => [
    ['Markdown', unMarkdown(caseMarkdown(i))],
    ['Jira', unJira(caseJira(i))],
    ['ServiceNow work notes', caseServiceNowWorkNotes(i)],
    ['TheHive description', unMarkdown(caseTheHive(i).case.description)],
    [
      'TheHive tasks',
      caseTheHive(i)
        .case.tasks.map((t) => unMarkdown(t.description))
        .join('\n'),
    ],
  ];
  const c = sampleInput().case;
  const l1 = Object.values(l1Steps(c)).flatMap((s) => s.summary);
  const t2 = t2Actions(c);
  const queries = buildAllQueries(caseScope(c))
    .filter((g) => t2[1]!.languages.includes(g.language.id))
    .flatMap((g) => g.queries);

  it.each(render(sampleInput()))('%s: support lines, T2 summaries and the scope queries of sampleCase', (_f, text) => {
    expect(l1.length).toBeGreaterThan(3);
    for (const line of l1) expect(text).toContain(line);
    for (const a of t2) expect(text).toContain(a.summary);
    expect(text).toContain('What the case shows');
    expect(text).toContain('Findings that serve it');
    expect(queries.length).toBe(2);
    for (const q of queries) {
      expect(text).toContain(q.title);
      // Every line of the query, verbatim (code blocks are not escaped).
      for (const line of q.text.split('\n')) expect(text).toContain(line);
    }
    // Languages of providers the case does not have are left out.
    expect(text).not.toMatch(/SigninLogs|protoPayload|\/api\/v1\/logs/);
  });

  it('queries are code blocks: fenced in Markdown, {noformat} in Jira, indented in ServiceNow', () => {
    const q = queries[0]!;
    const firstLine = q.text.split('\n')[0]!;
    expect(caseMarkdown(sampleInput())).toContain(`\`\`\`sql\n${q.text}\n\`\`\``);
    expect(caseJira(sampleInput())).toContain(`{noformat}\n${q.text}\n{noformat}`);
    expect(caseServiceNowWorkNotes(sampleInput())).toContain(`       ${firstLine}\n`);
    expect(caseTheHive(sampleInput()).case.tasks[3]!.description).toContain(`\`\`\`sql\n${q.text}\n\`\`\``);
  });

  it.each(
    render(
      (() => {
        const i = sampleInput();
        i.case.answers['q-malicious-patterns'] = { answer: 'yes', confirmed: false, at: 0, by: 'B' };
        i.notes = i.notes.filter((n) => n.stepId !== 'decision-escalate-t2');
        return i;
      })(),
    ).filter(([f]) => f !== 'TheHive tasks'),
  )('%s: an override without a note and a decision without a rationale say so', (_f, text) => {
    expect(text).toContain('Overridden (no reason given): Yes, engine proposed No');
    expect(text).toContain('Escalate to Tier 2 (A. Analyst, 2026-11-20T03:29:07.000Z) (no rationale given)');
  });

  it.each(render(sampleInput()))('%s: nothing is marked unexplained when the reasons are there', (_f, text) => {
    expect(text).not.toContain('no reason given');
    expect(text).not.toContain('no rationale given');
  });
});

function allStrings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(allStrings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(allStrings);
  return [];
}

describe('the registry', () => {
  it('lists every format once, with extension and MIME type', () => {
    expect(CASE_EXPORTS.map((f) => f.id)).toEqual([...CASE_EXPORT_IDS]);
    for (const f of CASE_EXPORTS) {
      expect(f.fileExtension).toMatch(/^[a-z]+$/);
      expect(f.mimeType).toMatch(/^[a-z]+\/[a-z+.-]+(;charset=utf-8)?$/);
      if (f.fileExtension === 'json') expect(() => JSON.parse(f.render(sampleInput()))).not.toThrow();
    }
  });
});

describe('exportFileName', () => {
  it('names the file after the case and the format', () => {
    expect(exportFileName(sampleInput().case, 'markdown')).toBe('token-triage_case-0001_markdown.md');
    expect(exportFileName(sampleInput().case, 'servicenow-import')).toBe(
      'token-triage_case-0001_servicenow-import.json',
    );
  });
  it.each([
    '../../etc/passwd',
    'a\\b/c:d*e?f"g<h>i|j',
    'CON',
    '\u0000\u001f..\u202e',
    '.hidden',
    'x'.repeat(500),
    'ünï',
  ])('is safe for id %j', (id) => {
    for (const format of CASE_EXPORT_IDS) {
      const name = exportFileName({ id }, format);
      expect(name).toMatch(/^token-triage_[A-Za-z0-9._-]+_[a-z-]+\.[a-z]+$/);
      expect(name).not.toContain('..');
      expect(name.length).toBeLessThanOrEqual(120);
    }
  });
});
