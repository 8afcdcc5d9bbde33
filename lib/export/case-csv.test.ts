import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../test/support/cases';
import { CASE_CSV_COLUMNS, caseCsv, escapeCsvCell } from './case-csv';
import { hostileInput, sampleInput } from '../../test/support/case-fixtures';

export function parseCsv(text: string): string[][] {
  const r = Papa.parse<string[]>(text, { skipEmptyLines: true, delimiter: ',' });
  expect(r.errors).toEqual([]);
  return r.data;
}

describe('escapeCsvCell', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['plain', '"plain"'],
    ['a,b', '"a,b"'],
    ['a;=1+1', '"a;=1+1"'],
    ['a "q"', '"a ""q"""'],
    ['line1\nline2', '"line1\nline2"'],
    [' lead', '" lead"'],
    ['', ''],
  ])('%j → %j', (input, out) => {
    expect(escapeCsvCell(input)).toBe(out);
  });
  it('a tab or CR at the start is dropped or escaped, never left to start a formula', () => {
    expect(escapeCsvCell('\t=1')).toBe(`"' =1"`);
    expect(escapeCsvCell('\r\n@x')).toBe(`"'\n@x"`);
    expect(escapeCsvCell('  -1')).toBe(`"'  -1"`);
  });
  it('numbers, booleans and missing values', () => {
    expect([escapeCsvCell(7018), escapeCsvCell(true), escapeCsvCell(undefined), escapeCsvCell(-3)]).toEqual([
      '"7018"',
      '"true"',
      '',
      `"'-3"`,
    ]);
  });
});

describe('the events CSV', () => {
  it('has a header and one row per event, every row the same width', () => {
    const rows = parseCsv(caseCsv(sampleInput()));
    expect(rows[0]).toEqual([...CASE_CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + sampleInput().case.snapshot.events.length);
    for (const r of rows) expect(r).toHaveLength(CASE_CSV_COLUMNS.length);
    expect(rows[3]).toEqual([
      '2026-11-20T02:14:07.000Z',
      'aws',
      'arn:aws:iam::111122223333:user/ci-deploy',
      'ci-deploy',
      'GetCallerIdentity',
      'sts.amazonaws.com',
      '203.0.113.66',
      'NL',
      '14061',
      'DigitalOcean',
      'python-requests/2.31',
      'AKIAEXAMPLEKEY000001',
      '',
      'true',
      '',
      'new-source risky-network failures-then-success',
      'demo.ndjson:8',
      'ev-steal-1',
    ]);
  });
  it('no parsed cell of the hostile case starts with a formula character', () => {
    const text = caseCsv(hostileInput());
    const rows = parseCsv(text);
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const col = (name: (typeof CASE_CSV_COLUMNS)[number]) => CASE_CSV_COLUMNS.indexOf(name);
    expect(rows[1]![col('actor')]).toBe(`'${HOSTILE.formula}`);
    expect(rows[1]![col('actor_name')]).toBe(`'${HOSTILE.formula2}`);
    expect(rows[1]![col('action')]).toBe(`'${HOSTILE.formula3}`);
    expect(rows[2]![col('user_agent')]).toBe('curl/8.0 Authorization: Bearer eyJh…sw5c');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/);
  });
  it('uses CRLF between records', () => {
    expect(caseCsv(sampleInput()).split('\r\n')).toHaveLength(sampleInput().case.snapshot.events.length + 2);
  });
});
