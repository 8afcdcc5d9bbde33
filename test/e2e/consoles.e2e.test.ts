/**
 * Every reader's replica page on its console's REAL hostname, in Chromium with the built
 * extension: the content script runs and reads the rows, the page badge and the toolbar badge
 * show the verdict and the number of findings the story calls for, and the flagged rows carry
 * the marker with the indicators' titles. Azure: the grid is in a cross-origin reactblade iframe
 * under portal.azure.com, for the sign-in, audit and activity grids alike.
 *
 * Expected verdicts, from each replica's story (README.md) and the verdict rule (lib/engine/
 * verdict.ts: escalate needs a subject with enough points from at least two of the playbook's
 * grounds). The extension has no IP intelligence yet (lib/messaging/analysis.ts: NO_INTEL), so
 * "from a VPS" counts only where the log itself shows two networks for one token or session.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { BLADES, flaggedRows, launch, pageBadge, tabIdOf, tabState, toolbar, until, URLS, type Harness, type TabViewLite } from './harness';

type Verdict = TabViewLite['analysis']['verdict'];

interface Case {
  name: string;
  url: string;
  reader: string;
  /** The frame holding the grid: the top frame, or the reactblade iframe. */
  frame: 'top' | 'reactblade';
  verdict: Verdict;
  /** Indicators the story must raise (not necessarily all). */
  indicators: string[];
  /** Rows the replica shows (the reader reads them all); 0: at least one. */
  rows: number;
  /** false: the story flags no row. */
  flagged?: boolean;
}

const CASES: Case[] = [
  {
    // The Event history LIST of alice's stolen key: a burst of List*/Get* calls with her key, a
    // federation token minted, svc-backup's key created and used for privileged changes. The list
    // has no user agent and no request parameters (Kali, Action:*), and without IP intel the VPS
    // is just an address: behaviour and persistence, no location → suspicious, not escalate. The
    // event's detail (full JSON) escalates: behaviour.e2e.test.ts, SPA navigation.
    name: 'AWS CloudTrail Event history (list)',
    url: URLS.aws,
    reader: 'aws-cloudtrail-events',
    frame: 'top',
    verdict: 'suspicious',
    indicators: ['mass-api-access', 'token-minting', 'new-auth-material'],
    rows: 211,
  },
  {
    // carol's session (one session id) replayed from a second network within minutes: location
    // (token-multi-source) → escalate.
    name: 'Entra sign-in logs (portal, reactblade iframe)',
    url: URLS.portal(BLADES.signins, URLS.reactblade('entra-signins')),
    reader: 'entra-signins',
    frame: 'reactblade',
    verdict: 'escalate',
    indicators: ['token-multi-source'],
    rows: 13,
  },
  {
    // Consent and app / service-principal credentials added from carol's replayed session:
    // persistence only (the audit rows carry no second network for the session) → suspicious.
    name: 'Entra audit logs (portal, reactblade iframe)',
    url: URLS.portal(BLADES.audit, URLS.reactblade('entra-audit')),
    reader: 'entra-audit',
    frame: 'reactblade',
    verdict: 'suspicious',
    indicators: ['oauth-consent', 'new-auth-material'],
    rows: 0,
  },
  {
    // The activity grid alone: storage keys listed, a role assignment, a VM run command by carol.
    // Its columns (operation, status, time, subscription, caller) name no token, address or
    // client, so no indicator has anything to go on → benign, nothing marked, toolbar "OK".
    name: 'Azure Activity log grid (portal, reactblade iframe)',
    url: URLS.portal(BLADES.activity, URLS.reactblade('azure-activity')),
    reader: 'azure-activity',
    frame: 'reactblade',
    verdict: 'benign',
    indicators: [],
    rows: 4,
    flagged: false,
  },
  {
    // The role assignment opened on its JSON tab: the claims show carol's OAuth access token
    // (uti) making a first-time privileged change (high) → escalate.
    name: 'Azure Activity log with the role assignment\'s JSON open (portal, reactblade iframe)',
    url: URLS.portal(BLADES.activity, URLS.reactblade('azure-activity', '?details=e0000002-0000-4000-8000-0000000000a2')),
    reader: 'azure-activity',
    frame: 'reactblade',
    verdict: 'escalate',
    indicators: ['privileged-with-token'],
    rows: 4,
  },
  {
    // A service-account key used from outside GCP mints a token for deployer, which grants
    // TokenCreator to an outside account with python-requests: behaviour + context (the
    // outside address needs IP intel) → suspicious.
    name: 'GCP Logs Explorer',
    url: URLS.gcp,
    reader: 'gcp-logs-explorer',
    frame: 'top',
    verdict: 'suspicious',
    indicators: ['broader-permissions', 'token-minting', 'privileged-with-token', 'suspicious-client'],
    rows: 3,
  },
  {
    // One rootSessionId from a Comcast home line, then from DigitalOcean (the Okta log names the
    // networks itself): location (token-multi-source) + behaviour (python-requests) → escalate.
    name: 'Okta System Log',
    url: URLS.okta,
    reader: 'okta-system-log',
    frame: 'top',
    verdict: 'escalate',
    indicators: ['token-multi-source', 'suspicious-client', 'new-auth-material'],
    rows: 5,
  },
  {
    // Two users authorize the risky "Email Export Pro": app grants (persistence) → suspicious.
    name: 'Google Workspace token audit',
    url: URLS.workspaceToken,
    reader: 'workspace-audit',
    frame: 'top',
    verdict: 'suspicious',
    indicators: ['oauth-consent'],
    rows: 3,
  },
  {
    // Google's own "suspicious login" flag (vendor) → suspicious: a vendor flag alone never escalates.
    name: 'Google Workspace login audit',
    url: URLS.workspaceLogin,
    reader: 'workspace-audit',
    frame: 'top',
    verdict: 'suspicious',
    indicators: ['vendor-risk'],
    rows: 3,
  },
  {
    // A fine-grained PAT used from a VPS with python-requests, downloading repositories and
    // adding a member: first-time privileged change with a token + scripting client → escalate.
    name: 'GitHub organization audit log',
    url: URLS.github,
    reader: 'github-audit-log',
    frame: 'top',
    verdict: 'escalate',
    indicators: ['privileged-with-token', 'suspicious-client'],
    rows: 6,
  },
];

let h: Harness;

beforeAll(async () => {
  h = await launch(inject('buildDir'));
});

afterAll(async () => {
  await h?.close();
});

/** The frame with the grid. */
async function gridFrame(page: Page, where: Case['frame']): Promise<Frame> {
  if (where === 'top') return page.mainFrame();
  const f = await until(async () => page.frames().find((x) => new URL(x.url()).hostname.endsWith('.reactblade.portal.azure.net')), (x) => x !== undefined);
  if (!f) throw new Error('no reactblade iframe');
  return f;
}

/** Waits until the tab's verdict is on the page badge (the last step of the round trip). */
async function settled(page: Page, frame: Frame, reader: string) {
  const tabId = await tabIdOf(h, page);
  const snap = async () => {
    const state = await tabState(h, tabId);
    const badge = await pageBadge(h, frame);
    return { state, badge };
  };
  const done = ({ state, badge }: Awaited<ReturnType<typeof snap>>) =>
    state.pages.some((p) => p.readerId === reader && p.recognized && p.rows > 0) &&
    badge?.text === badgeLine(state.analysis.verdict, state.analysis.findings.length);
  // Twice in a row: a late batch of rows may still change it.
  let s = await until(snap, done);
  s = await until(snap, (v) => done(v) && v.state.analysis.findings.length === s.state.analysis.findings.length);
  return { tabId, ...s };
}

const badgeLine = (verdict: Verdict, n: number) => `Token Triage: ${verdict} · ${n} finding${n === 1 ? '' : 's'}`;
const toolbarText = (verdict: Verdict, n: number) => (verdict === 'escalate' ? 'ESC' : verdict === 'suspicious' ? String(n) : 'OK');

describe.each(CASES)('$name', (c) => {
  it(`reads the rows, shows "${c.verdict}" on the page and the toolbar, and marks the flagged rows`, async () => {
    const page = await h.open(c.url);
    try {
      const frame = await gridFrame(page, c.frame);
      const { tabId, state, badge } = await settled(page, frame, c.reader);
      const a = state.analysis;

      // The content script ran in the grid's frame and read the rows.
      const read = state.pages.find((p) => p.readerId === c.reader && p.recognized);
      expect(read, JSON.stringify(state.pages)).toBeDefined();
      expect(new URL(read!.url).hostname).toBe(new URL(frame.url()).hostname);
      if (c.rows) expect(read!.rows).toBe(c.rows);
      else expect(read!.rows).toBeGreaterThan(0);
      expect(a.stats.rejected).toBe(0);
      expect(a.errors).toEqual([]);

      // The verdict the story calls for, with the indicators that make it.
      expect(a.verdict).toBe(c.verdict);
      const indicators = new Set(a.findings.map((f) => f.indicator));
      for (const i of c.indicators) expect([...indicators], i).toContain(i);

      // The page badge (closed shadow root, read through DevTools) and the toolbar badge.
      expect(badge).toEqual({ text: badgeLine(c.verdict, a.findings.length), shadow: 'closed' });
      expect(await toolbar(h, tabId)).toEqual({
        text: toolbarText(c.verdict, a.findings.length),
        title: `Token Triage: ${c.verdict}, ${a.findings.length} finding(s)`,
      });

      // Flagged rows: the marker attribute and, as their title, the titles of their findings.
      const titles = new Set(a.findings.map((f) => f.title));
      const flagged = await flaggedRows(frame);
      if (c.flagged === false) expect(flagged).toEqual([]);
      else expect(flagged.length).toBeGreaterThan(0);
      for (const row of flagged) {
        const lines = row.title.split('\n');
        expect(lines.length).toBeGreaterThan(0);
        for (const t of lines) expect(titles.has(t), `${t} is not a finding title`).toBe(true);
      }
      // Every finding with evidence in the grid's frame has at least one marked row with its title.
      const frameIds = new Set(state.pages.filter((p) => p.readerId === c.reader && p.recognized).map((p) => p.frameId));
      for (const f of a.findings) {
        if (!f.evidence.some((e) => e.frameId !== undefined && frameIds.has(e.frameId))) continue;
        expect(flagged.some((r) => r.title.split('\n').includes(f.title)), f.title).toBe(true);
      }
    } finally {
      await page.close();
    }
  });
});

it('used no network: every request was served by a replica or aborted, and nothing but favicons was aborted', () => {
  const unexpected = h.aborted.filter((u) => !/\/favicon\.ico$/.test(new URL(u).pathname));
  expect(unexpected).toEqual([]);
});
