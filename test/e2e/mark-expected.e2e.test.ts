/**
 * "Mark as expected" from the sidebar (issue 10), end to end on the AWS CloudTrail replica: the
 * analyst opens a case for a finding's identity, opens the finding, marks it as expected with the
 * proposed (narrowest) entry and a reason; the entry joins the stored team settings, the tab is
 * judged again with the finding allowed and named by the entry, and the open case's general note
 * records it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  expandFinding,
  launch,
  openCaseFrom,
  openJudgedPage,
  openSidebar,
  showSidebarTab,
  tabIdOf,
  tabState,
  until,
  URLS,
  type Harness,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await launch(inject('buildDir'));
});
afterAll(async () => {
  await h?.close();
});

interface FindingLite {
  indicator: string;
  title: string;
  identities: string[];
  allowed?: string;
  proposal?: { entry: { kind: string; value: string; identity?: string }; words: string };
}
const findingsOf = async (tabId: number): Promise<FindingLite[]> =>
  (await tabState(h, tabId)).analysis.findings as unknown as FindingLite[];

async function storedSettings(): Promise<
  { allow?: { kind: string; value: string; reason: string; identity?: string }[] } | undefined
> {
  const probe = await h.probe();
  return probe.evaluate(
    async () =>
      (
        await (
          globalThis as unknown as {
            chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
          }
        ).chrome.storage.local.get('teamSettings')
      ).teamSettings,
  ) as never;
}

describe('mark as expected, from the sidebar', () => {
  it('adds the proposed entry with its reason, allows the finding on the tab, and notes it in the open case', async () => {
    const page = await openJudgedPage(h, URLS.aws);
    const tabId = await tabIdOf(h, page);
    const before = await findingsOf(tabId);
    const target = before.find((f) => f.proposal && !f.allowed && f.identities.length === 1);
    expect(target, 'a finding on the replica with a proposal').toBeDefined();
    const subject = target!.identities[0]!;
    const proposal = target!.proposal!;
    expect(proposal.entry.identity).toBe(subject); // scoped as narrowly as the finding

    const sidebar = await openSidebar(h, page);
    // A case for the subject, so the mark is recorded in it.
    await openCaseFrom(sidebar, sidebar.getByRole('button', { name: `Open a case for ${subject}` }).first(), subject);
    await showSidebarTab(sidebar, 'This page');

    // Open the finding, then its "Mark as expected" form.
    await expandFinding(sidebar.locator('button.finding-toggle', { hasText: target!.title }).first());
    await sidebar.getByRole('button', { name: `Mark as expected: ${target!.title}` }).click();
    const form = sidebar.getByRole('form', { name: `Mark as expected: ${target!.title}` });
    await form.getByText(proposal.words).first().waitFor();
    const reason = 'Office VPN egress, checked with the network team (E2E)';
    await form.getByLabel('Reason (required)').fill(reason);
    await form.getByRole('button', { name: 'Confirm' }).click();

    // Stored: the proposed entry with the analyst's reason.
    await expect
      .poll(async () => (await storedSettings())?.allow ?? [])
      .toContainEqual(
        expect.objectContaining({ kind: proposal.entry.kind, value: proposal.entry.value, identity: subject, reason }),
      );
    // The tab is judged again: the finding stays, marked allowed by that entry and reason.
    const after = await until(
      () => findingsOf(tabId),
      (fs) => fs.some((f) => f.title === target!.title && f.allowed !== undefined),
      20_000,
    );
    expect(after.find((f) => f.title === target!.title)!.allowed).toContain(reason);
    expect(after.length).toBe(before.length);

    // The open case's general note says it.
    await showSidebarTab(sidebar, 'Cases');
    await sidebar.getByRole('heading', { name: `Identity ${subject}` }).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => sidebar.getByLabel('Anything else for the ticket').inputValue(), { timeout: 15_000 })
      .toContain('Marked as expected');
    await page.close();
  });
});
