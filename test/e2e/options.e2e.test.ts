/**
 * The options page edits the team's settings field by field (issue 10), in the built extension:
 * a threshold changed there changes the verdict of an open console tab (the background judges
 * every tab again), a wrong value is refused next to its field with nothing stored and the tab
 * unchanged, an allow entry is added and removed, and the exported file is one the CLI's
 * parseSettingsText reads to the same settings. The page has no serious or critical axe
 * violations in light or dark.
 *
 * The tab: Alice's two ordinary calls (her own network and client) at 03:00 UTC on a Tuesday,
 * route-served to the CloudTrail Event history replica as in baselines.e2e. Judged cold with the
 * defaults it is benign; with unusual-time's fixed window (20:00–08:00) it has a low off-hours
 * finding, and once a low finding is worth verdict.suspiciousScore points, it is suspicious.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { launch, tabIdOf, tabState, until, type Harness, type TabViewLite } from './harness';
import { ACCOUNT, DAY, PEOPLE, record, START } from '../support/month-of-habits';
import { parseSettingsText } from '../../lib/engine/settings';

let h: Harness;
let options: Page;
let tab: Page;
let tabId: number;
// Tuesday 8 September 2026, 03:00 and 03:20 UTC.
const NIGHT = [
  record(PEOPLE[0], 0, START + 7 * DAY + 3 * 3_600_000),
  record(PEOPLE[0], 1, START + 7 * DAY + 3 * 3_600_000 + 20 * 60_000),
];

beforeAll(async () => {
  h = await launch(inject('buildDir'));
  await h.context.route('**/cloudtrailv2/feed/*.json', (route) =>
    /\/feed\/night\.json$/.test(new URL(route.request().url()).pathname)
      ? route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify(NIGHT.map((r) => r.record)),
        })
      : route.abort('blockedbyclient'),
  );
  tab = await h.open('https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1&feed=night#/events');
  tabId = await tabIdOf(h, tab);
  options = await h.context.newPage();
  await options.goto(`chrome-extension://${h.extensionId}/options.html`);
  await options.getByRole('heading', { name: 'Token Triage options' }).waitFor();
});

afterAll(async () => {
  await h?.close();
});

type View = TabViewLite & { analysis: { events: { id: string; account?: string }[] } };
const view = async () => (await tabState(h, tabId)) as View;
const offHours = (s: TabViewLite) => s.analysis.findings.filter((f) => f.indicator === 'unusual-time');
const stored = async (): Promise<unknown> =>
  options.evaluate(
    async () =>
      (
        await (
          globalThis as unknown as {
            chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
          }
        ).chrome.storage.local.get('teamSettings')
      ).teamSettings,
  );

/** Types into a field (labelled by its settings path) and leaves it with Enter, as an analyst does. */
async function setField(path: string, value: string): Promise<void> {
  const input = options.getByLabel(path, { exact: true });
  await input.fill(value);
  await input.press('Enter');
}
const status = () => options.getByRole('status').first().innerText();

describe('the options page, field by field', () => {
  it('the tab is judged cold with the defaults: benign, no off-hours finding', async () => {
    // Only an event's detail page names the account (the tenant): open each, as baselines.e2e does.
    let s = await until(view, (v) => v.network === 'ready' && v.analysis.stats.events === 2);
    for (const { record: r } of NIGHT) {
      const id = r.eventID as string;
      await tab.evaluate((x) => void (location.hash = `#/events/${x}`), id);
      s = await until(
        view,
        (v) => v.network === 'ready' && v.analysis.events.some((e) => e.id === id && e.account === ACCOUNT),
      );
    }
    expect(s.analysis.events.map((e) => e.account)).toEqual([ACCOUNT, ACCOUNT]);
    expect(offHours(s)).toEqual([]);
    expect(s.analysis.verdict).toBe('benign');
  });

  it("a threshold changed on the page changes the tab's findings, then its verdict", async () => {
    await options.getByRole('button', { name: 'Thresholds of unusual-time' }).click();
    await options.getByLabel('indicators.unusual-time.offHoursFallback', { exact: true }).selectOption('fixed');
    const flagged = await until(view, (v) => offHours(v).length > 0);
    expect(offHours(flagged).map((f) => f.title)).toEqual([expect.stringMatching(/active off-hours$/)]);
    expect(flagged.analysis.verdict).toBe('benign'); // one low finding: 1 point, below suspiciousScore 2
    await setField('verdict.points.low', '2');
    expect(await until(status, (t) => t.startsWith('Saved verdict.points.low'))).toMatch(/^Saved verdict\.points\.low/);
    expect((await until(view, (v) => v.analysis.verdict === 'suspicious')).analysis.verdict).toBe('suspicious');
    expect(await stored()).toEqual({
      indicators: { 'unusual-time': { offHoursFallback: 'fixed' } },
      verdict: { points: { low: 2 } },
    });
  });

  it('a wrong value is refused next to its field with its path; nothing stored changes, nor the tab', async () => {
    const before = await stored();
    await setField('indicators.unusual-time.offHoursStart', '24');
    const input = options.getByLabel('indicators.unusual-time.offHoursStart', { exact: true });
    await until(
      () => input.getAttribute('aria-invalid'),
      (v) => v === 'true',
    );
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await input.getAttribute('aria-describedby'))!.split(' ')[1]!;
    expect(await options.locator(`[id="${errorId}"]`).innerText()).toMatch(
      /^indicators\.unusual-time\.offHoursStart: .*23/,
    );
    expect(await status()).toMatch(/^Refused, nothing changed: indicators\.unusual-time\.offHoursStart/);
    expect(await stored()).toEqual(before);
    expect((await view()).analysis.verdict).toBe('suspicious');
    await setField('indicators.unusual-time.offHoursStart', ''); // back to the default: valid again, nothing new stored
    await until(
      () => input.getAttribute('aria-invalid'),
      (v) => v === 'false',
    );
    expect(await stored()).toEqual(before);
  });

  it("an allow entry for Alice's network is added (the finding shows it, the verdict drops), then removed", async () => {
    // Scoped to the identity as the page names it (the Event history list names no account).
    const [alice] = offHours(await view())[0]!.identities;
    const form = options.getByRole('form', { name: 'Add an allow entry' });
    await form.getByLabel('Kind').selectOption('cidr');
    await form.getByLabel(/^Value/).fill('81.2.69.0/24');
    await form.getByLabel('Reason').fill('Alice works nights from home');
    await form.getByLabel('Only for identity (optional)').fill(alice!);
    await form.getByRole('button', { name: 'Add allow entry' }).click();
    await options.getByRole('table', { name: 'Allow-list entries' }).waitFor();
    const allowed = await until(view, (v) => v.analysis.verdict === 'benign');
    expect(allowed.analysis.verdict).toBe('benign');
    expect((offHours(allowed)[0] as { allowed?: string }).allowed).toContain('(Alice works nights from home)');
    await options.getByRole('button', { name: 'Remove allow entry cidr 81.2.69.0/24' }).click();
    expect((await until(view, (v) => v.analysis.verdict === 'suspicious')).analysis.verdict).toBe('suspicious');
    expect(await options.getByRole('table', { name: 'Allow-list entries' }).count()).toBe(0);
  });

  it('the exported file is what the CLI reads, to the same settings as in force', async () => {
    // A tenant's hours too, so the export carries every section the page edits.
    await options.getByLabel('Tenant id').fill(ACCOUNT);
    await options.getByRole('button', { name: 'Add tenant' }).click();
    await setField('tenants.111122223333.unusualTime.timezoneOffsetMinutes', '600');
    await until(status, (t) => t.startsWith('Saved tenants.111122223333'));
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: 'Export the settings in force' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    const cli = parseSettingsText(text);
    expect(cli.ok).toBe(true);
    if (!cli.ok) return;
    expect(cli.raw).toEqual(await stored());
    expect(cli.raw).toEqual({
      indicators: { 'unusual-time': { offHoursFallback: 'fixed' } },
      verdict: { points: { low: 2 } },
      tenants: { '111122223333': { unusualTime: { timezoneOffsetMinutes: 600 } } },
    });
    // 03:00 UTC is 13:00 for this tenant at UTC+10: the tab's off-hours finding goes.
    expect(offHours(await until(view, (v) => offHours(v).length === 0))).toEqual([]);
  });

  it('an entry past its expiry is shown as expired and allows nothing', async () => {
    const form = options.getByRole('form', { name: 'Add an allow entry' });
    await form.getByLabel('Kind').selectOption('cidr');
    await form.getByLabel(/^Value/).fill('81.2.69.0/24');
    await form.getByLabel('Reason').fill("last year's night shift");
    await form.getByLabel('Expires (optional)').fill('2020-01-31');
    await form.getByRole('button', { name: 'Add allow entry' }).click();
    const row = options.getByRole('table', { name: 'Allow-list entries' }).getByRole('row').nth(1);
    expect(await row.innerText()).toContain('2020-01-31 (expired)');
    await until(stored, (v) => Array.isArray((v as { allow?: unknown[] }).allow));
    // Judged again with it: the off-hours finding (on the global clock once the tenant is gone) stays unallowed.
    await options.getByRole('button', { name: `Remove tenant ${ACCOUNT}` }).click();
    const s = await until(view, (v) => offHours(v).length > 0);
    expect((offHours(s)[0] as { allowed?: string }).allowed).toBeUndefined();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no serious or critical accessibility violations (${colorScheme})`, async () => {
      await options.emulateMedia({ colorScheme });
      // The page follows the system's scheme (entrypoints/options/style.css).
      expect(await options.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
        colorScheme === 'dark' ? 'rgb(22, 22, 26)' : 'rgb(255, 255, 255)',
      );
      const r = await new AxeBuilder({ page: options }).analyze();
      const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map(
          (v) =>
            `${v.id}: ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(', ')}`,
        ),
      ).toEqual([]);
    });
  }
});
