/**
 * The replica consoles the browser tests, the demo (demo/extension-demo.ts) and the benchmark
 * (bench/extension.bench.ts) open: each page's real URL, the frame with its grid, the verdict its
 * story calls for, and how to wait until the extension has shown that verdict on the page.
 *
 * Expected verdicts, from each replica's story (README.md) and the verdict rule (lib/engine/
 * verdict.ts: escalate needs a subject with enough points from at least two of the playbook's
 * grounds). The extension ships the IPv4 network data (lib/intel/packaged.ts), so an address on a
 * hosting provider (the stories' VPS: DigitalOcean 159.89.0.0/16, 159.65.0.0/16) is a risky
 * location, as in the CLI.
 */
import type { Frame, Page } from 'playwright-core';
import { BLADES, pageBadge, tabIdOf, tabState, until, URLS, type Harness, type TabViewLite } from './harness';

/** alice's GetFederationToken: its detail page (`#/events/<id>`) shows the full JSON record. */
export const FEDERATION_TOKEN_EVENT = '5eed018a-018a-418a-8ac6-00f381614a6a';

export type Verdict = TabViewLite['analysis']['verdict'];

export interface Case {
  /** Short name (the demo's screenshot file names). */
  slug: string;
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

export const CASES: Case[] = [
  {
    // The Event history LIST of alice's stolen key: a burst of List*/Get* calls with her key from
    // a VPS (DigitalOcean), a federation token minted, svc-backup's key created and used for
    // privileged changes. The list has no user agent and no request parameters (Kali, Action:*),
    // but the VPS is a risky location and the burst is behaviour → escalate. The event's detail
    // (full JSON) adds broader-permissions and the attacker tool: behaviour.e2e.test.ts.
    slug: 'aws-cloudtrail',
    name: 'AWS CloudTrail Event history (list)',
    url: URLS.aws,
    reader: 'aws-cloudtrail-events',
    frame: 'top',
    verdict: 'escalate',
    indicators: ['mass-api-access', 'token-minting', 'new-auth-material', 'risky-network'],
    rows: 211,
  },
  {
    // carol's session (one session id) replayed from a second network within minutes: location
    // (token-multi-source) → escalate.
    slug: 'entra-signins',
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
    slug: 'entra-audit',
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
    slug: 'azure-activity',
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
    slug: 'azure-activity-json',
    name: "Azure Activity log with the role assignment's JSON open (portal, reactblade iframe)",
    url: URLS.portal(
      BLADES.activity,
      URLS.reactblade('azure-activity', '?details=e0000002-0000-4000-8000-0000000000a2'),
    ),
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
    slug: 'gcp-logs-explorer',
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
    slug: 'okta-system-log',
    name: 'Okta System Log',
    url: URLS.okta,
    reader: 'okta-system-log',
    frame: 'top',
    verdict: 'escalate',
    indicators: ['token-multi-source', 'suspicious-client', 'new-auth-material'],
    rows: 5,
  },
  {
    // Two users authorize the risky "Email Export Pro", one grant from a VPS (DigitalOcean
    // 159.65.10.20): app grants (persistence) next to a risky location → escalate.
    slug: 'workspace-token',
    name: 'Google Workspace token audit',
    url: URLS.workspaceToken,
    reader: 'workspace-audit',
    frame: 'top',
    verdict: 'escalate',
    indicators: ['oauth-consent', 'risky-network'],
    rows: 3,
  },
  {
    // Google's own "suspicious login" flag (vendor) on a sign-in from a VPS (159.65.10.20): a
    // vendor flag alone never escalates, next to a risky location it does → escalate.
    slug: 'workspace-login',
    name: 'Google Workspace login audit',
    url: URLS.workspaceLogin,
    reader: 'workspace-audit',
    frame: 'top',
    verdict: 'escalate',
    indicators: ['vendor-risk', 'risky-network'],
    rows: 3,
  },
  {
    // A fine-grained PAT used from a VPS with python-requests, downloading repositories and
    // adding a member: first-time privileged change with a token + scripting client → escalate.
    slug: 'github-audit-log',
    name: 'GitHub organization audit log',
    url: URLS.github,
    reader: 'github-audit-log',
    frame: 'top',
    verdict: 'escalate',
    indicators: ['privileged-with-token', 'suspicious-client'],
    rows: 6,
  },
];

/** The frame with the grid. */
export async function gridFrame(page: Page, where: Case['frame']): Promise<Frame> {
  if (where === 'top') return page.mainFrame();
  const f = await until(
    async () => page.frames().find((x) => new URL(x.url()).hostname.endsWith('.reactblade.portal.azure.net')),
    (x) => x !== undefined,
  );
  if (!f) throw new Error('no reactblade iframe');
  return f;
}

/** Waits until the tab's verdict is on the page badge (the last step of the round trip). */
export async function settled(h: Harness, page: Page, frame: Frame, reader: string) {
  const tabId = await tabIdOf(h, page);
  const snap = async () => {
    const state = await tabState(h, tabId);
    const badge = await pageBadge(h, frame);
    return { state, badge };
  };
  const done = ({ state, badge }: Awaited<ReturnType<typeof snap>>) =>
    state.network === 'ready' &&
    state.pages.some((p) => p.readerId === reader && p.recognized && p.rows > 0) &&
    badge?.text === badgeLine(state.analysis.verdict, state.analysis.findings.length);
  // Twice in a row: a late batch of rows may still change it.
  let s = await until(snap, done);
  s = await until(snap, (v) => done(v) && v.state.analysis.findings.length === s.state.analysis.findings.length);
  return { tabId, ...s };
}

export const badgeLine = (verdict: Verdict, n: number) =>
  `Token Triage: ${verdict} · ${n} finding${n === 1 ? '' : 's'}`;
export const toolbarText = (verdict: Verdict, n: number) =>
  verdict === 'escalate' ? 'ESC' : verdict === 'suspicious' ? String(n) : 'OK';
