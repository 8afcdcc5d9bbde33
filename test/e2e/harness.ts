/**
 * Browser-test harness (DESIGN.md, Testing): the built extension loaded unpacked into Debian's
 * Chromium, headless, through playwright-core; the console replicas (test/replicas/<reader-id>)
 * served with `context.route()` on the consoles' REAL hostnames, so the manifest's real match
 * patterns, host permissions and cross-origin frames are exercised. Every other request is
 * aborted: the tests use no network.
 *
 * `buildAll()` runs once per `npm run test:e2e` (vitest.e2e.config.ts's globalSetup); each test
 * file then calls `launch()` for a fresh browser profile.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  chromium,
  type BrowserContext,
  type CDPSession,
  type Frame,
  type Locator,
  type Page,
  type Route,
  type Worker,
} from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Every reader with a replica page (one directory each under test/replicas). */
export const REPLICAS = [
  'aws-cloudtrail-events',
  'entra-signins',
  'entra-audit',
  'azure-activity',
  'gcp-logs-explorer',
  'okta-system-log',
  'workspace-audit',
  'github-audit-log',
] as const;
export type ReplicaId = (typeof REPLICAS)[number];

/** The real console URLs the tests open. */
export const URLS = {
  aws: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events',
  awsNotLog: 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:',
  /** The portal's sign-in logs blade; the grid renders in a reactblade iframe (`frame` query: the replica shell). */
  portal: (blade: string, frame: string) =>
    `https://portal.azure.com/?frame=${encodeURIComponent(frame)}#view/${blade}`,
  reactblade: (replica: 'entra-signins' | 'entra-audit' | 'azure-activity', query = '') =>
    `https://sandbox-1.reactblade.portal.azure.net/${replica}/index.html${query}`,
  gcp: 'https://console.cloud.google.com/logs/query;query=protoPayload.methodName%3D%22GenerateAccessToken%22?project=acme-prod',
  gcpNotLog: 'https://console.cloud.google.com/iam-admin/iam?project=acme-prod',
  okta: 'https://acme-admin.okta.com/report/system_log_2',
  workspaceToken: 'https://admin.google.com/ac/reporting/audit/token',
  workspaceLogin: 'https://admin.google.com/ac/reporting/audit/login',
  github: 'https://github.com/organizations/acme/settings/audit-log',
} as const;

export const BLADES = {
  signins: 'Microsoft_AAD_IAM/SignInLogsList.ReactView',
  audit: 'Microsoft_AAD_IAM/AuditLogList.ReactView',
  activity: 'Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/activityLog',
} as const;

// ---------------------------------------------------------------------------------------------
// Builds (once per run)

/**
 * `wxt build` (Chrome MV3) into .output/chrome-mv3, copied to `<dir>/extension` so a later
 * `wxt build`/`wxt dev` during the run cannot pull the files from under the browser. Takes a few
 * seconds: always rebuilt, never stale.
 */
export function buildExtension(dir: string): string {
  execFileSync(join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
    throw new Error(`wxt build wrote no ${EXTENSION_DIR}/manifest.json`);
  const out = join(dir, 'extension');
  cpSync(EXTENSION_DIR, out, { recursive: true });
  return out;
}

/** Builds every replica into `<dir>/<reader-id>` with its own build.ts. */
export async function buildReplicas(dir: string): Promise<void> {
  for (const id of REPLICAS) {
    const mod = (await import(pathToFileURL(join(ROOT, 'test/replicas', id, 'build.ts')).href)) as {
      buildReplica(outDir: string): Promise<void>;
    };
    await mod.buildReplica(join(dir, id));
  }
}

/** Both builds into `dir` (the e2e globalSetup, the demo and the benchmark). */
export async function buildAll(dir: string): Promise<void> {
  buildExtension(dir);
  await buildReplicas(dir);
}

// ---------------------------------------------------------------------------------------------
// Serving the replicas on the real hostnames

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** A console page that is not a log view (EC2 instances, GCP IAM): a plain table, nothing to read. */
const NOT_A_LOG_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console (not a log view)</title></head>
<body><h1>Instances</h1><table><thead><tr><th>Name</th><th>State</th></tr></thead>
<tbody><tr><td>web-1</td><td>running</td></tr><tr><td>web-2</td><td>stopped</td></tr></tbody></table></body></html>`;

type Served = { file: string } | { body: string } | undefined;

/**
 * What each real URL serves: a replica's page or asset, or undefined (aborted). Vite builds the
 * replicas with relative asset paths, so `…/assets/<file>` under any path is the replica's asset.
 */
export function resolveRequest(replicaDir: string, href: string): Served {
  const url = new URL(href);
  if (url.protocol !== 'https:') return undefined;
  const path = url.pathname;
  const inReplica = (id: ReplicaId, rel: string): Served => {
    const base = join(replicaDir, id);
    const file = normalize(join(base, rel));
    return file.startsWith(base + sep) && existsSync(file) ? { file } : undefined;
  };
  const asset = (id: ReplicaId): Served | false => {
    const m = /\/(assets\/[^/]+)$/.exec(path);
    return m ? inReplica(id, m[1]!) : false;
  };
  switch (url.hostname) {
    case 'us-east-1.console.aws.amazon.com': {
      const a = asset('aws-cloudtrail-events');
      if (a !== false) return a;
      if (path.startsWith('/cloudtrailv2/')) return inReplica('aws-cloudtrail-events', 'index.html');
      if (path.startsWith('/ec2/')) return { body: NOT_A_LOG_PAGE };
      return undefined;
    }
    case 'portal.azure.com': {
      const a = asset('entra-signins');
      if (a !== false) return a;
      return path === '/' ? inReplica('entra-signins', 'shell.html') : undefined;
    }
    case 'sandbox-1.reactblade.portal.azure.net': {
      const m = /^\/(entra-signins|entra-audit|azure-activity)\/(.*)$/.exec(path);
      if (!m) return undefined;
      return inReplica(m[1] as ReplicaId, m[2] || 'index.html');
    }
    case 'console.cloud.google.com':
      if (path.startsWith('/logs/')) return inReplica('gcp-logs-explorer', 'index.html');
      if (path.startsWith('/iam-admin/')) return { body: NOT_A_LOG_PAGE };
      return undefined;
    case 'acme-admin.okta.com':
      return path === '/report/system_log_2' ? inReplica('okta-system-log', 'index.html') : undefined;
    case 'admin.google.com':
      if (path === '/ac/reporting/audit/token') return inReplica('workspace-audit', 'index.html');
      if (path === '/ac/reporting/audit/login') return inReplica('workspace-audit', 'login.html');
      return undefined;
    case 'github.com':
      return path === '/organizations/acme/settings/audit-log'
        ? inReplica('github-audit-log', 'index.html')
        : undefined;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The browser

export interface Harness {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Requests aborted because nothing serves them (the tests' "no network" guarantee). */
  aborted: string[];
  /** Opens a console URL in a new tab and waits for its load. */
  open(url: string): Promise<Page>;
  /** An extension page (sidebar.html in its own tab) to ask the background and chrome.action. */
  probe(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** false: a visible window (needs a display; the demo with DISPLAY set). Default true. */
  headless?: boolean;
}

/** A browser with the replicas served on the real hostnames, without the extension (the benchmark's baseline). */
export interface PlainBrowser {
  context: BrowserContext;
  aborted: string[];
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** `buildDir`: where the globalSetup built the extension (`extension/`) and the replicas (`<reader-id>/`). */
export async function launch(buildDir: string, opts: LaunchOptions = {}): Promise<Harness> {
  const ext = join(buildDir, 'extension');
  if (!existsSync(join(ext, 'manifest.json')))
    throw new Error('extension not built: run through vitest.e2e.config.ts (globalSetup builds it)');
  const b = await startBrowser(buildDir, ext, opts);
  const { context } = b;
  const worker =
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  let probePage: Page | undefined;
  return {
    ...b,
    extensionId,
    worker,
    async probe() {
      if (probePage && !probePage.isClosed()) return probePage;
      probePage = await context.newPage();
      await probePage.goto(`chrome-extension://${extensionId}/sidebar.html`);
      return probePage;
    },
  };
}

/** The same browser and the same replica serving, with no extension loaded. */
export function launchWithoutExtension(buildDir: string, opts: LaunchOptions = {}): Promise<PlainBrowser> {
  return startBrowser(buildDir, undefined, opts);
}

async function startBrowser(replicaDir: string, ext: string | undefined, opts: LaunchOptions): Promise<PlainBrowser> {
  const headless = opts.headless ?? true;
  const userDataDir = mkdtempSync(join(tmpdir(), 'token-triage-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // --headless=new below: the mode that loads unpacked extensions
    viewport: { width: 1400, height: 900 },
    args: [
      ...(headless ? ['--headless=new'] : []),
      '--no-sandbox',
      '--disable-gpu',
      ...(ext ? [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : ['--disable-extensions']),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const aborted: string[] = [];
  await context.route('**/*', (route: Route) => serve(route, replicaDir, aborted));
  return {
    context,
    aborted,
    async open(url) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function serve(route: Route, replicaDir: string, aborted: string[]): Promise<void> {
  const href = route.request().url();
  if (!/^https?:/.test(href)) return route.continue(); // extension and data URLs are not network
  const hit = resolveRequest(replicaDir, href);
  if (!hit) {
    aborted.push(href);
    return route.abort('blockedbyclient');
  }
  if ('body' in hit) return route.fulfill({ status: 200, contentType: MIME['.html'], body: hit.body });
  return route.fulfill({
    status: 200,
    contentType: MIME[extname(hit.file)] ?? 'application/octet-stream',
    body: readFileSync(hit.file),
  });
}

// ---------------------------------------------------------------------------------------------
// What the extension shows, read from the extension's side (nothing is exposed to the page)

/** The sidebar's view of a tab (lib/messaging/tab-state.ts TabView), the subset the tests read. */
export interface TabViewLite {
  tabId: number;
  /** The IP network data behind the verdict (lib/messaging/tab-state.ts): tests wait for 'ready'. */
  network?: 'loading' | 'ready' | 'unavailable';
  pages: { frameId: number; url: string; readerId: string | null; recognized: boolean; note?: string; rows: number }[];
  analysis: {
    verdict: 'benign' | 'suspicious' | 'escalate';
    reasons: string[];
    findings: {
      indicator: string;
      title: string;
      identities: string[];
      tokens: string[];
      evidence: { frameId?: number; rowId?: string }[];
    }[];
    stats: { records: number; parsed: number; rejected: number; events: number };
    errors: unknown[];
  };
}

/** The few extension APIs the tests call from an extension page (types only: run in the browser). */
interface ExtensionApi {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  runtime: { sendMessage(m: unknown): Promise<unknown> };
  action: { getBadgeText(d: { tabId: number }): Promise<string>; getTitle(d: { tabId: number }): Promise<string> };
}

/** The browser's tab id of a page, asked from an extension page (host permissions show console URLs). */
export async function tabIdOf(h: Harness, page: Page): Promise<number> {
  const probe = await h.probe();
  const url = page.url();
  const id = await probe.evaluate(
    async (u) =>
      (await (globalThis as unknown as { chrome: ExtensionApi }).chrome.tabs.query({})).find((t) => t.url === u)?.id,
    url,
  );
  if (id === undefined) throw new Error(`no tab with url ${url}`);
  return id;
}

/** `get-state` from an extension page, like the sidebar does. */
export async function tabState(h: Harness, tabId: number): Promise<TabViewLite> {
  const probe = await h.probe();
  return probe.evaluate(
    (id) =>
      (globalThis as unknown as { chrome: ExtensionApi }).chrome.runtime.sendMessage({ type: 'get-state', tabId: id }),
    tabId,
  ) as Promise<TabViewLite>;
}

/** The toolbar badge and title of a tab (chrome.action, from an extension page). */
export async function toolbar(h: Harness, tabId: number): Promise<{ text: string; title: string }> {
  const probe = await h.probe();
  return probe.evaluate(
    async (id) => ({
      text: await (globalThis as unknown as { chrome: ExtensionApi }).chrome.action.getBadgeText({ tabId: id }),
      title: await (globalThis as unknown as { chrome: ExtensionApi }).chrome.action.getTitle({ tabId: id }),
    }),
    tabId,
  );
}

/** Polls `fn` until `ok` holds; returns the last value (the assertion after it says what was wrong). */
export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, everyMs));
    v = await fn();
  }
  return v;
}

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
  contentDocument?: DomNode;
}

/**
 * The text of the verdict badge on the page. The badge lives in a CLOSED shadow root (page
 * scripts cannot read it): the test reads it as the browser's DevTools do, with
 * `DOM.getDocument({ pierce: true })` over CDP, in the badge's own frame (out-of-process
 * iframes need their own session). Returns undefined when no badge is on the page.
 */
export async function pageBadge(h: Harness, frame: Frame): Promise<{ text: string; shadow: string } | undefined> {
  let cdp: CDPSession;
  try {
    cdp = await h.context.newCDPSession(frame);
  } catch {
    cdp = await h.context.newCDPSession(frame.page()); // same-process frame: its document is in the page's tree
  }
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const frameUrl = frame.url();
    const host = findNode(root, (n) => (n.attributes ?? []).includes('data-token-triage-badge'), frameUrl);
    if (!host) return undefined;
    const shadow = host.shadowRoots?.[0];
    if (!shadow) return { text: '', shadow: 'none' };
    const texts: string[] = [];
    const walk = (n: DomNode): void => {
      if (n.nodeType === 3) texts.push(n.nodeValue);
      n.children?.forEach(walk);
    };
    walk(shadow);
    // The label is the first text; the rest is the "Sidebar" button.
    return { text: texts[0] ?? '', shadow: shadow.shadowRootType ?? '' };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

function findNode(root: DomNode, pred: (n: DomNode) => boolean, frameUrl: string): DomNode | undefined {
  // Only inside the document of `frameUrl` (a same-process frame's tree holds child documents).
  const docs: DomNode[] = [];
  const collect = (n: DomNode): void => {
    if (n.nodeType === 9 && (n as DomNode & { documentURL?: string }).documentURL === frameUrl) docs.push(n);
    n.children?.forEach(collect);
    n.shadowRoots?.forEach(collect);
    if (n.contentDocument) collect(n.contentDocument);
  };
  collect(root);
  const search = (n: DomNode): DomNode | undefined => {
    if (n.nodeType === 1 && pred(n)) return n;
    for (const c of n.children ?? []) {
      if (c.nodeType === 9) continue; // another document
      const hit = search(c);
      if (hit) return hit;
    }
    return undefined;
  };
  for (const d of docs.length ? docs : [root]) {
    const hit = search(d);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Flagged rows in a frame: the red outline the content script sets inline (`!important`). The page
 * carries no other trace of a mark (no attribute, no title: lib/messaging/page-session.ts); the titles
 * show in the extension's popover, read with `rowTip`.
 */
export async function flaggedRows(frame: Frame): Promise<{ text: string }[]> {
  return frame.$$eval('[style*="outline"]', (els) =>
    els
      .filter((e) => (e as HTMLElement).style.getPropertyValue('outline-color') === 'rgb(179, 38, 30)')
      .map((e) => ({ text: (e.textContent ?? '').slice(0, 200) })),
  );
}

/**
 * The finding titles the extension's popover shows for the `index`-th flagged row of `frame`:
 * hovers the row, then reads the popover's CLOSED shadow root through DevTools (like
 * `pageBadge`). Empty when no popover shows.
 */
export async function rowTip(h: Harness, frame: Frame, index: number): Promise<string[]> {
  const handles = await frame.$$('[style*="outline"]');
  const rows = [];
  for (const el of handles) {
    if (await el.evaluate((e) => (e as HTMLElement).style.getPropertyValue('outline-color') === 'rgb(179, 38, 30)'))
      rows.push(el);
  }
  const row = rows[index];
  if (!row) return [];
  await row.scrollIntoViewIfNeeded();
  await row.hover({ force: true });
  const read = async () => shadowTexts(h, frame, 'data-token-triage-tip');
  const texts = await until(read, (t) => t !== undefined && t.length > 0, 5_000);
  await frame.page().mouse.move(0, 0);
  // The popover's heading, then one text per finding title.
  return (texts ?? []).slice(1);
}

/** The texts in the closed shadow root of the element with attribute `attr` in `frame`'s document, over CDP. */
async function shadowTexts(h: Harness, frame: Frame, attr: string): Promise<string[] | undefined> {
  let cdp: CDPSession;
  try {
    cdp = await h.context.newCDPSession(frame);
  } catch {
    cdp = await h.context.newCDPSession(frame.page());
  }
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const host = findNode(root, (n) => (n.attributes ?? []).includes(attr), frame.url());
    const shadow = host?.shadowRoots?.[0];
    if (!shadow) return undefined;
    const texts: string[] = [];
    const walk = (n: DomNode): void => {
      if (n.nodeType === 3) texts.push(n.nodeValue);
      n.children?.forEach(walk);
    };
    walk(shadow);
    return texts;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Opens the sidebar as the analyst does: a click on the badge's "Sidebar" button (the badge's
 * last control, at its right edge; the shadow root is closed, so the click goes by position).
 * Returns the sidebar's frame (the extension page in an iframe).
 */
export async function openSidebar(h: Harness, page: Page, badgeFrame: Frame = page.mainFrame()): Promise<Frame> {
  await clickSidebarButton(page, badgeFrame);
  // The iframe is in the host's closed shadow root (no selector reaches it): found among the page's frames.
  await page.locator('[data-token-triage-sidebar]').waitFor({ state: 'attached', timeout: 10_000 });
  return sidebarFrameOf(h, page, 'the sidebar iframe');
}

/** The page's sidebar frame (the extension's page), once it is among the page's frames. */
async function sidebarFrameOf(h: Harness, page: Page, what: string): Promise<Frame> {
  const prefix = `chrome-extension://${h.extensionId}/sidebar.html`;
  const frame = await until(
    async () => page.frames().find((f) => f.url().startsWith(prefix)),
    (f) => f !== undefined,
    10_000,
  );
  if (!frame) throw new Error(`${what} has no extension frame`);
  return frame;
}

/**
 * The sidebar the top frame prepared hidden after the page's first verdict (issue 11), before any
 * click: its host carries `data-token-triage-sidebar-ready` (the shown one `data-token-triage-sidebar`).
 * Waits for it, and for its extension frame to have rendered the findings; returns that frame.
 */
export async function preparedSidebar(h: Harness, page: Page): Promise<Frame> {
  await page.locator('[data-token-triage-sidebar-ready]').waitFor({ state: 'attached', timeout: 15_000 });
  const frame = await sidebarFrameOf(h, page, 'the prepared sidebar');
  await frame.locator('.finding-toggle').first().waitFor({ state: 'attached', timeout: 15_000 });
  return frame;
}

/** The sidebar tokens the background issued for `tabId` (storage.session, read from the probe): claimed or not. */
export async function sidebarGrants(h: Harness, tabId: number): Promise<{ token: string; frameId?: number }[]> {
  const all = await (
    await h.probe()
  ).evaluate(async () => {
    const c = (
      globalThis as unknown as {
        chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome;
    const v = (await c.storage.session.get('sidebarGrants'))['sidebarGrants'] as
      { grants: { token: string; tabId: number; frameId?: number }[] } | undefined;
    return v?.grants ?? [];
  });
  return all
    .filter((g) => g.tabId === tabId)
    .map(({ token, frameId }) => ({ token, ...(frameId !== undefined ? { frameId } : {}) }));
}

/**
 * Clicks `target` until `done()` holds, without clicking again once it does. In the sidebar a
 * first click right after the frame opened has been lost about once in thirty CI runs, on a tab,
 * on "Open a case" and on a finding (never reproduced on a quiet machine; the cause is not known);
 * a second click is what an analyst would do too.
 */
async function clickUntil(
  target: Locator,
  done: () => Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 250,
): Promise<void> {
  await until(
    async () => {
      if (!(await done())) await target.click();
      return done();
    },
    (ok) => ok,
    timeoutMs,
    everyMs,
  );
}

/** Shows a sidebar tab (clicked until it is the selected one). */
export async function showSidebarTab(sidebar: Frame, name: string): Promise<void> {
  const tab = sidebar.getByRole('tab', { name });
  await clickUntil(tab, async () => (await tab.getAttribute('aria-selected')) === 'true');
}

/** Opens a finding (its toggle clicked until `aria-expanded` is true). */
export async function expandFinding(toggle: Locator): Promise<void> {
  await clickUntil(toggle, async () => (await toggle.getAttribute('aria-expanded')) === 'true');
}

/** Clicks an "Open a case" button until the subject's case shows. */
export async function openCaseFrom(sidebar: Frame, button: Locator, subject: string): Promise<void> {
  const heading = sidebar.getByRole('heading', { name: `Identity ${subject}` });
  await clickUntil(button, () => heading.isVisible(), 20_000, 1_000);
}

/**
 * Opens `url` and waits until the tab is judged: the network data loaded, events read, and the
 * page badge showing the tab's verdict.
 */
export async function openJudgedPage(h: Harness, url: string): Promise<Page> {
  const page = await h.open(url);
  const tabId = await tabIdOf(h, page);
  await until(
    async () => ({ s: await tabState(h, tabId), b: await pageBadge(h, page.mainFrame()) }),
    ({ s, b }) =>
      s.network === 'ready' &&
      s.analysis.stats.events > 0 &&
      b !== undefined &&
      b.text.startsWith(`Token Triage: ${s.analysis.verdict}`),
  );
  return page;
}

/** A click on the page badge's "Sidebar" button (it toggles: a second click closes the sidebar). */
export async function clickSidebarButton(page: Page, badgeFrame: Frame = page.mainFrame()): Promise<void> {
  const host = badgeFrame.locator('[data-token-triage-badge]');
  // At the end of a wide grid's header the badge can sit past the grid's horizontal scroll.
  await host.scrollIntoViewIfNeeded();
  const box = await host.boundingBox();
  if (!box) throw new Error('no badge on the page');
  await page.mouse.click(box.x + box.width - 12, box.y + box.height / 2);
}

/**
 * Two more events on the Okta System Log replica, as the console shows more rows: copies of the
 * first (home) and third (VPS, same session) events with new uuids in every attribute and text.
 */
export async function addOktaRowCopies(page: Page): Promise<void> {
  await page.evaluate(() => {
    const headers = [...document.querySelectorAll('tr.header-row')];
    const tbody = headers[0]!.parentElement!;
    for (const [i, suffix] of [
      [0, '8d91'],
      [2, '8d93'],
    ] as const) {
      const header = headers[i]!;
      for (const el of [header, header.nextElementSibling!]) {
        const copy = el.cloneNode(true) as Element;
        for (const node of [copy, ...copy.querySelectorAll('*')]) {
          for (const a of [...node.attributes]) a.value = a.value.replaceAll(/8d0\d\b/g, suffix);
        }
        const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t; t = walker.nextNode())
          t.nodeValue = (t.nodeValue ?? '').replaceAll(/8d0\d\b/g, suffix);
        tbody.append(copy);
      }
    }
  });
}

/** Stops the extension's service worker (as Chrome does when idle); the next message starts it again. */
export async function stopServiceWorker(h: Harness): Promise<void> {
  const cdp = await h.context.newCDPSession(await h.probe());
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
