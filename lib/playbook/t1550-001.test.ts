/**
 * The playbook data against the playbook file: every row of the table is held, and every
 * sentence of every cell appears verbatim in the data. Reads ../shared/playbook/T1550.001.md
 * when it exists (it lives outside the repo); the structural checks run regardless.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GROUND_TEXT } from '../engine/verdict';
import { PLAYBOOK_ROWS, QUESTION_IDS, T1550_001, playbookItems } from './t1550-001';
import { PLAYBOOK_FILE } from '../../test/support/shared-material';

const FILE = PLAYBOOK_FILE;
const haveFile = existsSync(FILE);

/** The table rows of the Markdown file: label → cell text (header and separator rows dropped). */
function tableRows(md: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of md.split('\n')) {
    const m = /^\|\s*(.+?)\s*\|\s*(.*?)\s*\|\s*$/.exec(line.trim());
    if (!m || /^-+$/.test(m[1]!) || m[1] === 'Column Name') continue;
    rows.set(m[1]!, m[2]!);
  }
  return rows;
}

/** A cell's sentences: split after . ? ! followed by white space. */
function sentences(cell: string): string[] {
  return cell
    .split(/(?<=[.?!])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every string held anywhere in the data. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

describe('T1550.001 playbook data', () => {
  it('gives every item a unique id and one sentence each', () => {
    const items = playbookItems();
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    for (const i of items) expect(sentences(i.text)).toEqual([i.text]);
    expect(T1550_001.questions.map((q) => q.id)).toEqual([...QUESTION_IDS]);
  });

  it('names decision grounds the verdict words', () => {
    for (const g of T1550_001.decision.grounds) expect(GROUND_TEXT[g]).toBeTruthy();
    expect(T1550_001.tactics.join(', ')).toBe(T1550_001.tactic);
  });

  it.skipIf(!haveFile)('holds every row of the playbook table', () => {
    const rows = tableRows(readFileSync(FILE, 'utf8'));
    expect([...rows.keys()].sort()).toEqual(Object.keys(PLAYBOOK_ROWS).sort());
    expect(readFileSync(FILE, 'utf8').split('\n')[0]).toBe(`# ${T1550_001.title}`);
  });

  it.skipIf(!haveFile)('holds every sentence of every cell verbatim, in its own row', () => {
    const rows = tableRows(readFileSync(FILE, 'utf8'));
    let checked = 0;
    for (const [label, cell] of rows) {
      const field = PLAYBOOK_ROWS[label as keyof typeof PLAYBOOK_ROWS];
      expect(field, label).toBeDefined();
      const held = strings(T1550_001[field]);
      for (const s of sentences(cell)) {
        expect(
          held.some((h) => h.includes(s)),
          `${label}: ${s}`,
        ).toBe(true);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it.skipIf(!haveFile)('splits the list rows into exactly the cell sentences, in order', () => {
    const rows = tableRows(readFileSync(FILE, 'utf8'));
    const lists = ['logSources', 'keyIndicators', 'questions', 'l1Steps', 't2Actions', 'containment'] as const;
    for (const [label, field] of Object.entries(PLAYBOOK_ROWS)) {
      if (!(lists as readonly string[]).includes(field)) continue;
      const items = T1550_001[field as (typeof lists)[number]];
      expect(
        items.map((i) => i.text),
        label,
      ).toEqual(sentences(rows.get(label)!));
    }
  });
});
