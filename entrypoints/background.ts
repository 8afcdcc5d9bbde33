/**
 * Wiring only. Receives page rows from the content scripts (zod-checked), keeps per-tab state
 * (lib/messaging/tab-state.ts: rows merged by row id per frame), runs the engine over it
 * (RecordRouter + runEngine, each record's ref = `frameId/rowId` so findings map back to rows),
 * sends the verdict and each frame's row marks back, mirrors the verdict on the toolbar badge
 * (the page cannot fake it), answers the sidebar, and runs "Analyse selected JSON".
 *
 * IP intelligence: the packed IPv4 tables shipped in the package (lib/intel/packaged.ts), loaded
 * at start; until then (or if they cannot be read) the engine runs with NO_INTEL, and every tab
 * is analysed again once they are in.
 * State lives in memory; when the service worker restarts, frames are asked to resend (resync).
 * Stored baselines (lib/messaging/baseline-learning.ts): each tab is judged with the baselines of
 * its rows' tenants, and its rows are learned once the page is quiet (unless switched off).
 *
 * "Mark as expected" (lib/messaging/mark-expected.ts): the entry joins the stored team settings
 * (every tab is then judged again, as after an import) and each open case of the finding's
 * subjects notes it; extension pages only, a framed sidebar once bound, like the cases.
 *
 * Who may act (lib/messaging/sender-tab.ts): content scripts for their own tab only; top-level
 * extension pages (the case tab) freely; a framed sidebar only once its frame claimed the
 * one-time token its content script got here (lib/messaging/sidebar-grant.ts; the table is kept
 * in storage.session so a restarted worker still knows it).
 */
import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { addAllowEntry, loadTeamSettings, TEAM_SETTINGS_KEY } from '../lib/messaging/team-settings';
import type { EngineSettings } from '../lib/engine/settings';
import { handleMessages, notifyExtensionPages, sendToFrame, type Sender } from '../lib/messaging/channel';
import {
  parseMarkExpected,
  parseToBackground,
  SelectionReplySchema,
  type ToBackground,
} from '../lib/messaging/protocol';
import type { MarkExpectedReply } from '../lib/messaging/mark-expected';
import { recordMarkedExpected } from '../lib/store/marked-expected';
import {
  addSelection,
  analyseTab,
  applyPageRows,
  badgeFor,
  emptyTab,
  isFragmentOnlyChange,
  tabEvents,
  type NetworkData,
  type TabState,
  type TabView,
  withoutEvents,
} from '../lib/messaging/tab-state';
import { BaselineService } from '../lib/messaging/baseline-learning';
import { isLearningEnabled } from '../lib/messaging/learning-switch';
import { tenantsOf } from '../lib/baseline/view-history';
import type { TriageDb } from '../lib/store/db';
import { menuPatterns } from '../lib/messaging/console-hosts';
import { pruneRevokedHosts } from '../lib/messaging/custom-hosts';
import { selectionRecords } from '../lib/messaging/selection';
import { senderKind, storeAccess, targetTab } from '../lib/messaging/sender-tab';
import { parseSidebarMessage, SidebarGrants } from '../lib/messaging/sidebar-grant';
import { FrameLiveness, toolbarWarning } from '../lib/messaging/frame-liveness';
import { NO_INTEL, type IntelProvider } from '../lib/intel/intel-provider';
import { loadPackedIntel } from '../lib/intel/packaged';
import { handleStoreRequest, parseStoreRequest, type StoreChanged } from '../lib/messaging/store-rpc';
import { pack } from '../lib/messaging/packed-json';
import { openTriageDb } from '../lib/store/open';
import { localRepository, type CaseRepository } from '../lib/store/repository';

const MENU_ID = 'token-triage-analyse-selection';
const GRANTS_KEY = 'sidebarGrants';

export default defineBackground(() => {
  const tabs = new Map<number, TabState>();
  const views = new Map<number, TabView>();
  const pending = new Set<number>();
  /** The tab's URL as tabs.onUpdated last reported it (console hosts only: no tabs permission). */
  const lastUrl = new Map<number, string>();
  /** The frames' heartbeats (lib/messaging/frame-liveness.ts) and each tab's next silence deadline. */
  const liveness = new FrameLiveness();
  const livenessTimers = new Map<number, ReturnType<typeof setTimeout>>();

  let intel: IntelProvider = NO_INTEL;
  let network: NetworkData = 'loading';
  // A file of the extension's own package, not a network request.
  const readPackageFile = async (path: string) =>
    // eslint-disable-next-line no-restricted-globals
    (await fetch((browser.runtime.getURL as (p: string) => string)(path))).arrayBuffer();
  // Loaded at every start of the service worker (~0.2 s); verdicts wait for it, so a tab is never
  // shown a verdict without the network data that flips a moment later.
  const intelReady: Promise<void> = loadPackedIntel(readPackageFile).then(
    (loaded) => {
      intel = loaded;
      network = 'ready';
      for (const [tabId, tab] of tabs) {
        tab.last = undefined; // the same rows, judged again with the network data
        schedule(tabId);
      }
    },
    (err: unknown) => {
      network = 'unavailable';
      for (const tabId of tabs.keys()) schedule(tabId);
      console.warn("Token Triage: the IP data could not be loaded; verdicts use the logs' own fields only.", err);
    },
  );

  const tabState = (tabId: number): TabState => {
    let t = tabs.get(tabId);
    if (!t) tabs.set(tabId, (t = emptyTab()));
    return t;
  };

  /** Coalesces the messages of one turn (several frames, several batches) into one analysis. */
  const schedule = (tabId: number): void => {
    if (pending.has(tabId)) return;
    pending.add(tabId);
    setTimeout(() => {
      pending.delete(tabId);
      void publish(tabId);
    }, 0);
  };

  // The store (lib/store), opened once by the first caller; a failure is retried on the next call.
  let dbOpen: Promise<TriageDb> | undefined;
  const database = (): Promise<TriageDb> => {
    dbOpen ??= openTriageDb();
    dbOpen.catch(() => (dbOpen = undefined));
    return dbOpen;
  };
  const baselines = new BaselineService({
    db: database,
    learningEnabled: () => isLearningEnabled().catch(() => true),
    // The team's retention (settings baseline.retentionDays), as the CLI's --history uses it.
    retentionDays: () => settings?.baseline.retentionDays,
    intel: () => intel,
    now: Date.now,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    onLearned: (reports) => {
      for (const r of reports) if (r.refused) console.warn('Token Triage:', r.refused);
    },
    onError: (err) => console.warn('Token Triage: the rows could not be added to the stored baseline.', err),
  });

  // The team's settings (lib/messaging/team-settings.ts): read at start, and again when the
  // options page imports a file; every tab is then judged again with them.
  let settings: EngineSettings | undefined;
  const settingsReady: Promise<void> = loadTeamSettings().then(
    (t) => {
      settings = t.settings;
      if (t.problem) console.warn(`Token Triage: ${t.problem}`);
    },
    () => undefined,
  );
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(TEAM_SETTINGS_KEY in changes)) return;
    void loadTeamSettings().then((t) => {
      settings = t.settings;
      for (const tabId of tabs.keys()) schedule(tabId);
    });
  });

  const publish = async (tabId: number): Promise<void> => {
    await intelReady;
    await settingsReady;
    const tab = tabs.get(tabId);
    if (!tab) return;
    const events = tabEvents(tab);
    // Judged with the stored baselines of the rows' tenants; when the store cannot be read, cold.
    const tenants = events.length ? tenantsOf(events) : [];
    const files = events.length ? await baselines.filesFor(tenants).catch(() => undefined) : undefined;
    if (tabs.get(tabId) !== tab) return; // the tab navigated meanwhile: its own publish follows
    const { view, marks, findings } = analyseTab(tab, intel, files, settings, baselines.problemsFor(tenants));
    if (events.length) baselines.learnLater(tabId, () => tabEvents(tab));
    views.set(tabId, { tabId, ...view, network });
    const verdict = view.analysis.verdict;
    for (const [frameId, frameMarks] of marks) {
      void sendToFrame(tabId, frameId, { type: 'page-verdict', verdict, findings, marks: frameMarks });
    }
    await showToolbar(tabId);
    notifyExtensionPages({ type: 'state-changed', tabId });
  };

  /** The verdict on the toolbar (the page cannot fake it), or "?" while the page's frames are not live. */
  const showToolbar = async (tabId: number): Promise<void> => {
    const view = views.get(tabId);
    if (!view) return;
    const { verdict } = view.analysis;
    const findings = view.analysis.findings.length;
    const hasRows = view.pages.some((p) => p.rows > 0) || view.selectionRecords > 0;
    const summary = `${verdict}, ${findings} finding(s)`;
    const badge = toolbarWarning(liveness.status(tabId, Date.now()), hasRows, summary) ?? {
      ...badgeFor(verdict, findings, hasRows),
      title: hasRows ? `Token Triage: ${summary}` : 'Token Triage',
    };
    try {
      // Title and colour before the text: whoever reads the text reads the title that goes with it.
      await browser.action.setTitle({ tabId, title: badge.title });
      await browser.action.setBadgeBackgroundColor({ tabId, color: badge.color });
      await browser.action.setBadgeText({ tabId, text: badge.text });
    } catch {
      // the tab closed meanwhile
    }
  };

  /** Re-arms the tab's timer for the next frame deadline: a frame that goes silent flips the toolbar. */
  const watchLiveness = (tabId: number): void => {
    clearTimeout(livenessTimers.get(tabId));
    livenessTimers.delete(tabId);
    const now = Date.now();
    const due = liveness.nextDeadline(tabId, now);
    if (due === undefined) return;
    livenessTimers.set(
      tabId,
      setTimeout(() => {
        livenessTimers.delete(tabId);
        void showToolbar(tabId);
        watchLiveness(tabId);
      }, due - now),
    );
  };
  const forgetLiveness = (tabId: number): void => {
    liveness.forgetTab(tabId);
    clearTimeout(livenessTimers.get(tabId));
    livenessTimers.delete(tabId);
  };

  const viewOf = (tabId: number): TabView => {
    const v = views.get(tabId);
    if (v) return v;
    if (!tabs.has(tabId)) {
      // Unknown tab (new, or the worker restarted): ask its frames for their rows.
      tabState(tabId);
      browser.tabs.sendMessage(tabId, { type: 'resend' }).catch(() => undefined);
    }
    const { view } = analyseTab(tabState(tabId), intel, undefined, settings);
    return { tabId, ...view, network };
  };

  const extensionBase = browser.runtime.getURL('/');

  // The sidebar tokens (lib/messaging/sidebar-grant.ts), kept in storage.session (memory only,
  // extension pages only) across service worker restarts.
  const random = (b: Uint8Array): void => void crypto.getRandomValues(b);
  const grantsReady: Promise<SidebarGrants> = browser.storage.session.get(GRANTS_KEY).then(
    (r) => new SidebarGrants(random, (r as Record<string, unknown>)[GRANTS_KEY]),
    () => new SidebarGrants(random),
  );
  const saveGrants = (g: SidebarGrants): Promise<void> =>
    browser.storage.session.set({ [GRANTS_KEY]: g.snapshot() }).catch(() => undefined);
  handleMessages(parseSidebarMessage, async (msg, sender) => {
    const grants = await grantsReady;
    const tabId = sender.tab?.id;
    if (tabId === undefined) return undefined;
    switch (msg.type) {
      case 'sidebar-token': {
        // Only a content script (the top frame's, which mounts the sidebar) gets tokens.
        if (sender.frameId !== 0 || senderKind(sender, extensionBase) !== 'content') return undefined;
        const token = grants.issue(tabId);
        await saveGrants(grants);
        return { token };
      }
      case 'sidebar-claim': {
        if (senderKind(sender, extensionBase) !== 'extension-framed' || sender.frameId === undefined) return undefined;
        const reply =
          msg.token === undefined
            ? grants.status(tabId, sender.frameId)
            : grants.claim(msg.token, tabId, sender.frameId);
        if (msg.token !== undefined && reply.ok) await saveGrants(grants);
        return reply;
      }
      case 'sidebar-release':
        if (grants.revoke(msg.token, tabId)) await saveGrants(grants);
        return { ok: true };
    }
  });

  handleMessages(parseToBackground, async (msg: ToBackground, sender: Sender) => {
    let tabId = sender.tab?.id;
    if (msg.type === 'get-state' || msg.type === 'highlight') {
      const grants = await grantsReady;
      const access = targetTab(msg.tabId, sender, extensionBase, (t, f) => grants.isBound(t, f));
      if (!access.ok) return access.error ? { ok: false, error: access.error } : undefined;
      tabId = access.tabId;
    }
    if (tabId === undefined) return undefined;
    switch (msg.type) {
      case 'page-rows': {
        const { changed, resync } = applyPageRows(tabState(tabId), sender.frameId ?? 0, msg);
        if (changed) schedule(tabId);
        return { resync };
      }
      case 'toggle-sidebar':
        return sendToFrame(tabId, 0, { type: 'toggle-sidebar', ...(msg.open ? { open: true } : {}) });
      case 'frame-beat':
        if (senderKind(sender, extensionBase) !== 'content') return undefined; // content scripts report their frames
        if (liveness.beat(tabId, sender.frameId ?? 0, msg.badge, Date.now())) void showToolbar(tabId);
        watchLiveness(tabId);
        return { ok: true };
      case 'get-state': {
        const view = msg.events === false ? withoutEvents(viewOf(tabId)) : viewOf(tabId);
        return msg.packed ? { packed: pack(view) } : view;
      }
      case 'highlight':
        return sendToFrame(tabId, msg.frameId, { type: 'highlight-row', rowId: msg.rowId });
    }
  });

  // Cases and notes (lib/store): the background opens the database; the sidebars (iframes on the
  // console, where IndexedDB may be refused) call it over messages and hear what changed.
  let repo: Promise<CaseRepository> | undefined;
  const repository = (): Promise<CaseRepository> => {
    repo ??= database().then((db) =>
      localRepository(db, {
        onChange: (change) => {
          if (!change.caseIds) baselines.forget(); // a restore or a purge: baselines may have changed
          const msg: StoreChanged = { type: 'store-changed', ...change };
          browser.runtime.sendMessage(msg).catch(() => undefined); // no sidebar open: nothing listens
        },
      }),
    );
    repo.catch(() => (repo = undefined)); // try again on the next request
    return repo;
  };
  handleMessages(parseStoreRequest, async (req, sender) => {
    const grants = await grantsReady;
    const access = storeAccess(sender, extensionBase, (t, f) => grants.isBound(t, f));
    if (!access.ok) return access;
    try {
      return await handleStoreRequest(await repository(), req);
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  });

  handleMessages(parseMarkExpected, async (msg, sender): Promise<MarkExpectedReply> => {
    const grants = await grantsReady;
    const access = storeAccess(sender, extensionBase, (t, f) => grants.isBound(t, f));
    if (!access.ok) return access;
    const added = await addAllowEntry(msg.entry).catch((e: unknown) => ({
      ok: false as const,
      errors: [e instanceof Error ? e.message : String(e)],
    }));
    if (!added.ok) return { ok: false, error: `Not marked: ${added.errors.join('; ')}` };
    // Judged again at once (the storage listener does too; a second run over the same rows is cheap).
    void loadTeamSettings().then((t) => {
      settings = t.settings;
      for (const tabId of tabs.keys()) schedule(tabId);
    });
    const subjects = [
      ...msg.finding.identities.map((id) => ({ kind: 'identity' as const, id })),
      ...msg.finding.tokens.map((id) => ({ kind: 'token' as const, id })),
    ];
    const { entry } = added;
    const cases = await database()
      .then((db) =>
        recordMarkedExpected(
          db,
          subjects,
          {
            words: msg.words,
            reason: entry.reason,
            ...(entry.expires ? { expires: entry.expires } : {}),
            finding: msg.finding.title,
          },
          msg.analyst || 'analyst',
          Date.now(),
        ),
      )
      .catch(() => [] as string[]);
    if (cases.length)
      browser.runtime
        .sendMessage({ type: 'store-changed', caseIds: cases, kind: 'notes' } satisfies StoreChanged)
        .catch(() => undefined);
    return { ok: true, cases };
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    baselines.dropTab(tabId);
    forgetLiveness(tabId);
    void grantsReady.then((g) => (g.forgetTab(tabId) ? saveGrants(g) : undefined));
    lastUrl.delete(tabId);
    tabs.delete(tabId);
    views.delete(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, info) => {
    // A full load replaces every frame; the new content scripts report again (a frame that sends
    // a delta for rows we dropped is asked to resync). Chrome also reports a hash-route change as
    // 'loading' with the new URL: the document stays, so do its rows.
    if (info.status === 'loading' && info.url) {
      // Before the first report (a tab loaded while the worker started), the top frame's own URL.
      const prev = lastUrl.get(tabId) ?? tabs.get(tabId)?.frames.get(0)?.url;
      lastUrl.set(tabId, info.url);
      if (isFragmentOnlyChange(prev, info.url)) return;
      forgetLiveness(tabId);
      tabs.delete(tabId);
      views.delete(tabId);
      schedule(tabId);
    }
  });

  // Toolbar button and keyboard command: toggle the sidebar in the active tab's top frame.
  browser.action.onClicked.addListener((tab) => {
    if (tab.id !== undefined) void sendToFrame(tab.id, 0, { type: 'toggle-sidebar' });
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'toggle-sidebar') return;
    const go = (id?: number): void => {
      if (id !== undefined) void sendToFrame(id, 0, { type: 'toggle-sidebar' });
    };
    if (tab?.id !== undefined) go(tab.id);
    else void browser.tabs.query({ active: true, currentWindow: true }).then((t) => go(t[0]?.id));
  });

  // Context menu: analyse the JSON the analyst selected on a console page, or on a custom host
  // the analyst granted (its patterns follow the grants: at install, start and every change).
  const grantedOrigins = async (): Promise<string[]> =>
    (await browser.permissions.getAll().catch(() => ({ origins: [] }))).origins ?? [];
  browser.runtime.onInstalled.addListener(() => {
    void Promise.all([browser.contextMenus.removeAll(), grantedOrigins()]).then(([, origins]) => {
      browser.contextMenus.create({
        id: MENU_ID,
        title: 'Analyse selected JSON with Token Triage',
        contexts: ['selection'],
        documentUrlPatterns: menuPatterns(origins),
      });
    });
  });
  const syncMenu = async (): Promise<void> => {
    // Rejects while the menu is not created yet (first install): onInstalled creates it with the same patterns.
    await browser.contextMenus
      .update(MENU_ID, { documentUrlPatterns: menuPatterns(await grantedOrigins()) })
      .catch(() => undefined);
  };
  browser.contextMenus.onClicked.addListener((info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    void analyseSelection(tab.id, info.frameId ?? 0, info.selectionText ?? '');
  });

  const analyseSelection = async (tabId: number, frameId: number, fallback: string): Promise<void> => {
    // The frame's own selection keeps the line breaks that `selectionText` collapses.
    const reply = SelectionReplySchema.safeParse(await sendToFrame(tabId, frameId, { type: 'get-selection' }));
    const text = reply.success && reply.data.text.trim() ? reply.data.text : fallback;
    const records = await selectionRecords(text, `selection@${new Date().toISOString()}`);
    addSelection(tabState(tabId), records);
    await publish(tabId);
    void sendToFrame(tabId, 0, { type: 'toggle-sidebar', open: true });
  };

  // Custom hosts: drop the content script of any host whose permission the user revoked; the
  // context menu follows the granted hosts.
  browser.permissions.onRemoved.addListener(
    () =>
      void pruneRevokedHosts()
        .catch(() => undefined)
        .then(syncMenu),
  );
  browser.permissions.onAdded.addListener(() => void syncMenu());
  void pruneRevokedHosts()
    .catch(() => undefined)
    .then(syncMenu);
});
