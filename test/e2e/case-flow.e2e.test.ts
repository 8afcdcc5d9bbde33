/**
 * The playbook flow on a replica console (issue 4): open the sidebar on the AWS CloudTrail
 * Event history, open a case from an identity, answer a question, write notes, reload the
 * page, find the notes intact, and export the case as Markdown, compared with the golden file.
 * The export's volatile parts (the case id, and times stamped during the test) are normalised;
 * everything else, including the page's event times and the analyst's text, is compared as is.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import {
  launch,
  openCaseFrom,
  openJudgedPage,
  openSidebar,
  pageBadge,
  showSidebarTab,
  until,
  URLS,
  type Harness,
} from './harness';
import { playbookItems } from '../../lib/playbook/t1550-001';

let h: Harness;
beforeAll(async () => {
  h = await launch(inject('buildDir'));
});
afterAll(async () => {
  await h?.close();
});

const ANALYST = 'E2E Analyst';
const NOTE_Q1 = 'Source is a VPS (DigitalOcean), not one of our egress ranges.\nChecked with the network team.';
const NOTE_GENERAL = 'Ticket: SEC-1234 *do not* [link](https://evil.example) `rm -rf`';

/** Replaces what the test run itself stamps: the case id and the times of its clicks (Markdown-escaped as exported). */
function normalise(markdown: string, caseIdAsExported: string, since: number): string {
  return markdown
    .split(caseIdAsExported)
    .join('<case-id>')
    .split(caseIdAsExported.replace(/\\/g, '')) // in code blocks, unescaped
    .join('<case-id>')
    .replace(/\d{4}\\?-\d\d\\?-\d\dT\d\d:\d\d:\d\d(?:\\?\.\d+)?Z/g, (iso) =>
      Date.parse(iso.replace(/\\/g, '')) >= since - 1_000 ? '<time of the test>' : iso,
    );
}

describe('the case flow in the sidebar', () => {
  it('opens a case, answers, writes notes, survives a reload, and exports the golden Markdown', async () => {
    const since = Date.now();
    let page = await openJudgedPage(h, URLS.aws);
    let sidebar: Frame = await openSidebar(h, page);

    await showSidebarTab(sidebar, 'Cases');
    await sidebar.getByLabel('Analyst name').fill(ANALYST);
    await showSidebarTab(sidebar, 'This page');

    // the first (worst) identity of the page
    const open = sidebar.locator('ul.subjects button.open-case').first();
    const label = (await open.getAttribute('aria-label'))!;
    const subject = label.replace(/^Open a case for /, '');
    await openCaseFrom(sidebar, open, subject);

    // answer the first question (confirm the engine's answer), with a note
    const q1 = sidebar.locator('[data-step="q-unfamiliar-source"]');
    await q1.getByRole('button', { name: 'Confirm' }).click();
    await q1.getByText(/confirmed\) by E2E Analyst/).waitFor();
    await q1.locator('textarea').fill(NOTE_Q1);
    await sidebar.getByLabel('Anything else for the ticket').fill(NOTE_GENERAL);
    // a controlled radio: it shows checked once the store has the decision
    await sidebar.getByRole('radio', { name: 'Escalate to Tier 2' }).click();
    await expect.poll(() => sidebar.getByRole('radio', { name: 'Escalate to Tier 2' }).isChecked()).toBe(true);
    await expect.poll(() => sidebar.getByLabel('Case status').inputValue()).toBe('escalated');
    await expect
      .poll(async () => (await sidebar.locator('.note-state').allInnerTexts()).filter((t) => t.trim()))
      .toEqual(['Saved', 'Saved']);

    // reload the console page: the sidebar goes away with it
    await page.reload({ waitUntil: 'load' });
    await until(
      async () => pageBadge(h, page.mainFrame()),
      (b) => b !== undefined,
    );
    sidebar = await openSidebar(h, page);
    await showSidebarTab(sidebar, 'Cases');
    await sidebar.getByRole('button', { name: `Identity ${subject}` }).click();
    const q1After = sidebar.locator('[data-step="q-unfamiliar-source"]');
    await expect.poll(() => q1After.locator('textarea').inputValue()).toBe(NOTE_Q1);
    expect(await sidebar.getByLabel('Anything else for the ticket').inputValue()).toBe(NOTE_GENERAL);
    expect(await q1After.innerText()).toMatch(/confirmed\) by E2E Analyst/);

    // every sentence of the playbook is on screen
    const body = await sidebar.locator('body').innerText();
    const sentences = playbookItems().map((i) => i.text);
    expect(sentences).toHaveLength(20); // every sentence of the playbook's table
    for (const sentence of sentences) expect(body).toContain(sentence);

    // export: Markdown (the default format) against the golden file
    await sidebar.getByText('Export to the ticket').click();
    const preview = sidebar.locator('.export-preview');
    await expect.poll(() => preview.innerText()).toContain('Checked with the network team');
    const markdown = (await preview.textContent())!;
    const exportedId = /^\| Case \| ([0-9a-f\\-]{36,}) \|$/m.exec(markdown)?.[1];
    expect(exportedId, 'the export names the case id').toBeDefined();
    const caseId = exportedId!.replace(/\\/g, '');
    expect(caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The case's key lines on their own (the golden below holds the whole document).
    expect(markdown).toMatch(
      new RegExp(`^# Token Triage case .+: Identity ${subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
    );
    expect(markdown).toMatch(/^\| Verdict \| Escalate to Tier 2 \|$/m);
    expect(markdown).toMatch(/^\| Analyst \| E2E Analyst \|$/m);
    // the notes, quoted, with the Markdown in them escaped (log and note text never becomes markup)
    expect(markdown).toContain('> Ticket: SEC-1234 \\*do not\\* \\[link\\](https://evil.example) \\`rm -rf\\`');
    for (const line of NOTE_Q1.split('\n')) expect(markdown).toContain(`> ${line}  `);
    for (const section of [
      '## Questions for Analysis',
      '## Additional Analysis Steps for L1',
      '## Decision for Escalation',
      '## T2 Analyst Actions',
    ])
      expect(markdown).toContain(section);
    await expect(normalise(markdown, exportedId!, since)).toMatchFileSnapshot('./__golden__/case-flow.md');

    // download gives exactly the text shown
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      sidebar.getByRole('button', { name: /^Download/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`token-triage_${caseId}_markdown.md`);
    const path = await download.path();
    expect(readFileSync(path, 'utf8')).toBe(markdown);
    await page.close();
    page = undefined as unknown as Page;
  });

  it('keeps two tabs on the same case in step (through the background)', async () => {
    const pageA = await openJudgedPage(h, URLS.aws);
    const pageB = await openJudgedPage(h, URLS.aws);
    try {
      const a = await openSidebar(h, pageA);
      const b = await openSidebar(h, pageB);
      // both tabs open the subject's case: there is one open case per subject, so it is the same
      for (const s of [a, b]) await s.locator('ul.subjects button.open-case').first().click();
      for (const s of [a, b]) await s.locator('article.case').waitFor({ timeout: 10_000 });
      const text = `Seen in tab B too (${Date.now()})`;
      await a.getByLabel('Anything else for the ticket').fill(text);
      await expect
        .poll(() => b.getByLabel('Anything else for the ticket').inputValue(), { timeout: 10_000 })
        .toBe(text);
      // a checklist tick in B shows in A
      await b.locator('[data-step="l1-new-applications"]').getByRole('checkbox', { name: 'Done' }).click();
      await expect
        .poll(
          () => a.locator('[data-step="l1-new-applications"]').getByRole('checkbox', { name: 'Done' }).isChecked(),
          { timeout: 10_000 },
        )
        .toBe(true);
    } finally {
      await pageA.close();
      await pageB.close();
    }
  });
});
