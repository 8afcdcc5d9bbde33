/**
 * `npm run demo`: the extension on the replica consoles, served locally on the consoles' real
 * hostnames (the browser-test harness, test/e2e/harness.ts), so anyone can see the product
 * without a cloud account. Builds the extension and the replicas, opens Debian's Chromium with
 * the extension loaded and walks through each console: AWS CloudTrail Event history (the list,
 * then one event's detail in the same tab), Entra sign-ins and audit and the Azure Activity log
 * (in the portal's reactblade iframe), GCP Logs Explorer, Okta System Log, Google Workspace token
 * audit and the GitHub organization audit log. On each it waits for the verdict, opens the
 * sidebar and writes `demo-output/<console>-page.png` (the page with its badge) and
 * `demo-output/<console>-sidebar.png`, then prints a summary table. Last, the playbook: on the
 * Okta System Log it opens a case for the worst identity, confirms the first answer, writes a
 * note and a decision, and writes the case in the 420 px sidebar to `demo-output/case-sidebar.png`,
 * the case in a tab of its own to `demo-output/case.png` and its Markdown export to
 * `demo-output/case.md`. On a run without failures, three of them are copied to docs/screenshots
 * (the README's: page-badge.png, sidebar.png, case-sidebar.png). Each sidebar screenshot has its
 * worst finding opened on its evidence table.
 *
 * With a display (DISPLAY set) the browser is visible and stays open, one tab per console, until
 * its window is closed. Without one it runs headless and exits: 0 when every page produced a
 * verdict, 1 otherwise. Needs Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  buildAll,
  clickSidebarButton,
  expandFinding,
  launch,
  openSidebar,
  ROOT,
  tabIdOf,
  tabState,
  until,
  type Harness,
} from '../test/e2e/harness';
import { CASES, FEDERATION_TOKEN_EVENT, gridFrame, settled, type Case } from '../test/e2e/consoles';

const OUT = join(ROOT, 'demo-output');
/** The screenshots the README shows, copied from demo-output on a run without failures. */
const SHOTS = join(ROOT, 'docs/screenshots');
const README_SHOTS: readonly [string, string][] = [
  ['aws-cloudtrail-list-page.png', 'page-badge.png'],
  ['entra-signins-sidebar.png', 'sidebar.png'],
  ['case-sidebar.png', 'case-sidebar.png'],
];
const headless = !process.env.DISPLAY;

interface Step {
  slug: string;
  title: string;
  case: Case;
  /** The AWS event detail: an SPA navigation in the list's tab instead of a new tab. */
  detailOf?: string;
}

const byslug = (slug: string): Case => {
  const c = CASES.find((x) => x.slug === slug);
  if (!c) throw new Error(`no console case ${slug}`);
  return c;
};

const STEPS: Step[] = [
  { slug: 'aws-cloudtrail-list', title: 'AWS CloudTrail Event history (list)', case: byslug('aws-cloudtrail') },
  {
    slug: 'aws-cloudtrail-detail',
    title: 'AWS CloudTrail event detail (GetFederationToken)',
    case: byslug('aws-cloudtrail'),
    detailOf: FEDERATION_TOKEN_EVENT,
  },
  { slug: 'entra-signins', title: 'Entra sign-in logs (Azure portal iframe)', case: byslug('entra-signins') },
  { slug: 'entra-audit', title: 'Entra audit logs (Azure portal iframe)', case: byslug('entra-audit') },
  { slug: 'azure-activity', title: 'Azure Activity log (Azure portal iframe)', case: byslug('azure-activity') },
  { slug: 'gcp-logs-explorer', title: 'GCP Logs Explorer', case: byslug('gcp-logs-explorer') },
  { slug: 'okta-system-log', title: 'Okta System Log', case: byslug('okta-system-log') },
  { slug: 'workspace-token-audit', title: 'Google Workspace token audit', case: byslug('workspace-token') },
  { slug: 'github-audit-log', title: 'GitHub organization audit log', case: byslug('github-audit-log') },
];

interface Result {
  title: string;
  rows: number | '-';
  verdict: string;
  findings: number | '-';
  page: string;
  sidebar: string;
  error?: string;
}

async function walk(
  h: Harness,
  step: Step,
  listPage: Page | undefined,
): Promise<{ result: Result; page: Page | undefined }> {
  const c = step.case;
  const result: Result = { title: step.title, rows: '-', verdict: 'NONE', findings: '-', page: '-', sidebar: '-' };
  let page: Page | undefined;
  try {
    if (step.detailOf) {
      if (!listPage) throw new Error('the list page did not open');
      page = listPage;
      // Close the list's sidebar first (the badge's button toggles it), then navigate in the app.
      if (await page.locator('[data-token-triage-sidebar]').count()) await clickSidebarButton(page);
      await page.evaluate((id) => void (location.hash = `#/events/${id}`), step.detailOf);
      const tabId = await tabIdOf(h, page);
      await until(
        () => tabState(h, tabId),
        (s) => s.pages.some((p) => p.url.includes(step.detailOf!)),
      );
    } else {
      page = await h.open(c.url);
    }
    const frame: Frame = await gridFrame(page, c.frame);
    const { state, badge } = await settled(h, page, frame, c.reader);
    const rows = state.pages.filter((p) => p.readerId === c.reader && p.recognized).reduce((n, p) => n + p.rows, 0);
    result.rows = rows;
    result.findings = state.analysis.findings.length;
    if (!badge?.text.includes(state.analysis.verdict) || rows === 0)
      throw new Error(`no verdict on the page (badge: ${badge?.text ?? 'none'})`);
    result.verdict = state.analysis.verdict;

    // The page with its badge in view.
    await frame.locator('[data-token-triage-badge]').scrollIntoViewIfNeeded();
    const pagePng = join(OUT, `${step.slug}-page.png`);
    await page.screenshot({ path: pagePng });
    result.page = relative(ROOT, pagePng);

    // The sidebar, opened from the badge as the analyst does.
    const sidebar = await openSidebar(h, page, frame);
    await sidebar.locator('section.verdict').waitFor({ timeout: 10_000 });
    const n = state.analysis.findings.length;
    await until(
      () => sidebar.locator('.findings > li').count(),
      (k) => k === n,
      10_000,
    );
    // The first (worst) finding opened on its evidence table, as the analyst reads it.
    if (n > 0) await expandFinding(sidebar.locator('.finding-toggle').first());
    await page.waitForTimeout(200); // fonts and layout settle
    const sidebarPng = join(OUT, `${step.slug}-sidebar.png`);
    await page.locator('[data-token-triage-sidebar]').screenshot({ path: sidebarPng });
    result.sidebar = relative(ROOT, sidebarPng);
  } catch (err) {
    result.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  return { result, page };
}

/** The playbook walked on one console: a case opened from the sidebar, answered, exported. */
async function caseDemo(h: Harness): Promise<string> {
  const c = byslug('okta-system-log');
  const page = await h.open(c.url);
  const frame = await gridFrame(page, c.frame);
  await settled(h, page, frame, c.reader);
  const sidebar = await openSidebar(h, page, frame);
  const tab = sidebar.getByRole('tab', { name: 'Cases' });
  await until(
    async () => (await tab.click(), tab.getAttribute('aria-selected')),
    (v) => v === 'true',
    10_000,
    250,
  );
  await sidebar.getByLabel('Analyst name').fill('Demo Analyst');
  await sidebar.getByRole('tab', { name: 'This page' }).click();
  await sidebar.locator('ul.subjects button.open-case').first().click();
  await sidebar.locator('article.case').waitFor({ timeout: 10_000 });
  const q1 = sidebar.locator('[data-step="q-unfamiliar-source"]');
  await q1.getByRole('button', { name: 'Confirm' }).click();
  await q1
    .locator('textarea')
    .fill('Sign-in from a hosting network the user has never used; confirmed with the user by phone.');
  await sidebar.getByRole('radio', { name: 'Escalate to Tier 2' }).click();
  await until(
    () => sidebar.getByRole('radio', { name: 'Escalate to Tier 2' }).isChecked(),
    (v) => v,
    10_000,
  );
  await until(
    () => sidebar.locator('.note-state').allInnerTexts(),
    (t) => !t.includes('Saving…'),
    10_000,
  );
  // The case in the 420 px sidebar, with its table of contents and progress.
  await sidebar
    .locator('nav.case-toc')
    .getByText(/Questions answered\s*1 of/)
    .waitFor({ timeout: 10_000 });
  await sidebar.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  const caseSidebarPng = join(OUT, 'case-sidebar.png');
  await page.locator('[data-token-triage-sidebar]').screenshot({ path: caseSidebarPng });
  await sidebar.getByText('Export to the ticket').click();
  const markdown = (await sidebar.locator('.export-preview').textContent()) ?? '';
  const md = join(OUT, 'case.md');
  writeFileSync(md, markdown);
  // The same case in a tab of its own (the sidebar's "Open in a new tab"), full page.
  const [caseTab] = await Promise.all([
    h.context.waitForEvent('page'),
    sidebar.getByRole('button', { name: /Open in a new tab/ }).click(),
  ]);
  await caseTab.locator('article.case').waitFor({ timeout: 10_000 });
  await caseTab.setViewportSize({ width: 900, height: 900 });
  const png = join(OUT, 'case.png');
  await caseTab.screenshot({ path: png, fullPage: true });
  if (headless) {
    await caseTab.close();
    await page.close();
  }
  return `Case (Okta System Log): ${relative(ROOT, png)} and ${relative(ROOT, caseSidebarPng)}, export ${relative(ROOT, md)}`;
}

function table(results: Result[]): string {
  const head = ['console', 'rows read', 'verdict', 'findings', 'page screenshot', 'sidebar screenshot'];
  const body = results.map((r) => [r.title, String(r.rows), r.verdict, String(r.findings), r.page, r.sidebar]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'token-triage-demo-'));
  let h: Harness | undefined;
  try {
    console.log('Building the extension and the console replicas…');
    await buildAll(dir);
    console.log(`Opening Chromium ${headless ? 'headless (no DISPLAY)' : 'with a window'} with the extension loaded…`);
    h = await launch(dir, { headless });
    const results: Result[] = [];
    let listPage: Page | undefined;
    for (const step of STEPS) {
      process.stdout.write(`  ${step.title}… `);
      const { result, page } = await walk(h, step, listPage);
      console.log(result.error ? `FAILED: ${result.error}` : `${result.verdict}, ${result.findings} finding(s)`);
      results.push(result);
      if (step.case.slug === 'aws-cloudtrail' && !step.detailOf) listPage = page;
      else if (headless && page && !page.isClosed()) await page.close();
    }
    if (headless && listPage && !listPage.isClosed()) await listPage.close();
    console.log(`\n${table(results)}\n`);
    process.stdout.write('  The playbook on a case… ');
    const failed = results.filter((r) => r.error);
    try {
      console.log(await caseDemo(h));
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      console.log(`FAILED: ${message}`);
      failed.push({
        title: 'The playbook on a case',
        rows: '-',
        verdict: '-',
        findings: '-',
        page: '-',
        sidebar: '-',
        error: message,
      });
    }
    // The README's screenshots (docs/screenshots, committed), taken from this run.
    if (!failed.length) {
      mkdirSync(SHOTS, { recursive: true });
      for (const [from, to] of README_SHOTS) copyFileSync(join(OUT, from), join(SHOTS, to));
      console.log(`README screenshots: ${README_SHOTS.map(([, to]) => relative(ROOT, join(SHOTS, to))).join(', ')}`);
    }
    for (const r of failed) console.error(`${r.title}: ${r.error}`);
    if (!headless) {
      console.log(
        'The browser stays open: one tab per console, the sidebar open on each. Close the browser window to end the demo.',
      );
      const context = h.context;
      await new Promise<void>((resolve) => {
        context.on('close', () => resolve());
        process.once('SIGINT', () => resolve());
      });
    }
    return failed.length ? 1 : 0;
  } finally {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
