/**
 * Accessibility of the sidebar (issue 11), in the built extension on the CloudTrail hostname:
 *
 * - axe-core finds no serious or critical violation on the sidebar's page tab (a finding
 *   expanded to its evidence table), the case view and the Import tab, in light and in dark
 *   (`emulateMedia({ colorScheme })`, checked inside the frame with matchMedia). The sidebar is an
 *   iframe in a CLOSED shadow root, which @axe-core/playwright's AxeBuilder does not descend into
 *   (it finds frames through the parent's DOM): there axe-core's own source is injected into the
 *   sidebar's frame and run on its document. The case opened in a tab of its own is a top-level
 *   page, checked with AxeBuilder.
 * - The keyboard alone, once the sidebar is open: read a finding (expand it), open a case,
 *   answer a question, write a note, export (download), and Escape closes the sidebar.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import {
  expandFinding,
  launch,
  openJudgedPage,
  openSidebar,
  showSidebarTab,
  until,
  URLS,
  type Harness,
} from './harness';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let h: Harness;
beforeAll(async () => {
  h = await launch(inject('buildDir'));
});
afterAll(async () => {
  await h?.close();
});

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown; failureSummary?: string }[];
}

/** Serious and critical violations only, as "rule: help (targets)" for a readable failure. */
const serious = (vs: readonly Violation[]) =>
  vs
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);

/** axe-core run inside a frame (the sidebar's, out of AxeBuilder's reach). */
async function axeInFrame(frame: Frame): Promise<string[]> {
  await frame.evaluate(AXE_SOURCE);
  const vs = await frame.evaluate(async (tags) => {
    const axe = (
      globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }
    ).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }))
      .violations;
  }, TAGS);
  return serious(vs);
}

describe('axe on the sidebar, light and dark', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`page tab, case view and Import tab have no serious or critical violation (${colorScheme})`, async () => {
      const page = await openJudgedPage(h, URLS.aws);
      try {
        await page.emulateMedia({ colorScheme });
        const sidebar = await openSidebar(h, page);
        await sidebar.locator('.finding-toggle').first().waitFor({ timeout: 10_000 });
        expect(await sidebar.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(
          colorScheme === 'dark',
        );

        // the page tab, one finding open on its evidence table
        await expandFinding(sidebar.locator('.finding-toggle').first());
        await sidebar.locator('table.evidence').first().waitFor();
        expect(await axeInFrame(sidebar), 'page tab').toEqual([]);
        expect(
          await sidebar.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
          'no horizontal scroll at 420 px',
        ).toBe(0);

        // the case view
        await sidebar.locator('ul.subjects button.open-case').first().click();
        await sidebar.locator('nav.case-toc').waitFor({ timeout: 10_000 });
        expect(await axeInFrame(sidebar), 'case view').toEqual([]);

        // the case in a tab of its own (a top-level page: AxeBuilder)
        const [caseTab] = await Promise.all([
          h.context.waitForEvent('page'),
          sidebar.getByRole('button', { name: /Open in a new tab/ }).click(),
        ]);
        try {
          await caseTab.emulateMedia({ colorScheme });
          await caseTab.locator('nav.case-toc').waitFor({ timeout: 10_000 });
          const r = await new AxeBuilder({ page: caseTab as never }).withTags(TAGS).analyze();
          expect(serious(r.violations as Violation[]), 'case view in a tab').toEqual([]);
          // 360 px to a full tab without horizontal scroll
          for (const width of [360, 1400]) {
            await caseTab.setViewportSize({ width, height: 800 });
            await expect
              .poll(
                () =>
                  caseTab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
                { message: `overflow at ${width} px` },
              )
              .toBe(0);
          }
        } finally {
          await caseTab.close();
        }

        // the Import tab
        await showSidebarTab(sidebar, 'Import');
        await sidebar.locator('.dropzone').waitFor();
        expect(await axeInFrame(sidebar), 'import tab').toEqual([]);
      } finally {
        await page.close();
      }
    }, 180_000); // four axe runs on a loaded machine
  }
});

/** What has the focus in the sidebar's frame, described for the predicates below. */
interface Focused {
  tag: string;
  role: string | null;
  name: string;
  cls: string;
  step: string | null;
}
const focused = (sidebar: Frame): Promise<Focused | null> =>
  sidebar.evaluate(() => {
    if (!document.hasFocus()) return null;
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'BODY', role: null, name: '', cls: '', step: null };
    return {
      tag: el.tagName,
      role: el.getAttribute('role'),
      name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(),
      cls: el.className,
      step: el.closest('[data-step]')?.getAttribute('data-step') ?? null,
    };
  });

/** Presses Tab (or Shift+Tab) until the focused element matches; fails after `max` presses. */
async function tabTo(
  page: Page,
  sidebar: Frame,
  ok: (f: Focused) => boolean,
  what: string,
  back = false,
  max = 400,
): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(sidebar);
    if (f && ok(f)) return f;
  }
  throw new Error(`the keyboard never reached ${what}`);
}

describe('the sidebar by keyboard alone', () => {
  it('reads a finding, opens a case, answers a question, writes a note, exports, and Escape closes it', async () => {
    const page = await openJudgedPage(h, URLS.aws);
    try {
      const sidebar = await openSidebar(h, page); // the analyst's click on the badge; from here on, keys only
      // Opening moves the focus into the sidebar.
      await sidebar.locator('.finding-toggle').first().waitFor({ timeout: 10_000 });
      expect(
        await until(
          () => focused(sidebar),
          (f) => f !== null,
          5_000,
        ),
        'the sidebar has the focus once open',
      ).not.toBeNull();

      // read a finding: Enter on its one-line toggle shows its evidence table
      await tabTo(page, sidebar, (f) => f.cls.includes('finding-toggle'), 'a finding');
      await page.keyboard.press('Enter');
      await sidebar.locator('table.evidence').first().waitFor();
      expect(await sidebar.locator('.finding-toggle').first().getAttribute('aria-expanded')).toBe('true');
      expect(await sidebar.locator('table.evidence th').allInnerTexts()).toContain('Source network');

      // open a case: Enter on an identity's "Open case"
      const opener = await tabTo(page, sidebar, (f) => f.name.startsWith('Open a case for '), 'an Open case button');
      const subject = opener.name.replace(/^Open a case for /, '');
      await page.keyboard.press('Enter');
      await sidebar.getByRole('heading', { name: `Identity ${subject}` }).waitFor({ timeout: 10_000 });

      // answer the first question: Space on Confirm
      await tabTo(page, sidebar, (f) => f.step === 'q-unfamiliar-source' && f.name === 'Confirm', 'the first question');
      await page.keyboard.press('Space');
      const q1 = sidebar.locator('[data-step="q-unfamiliar-source"]');
      await q1.getByText(/\(confirmed\) by /).waitFor({ timeout: 10_000 });
      await expect
        .poll(() => sidebar.getByRole('navigation', { name: 'Case contents' }).innerText())
        .toMatch(/Questions answered\s*1 of/);

      // write a note on it
      const note = `Keyboard only: checked the source ${Date.now()}`;
      await tabTo(
        page,
        sidebar,
        (f) => f.tag === 'TEXTAREA' && f.step === 'q-unfamiliar-source',
        "the question's note",
      );
      await page.keyboard.type(note);
      await expect.poll(() => q1.locator('.note-state').innerText(), { timeout: 10_000 }).toBe('Saved');

      // export: back to the contents' Export, which opens the export and focuses it; then Download
      await tabTo(page, sidebar, (f) => f.name === 'Export' && f.tag === 'BUTTON', "the contents' Export", true);
      await page.keyboard.press('Enter');
      await sidebar.locator('.export-preview').waitFor({ timeout: 10_000 });
      await expect.poll(() => sidebar.locator('.export-preview').innerText()).toContain(note);
      await tabTo(page, sidebar, (f) => f.name.startsWith('Download'), 'the Download button');
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(readFileSync(await download.path(), 'utf8')).toContain(note);

      // Escape (focus on a button, not in a text field) closes the sidebar
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-token-triage-sidebar]').count(), { timeout: 10_000 }).toBe(0);
    } finally {
      await page.close();
    }
  }, 180_000); // a few hundred key presses, each read back from the frame
});
