/**
 * Golden files of every case export format, for the sample case and the hostile one
 * (./case-fixtures.ts). Regenerate with `npx vitest run lib/export -u`, then read the diff.
 */
import { describe, expect, it } from 'vitest';
import { caseCsv } from './case-csv';
import { caseJira } from './case-jira';
import { caseJson } from './case-json';
import { caseMarkdown } from './case-markdown';
import { caseServiceNowImport, caseServiceNowWorkNotes } from './case-servicenow';
import { caseTheHive } from './case-thehive';
import { hostileInput, sampleInput } from '../../test/support/case-fixtures';

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe.each([
  ['sample', sampleInput],
  ['hostile', hostileInput],
] as const)('%s case', (name, input) => {
  it('Markdown', async () => {
    await expect(caseMarkdown(input())).toMatchFileSnapshot(`./__golden__/case-markdown.${name}.md`);
  });
  it('Jira', async () => {
    await expect(caseJira(input())).toMatchFileSnapshot(`./__golden__/case-jira.${name}.txt`);
  });
  it('ServiceNow work notes', async () => {
    await expect(caseServiceNowWorkNotes(input())).toMatchFileSnapshot(`./__golden__/case-servicenow-work-notes.${name}.txt`);
  });
  it('ServiceNow import', async () => {
    await expect(json(caseServiceNowImport(input()))).toMatchFileSnapshot(`./__golden__/case-servicenow-import.${name}.json`);
  });
  it('TheHive', async () => {
    await expect(json(caseTheHive(input()))).toMatchFileSnapshot(`./__golden__/case-thehive.${name}.json`);
  });
  it('CSV', async () => {
    await expect(caseCsv(input())).toMatchFileSnapshot(`./__golden__/case-csv.${name}.csv`);
  });
  it('JSON', async () => {
    await expect(caseJson(input())).toMatchFileSnapshot(`./__golden__/case-json.${name}.json`);
  });
});
