/**
 * The sidebar page (unlisted, shown in an iframe on the console by the top-frame content
 * scripts, lib/messaging/top-frame.ts). Wiring: asks the background for its tab's state,
 * refreshes on `state-changed`, sends evidence clicks back to the page, runs Import in a Web
 * Worker, and reaches the cases through the background (lib/messaging/store-rpc.ts: this page is
 * an iframe on the console, where the browser may refuse IndexedDB). The analyst's name is kept
 * in browser.storage.local (extension storage works in the iframe too).
 *
 * In a frame, the page may call the background only once its frame claimed the one-time token
 * its content script posted to it (lib/messaging/sidebar-gate.ts); a copy of sidebar.html that a
 * web page framed itself never gets one and shows the refusal instead of the sidebar.
 */
import { StrictMode, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { preloadPanels, Sidebar } from '../../components/Sidebar';
import type { ImportState } from '../../components/ImportPanel';
import type { TabView } from '../../lib/messaging/tab-state';
import type { AnalysisView, EvidenceRef, SubjectView } from '../../lib/analysis/analyse';
import type { ImportReply, ImportRequest } from '../../lib/analysis/import-file';
import { parseStateChanged, tabViewOf } from '../../lib/messaging/protocol';
import { sendToBackground as sendUngated } from '../../lib/messaging/channel';
import { createSidebarGate, refusalOf } from '../../lib/messaging/sidebar-gate';
import { MOUNT_MESSAGE, READY_MESSAGE, VISIBILITY_MESSAGE } from '../../lib/messaging/sidebar-frame';
import { createRefreshPacer } from '../../lib/messaging/hidden-refresh';
import type { SidebarMessage } from '../../lib/messaging/sidebar-grant';
import type { ToBackground } from '../../lib/messaging/protocol';
import type { Case } from '../../lib/model/case';
import { remoteRepository } from '../../lib/messaging/store-rpc';
import { loadAnalystName, saveAnalystName } from '../../lib/messaging/analyst-name';
import { analystOrDefault, StoreContext } from '../../components/case/store-context';
import { deferred } from '../../components/deferred';
import type { CaseSource } from '../../components/Sidebar';
import './style.css';

async function currentTabId(): Promise<number | undefined> {
  try {
    return (await browser.tabs.getCurrent())?.id;
  } catch {
    return undefined;
  }
}

// Listening from the first moment: the content script posts the token when this frame says it
// is listening (READY_MESSAGE, just below), or else on the frame's first load.
const gate = createSidebarGate({
  framed: window.top !== window,
  listen: (cb) => window.addEventListener('message', (e: MessageEvent) => cb(e.data)),
  claim: (token) =>
    browser.runtime.sendMessage({
      type: 'sidebar-claim',
      ...(token !== undefined ? { token } : {}),
    } satisfies SidebarMessage),
});
// Asks the content script that mounted this frame for the token now, not at `load` (issue 11).
// The message carries nothing: the content script answers only its own iframe's window, and
// posts the token to the extension's origin only (lib/messaging/sidebar-frame.ts).
if (window.top !== window) window.parent.postMessage({ type: READY_MESSAGE }, '*');

// A case in a tab of its own (#case=…) shows the Cases panel first: its code loads now, beside
// this module's first render, instead of after it.
if (location.hash.startsWith('#case=')) preloadPanels();

// Shown or hidden (the content script prepares the sidebar hidden before the analyst's click and
// says so after the token, and on every show and hide): only the content script's word counts,
// on the port it handed over with the token (lib/messaging/sidebar-frame.ts), from the parent
// window. A frame not told yet (undefined) counts as shown (a top-level page is).
let frameShown: boolean | undefined;
const shownSubs = new Set<(shown: boolean) => void>();
if (window.top !== window)
  window.addEventListener('message', (e: MessageEvent) => {
    const port = e.ports[0];
    if (e.source !== window.parent || (e.data as { type?: unknown } | null)?.type !== MOUNT_MESSAGE || !port) return;
    port.onmessage = (m: MessageEvent) => {
      const d = m.data as { type?: unknown; shown?: unknown } | null;
      if (d?.type !== VISIBILITY_MESSAGE || typeof d.shown !== 'boolean') return;
      const shownNow = d.shown && frameShown !== true;
      frameShown = d.shown;
      for (const cb of shownSubs) cb(d.shown);
      // Shown by the analyst's click (the first word after the token, or hidden → shown): the
      // keyboard lands here (Escape closes it again). The frame takes the focus itself: the top
      // frame's iframe.focus() on a loaded frame left it without keyboard and text input in about
      // one e2e run in two (lib/messaging/sidebar-frame.ts).
      if (shownNow) focusFrame();
    };
  });

/** Moves the focus into this frame: back where the analyst left it, or to the start of the sidebar. */
function focusFrame(): void {
  const last = document.activeElement;
  const target = last instanceof HTMLElement && last !== document.body ? last : document.getElementById('root');
  if (!target) return;
  if (target.id === 'root') target.tabIndex = -1;
  target.focus({ preventScroll: true });
}

/** What the first paint does not need: loaded after it (and on first use). */
const loadCaseWiring = () => import('./case-wiring');
const findingActions = deferred(() => import('./finding-actions').then((m) => m.default));
const FindingActions = findingActions.Component;

/** Every call waits for the gate; a refusal on the way back is shown, not swallowed. */
async function gated<T>(call: () => Promise<T>): Promise<T> {
  await gate.ready;
  const r = await call();
  const refused = refusalOf(r);
  if (refused) gate.refused(refused);
  return r;
}
const sendToBackground = (msg: ToBackground): Promise<unknown> => gated(() => sendUngated(msg));

const repo = remoteRepository({
  send: (req) => gated(() => browser.runtime.sendMessage(req)),
  listen: (cb) => {
    const l = (raw: unknown) => cb(raw);
    browser.runtime.onMessage.addListener(l);
    return () => browser.runtime.onMessage.removeListener(l);
  },
});

/** The sidebar, or the plain refusal when this frame may not act. */
function Gated() {
  const state = useSyncExternalStore(gate.subscribe, gate.state);
  if (state.status === 'refused') {
    return (
      <main className="sidebar-refused" role="alert">
        <h1>Token Triage</h1>
        <p>{state.error}</p>
      </main>
    );
  }
  return <App />;
}

function App() {
  const [view, setView] = useState<TabView>();
  const [analyst, setAnalystState] = useState('');
  useEffect(() => {
    void loadAnalystName().then(setAnalystState);
  }, []);
  const setAnalyst = useCallback((name: string) => {
    setAnalystState(name);
    // No raw secret at rest, even one pasted into the name field.
    void saveAnalystName(name);
  }, []);

  const [importState, setImportState] = useState<ImportState>({ status: 'idle' });
  const tabId = useRef<number | undefined>(undefined);
  const worker = useRef<Worker | undefined>(undefined);

  /** The tab's view; without the analysis' events unless `events` (TabView.eventsWithheld), then packed. */
  const getState = useCallback(async (events: boolean): Promise<TabView | undefined> => {
    const raw = await sendToBackground({
      type: 'get-state',
      ...(tabId.current !== undefined ? { tabId: tabId.current } : {}),
      ...(events ? { packed: true } : { events: false }),
    });
    const v = tabViewOf(raw);
    if (!v) return undefined;
    tabId.current = v.tabId;
    return v;
  }, []);

  // The events (most of a big page's view) only once a case needs them: opening one from the
  // page, or a page case shown (its refresh offer); then they follow every state change.
  const [full, setFull] = useState<AnalysisView>();
  const wantFull = useRef(false);
  const fetchFull = useCallback(async (): Promise<AnalysisView | undefined> => {
    wantFull.current = true;
    const v = await getState(true);
    if (v) setFull(v.analysis);
    return v?.analysis;
  }, [getState]);

  const onOpenCase = useCallback(
    async (subject: Pick<SubjectView, 'kind' | 'id'>, analysis: AnalysisView, source: CaseSource): Promise<string> => {
      // The page tab's view carries no events: a page case is opened from the full view.
      const from = source.kind === 'page' ? await fetchFull() : analysis;
      if (!from) throw new Error('the extension did not answer');
      if (!from.subjects.some((s) => s.kind === subject.kind && s.id === subject.id))
        throw new Error('the page changed meanwhile');
      const r = await repo.openCase({ analysis: from, subject, source, analyst: analystOrDefault(analyst) });
      return r.id;
    },
    [analyst, fetchFull],
  );

  // The case wiring's chunk (the playbook, the engine): loaded once the first view is painted.
  const [caseWiring, setCaseWiring] = useState<Awaited<ReturnType<typeof loadCaseWiring>>>();
  useEffect(() => {
    const t = setTimeout(() => {
      void loadCaseWiring().then(setCaseWiring, () => undefined);
      void findingActions.preload().catch(() => undefined);
    }, 0);
    return () => clearTimeout(t);
  }, []);

  // Offered only when the page shows something the case does not hold yet (it adds, never removes).
  const refreshFor = useCallback(
    (c: Case) => {
      if (!caseWiring || !view || c.snapshot.source.kind !== 'page') return undefined;
      if (!full) {
        if (!wantFull.current) setTimeout(() => void fetchFull(), 0); // offered once the events are in
        wantFull.current = true;
        return undefined;
      }
      return caseWiring.pageCaseRefresh({ ...view, analysis: full }, c, (id, analysis, source) =>
        repo.refreshSnapshot(id, analysis, source),
      );
    },
    [view, full, caseWiring, fetchFull],
  );

  const showEvent = useCallback((eventId: string, c: Case) => {
    void loadCaseWiring().then(({ caseEventRow }) => {
      const { frameId, rowId } = caseEventRow(eventId, c);
      if (tabId.current === undefined || frameId === undefined || rowId === undefined) return;
      void sendToBackground({ type: 'highlight', tabId: tabId.current, frameId, rowId });
    });
  }, []);

  const refresh = useCallback(async () => {
    const v = await getState(false);
    if (v) setView(v);
    if (wantFull.current) void fetchFull();
  }, [getState, fetchFull]);

  useEffect(() => {
    let live = true;
    // Hidden, the page's changes are fetched at most about once a second; shown, at once.
    const pacer = createRefreshPacer({
      refresh: () => void refresh(),
      now: () => performance.now(),
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      shown: frameShown ?? true,
    });
    const onShown = (shown: boolean) => pacer.setShown(shown);
    shownSubs.add(onShown);
    void currentTabId().then((id) => {
      if (!live) return;
      tabId.current = id;
      void refresh();
    });
    const listener = (raw: unknown) => {
      const m = parseStateChanged(raw);
      if (m && m.tabId === tabId.current) pacer.changed();
    };
    browser.runtime.onMessage.addListener(listener);
    return () => {
      live = false;
      shownSubs.delete(onShown);
      pacer.stop();
      browser.runtime.onMessage.removeListener(listener);
      worker.current?.terminate();
    };
  }, [refresh]);

  const onEvidence = useCallback((ev: EvidenceRef) => {
    if (tabId.current === undefined || ev.frameId === undefined || ev.rowId === undefined) return;
    void sendToBackground({ type: 'highlight', tabId: tabId.current, frameId: ev.frameId, rowId: ev.rowId });
  }, []);

  const startImport = useCallback((req: ImportRequest, name: string, total: number) => {
    worker.current?.terminate();
    const w = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    setImportState({ status: 'reading', name, read: 0, total });
    w.onmessage = (e: MessageEvent<ImportReply>) => {
      const m = e.data;
      if (m.type === 'progress') setImportState({ status: 'reading', name, read: m.read, total: m.total });
      else if (m.type === 'done') {
        setImportState({
          status: 'done',
          name: m.name,
          container: m.container,
          analysis: m.analysis,
          elapsedMs: m.elapsedMs,
        });
        w.terminate();
      } else {
        setImportState({ status: 'error', message: m.message });
        w.terminate();
      }
    };
    w.onerror = (e) => setImportState({ status: 'error', message: e.message || 'the import worker failed' });
    w.postMessage(req);
  }, []);

  // A panel on the console (not a tab of its own): the close button and Escape ask the top frame
  // to close it, as the badge's Sidebar button does (toggle-sidebar through the background).
  const framed = window.top !== window;
  const close = useCallback(() => void sendToBackground({ type: 'toggle-sidebar' }), []);
  useEffect(() => {
    if (!framed) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const el = document.activeElement;
      // The first Escape leaves a text field (a note is saved on blur), the next closes.
      if (
        el instanceof HTMLTextAreaElement ||
        el instanceof HTMLSelectElement ||
        (el instanceof HTMLInputElement && el.type !== 'checkbox' && el.type !== 'radio' && el.type !== 'button')
      ) {
        el.blur();
        return;
      }
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [framed, close]);

  const initialCaseId = (() => {
    const m = /^#case=(.+)$/.exec(location.hash);
    try {
      return m ? decodeURIComponent(m[1]!) : undefined;
    } catch {
      return undefined;
    }
  })();
  return (
    <StoreContext.Provider value={{ state: { status: 'open', repo }, analyst, setAnalyst }}>
      <Sidebar
        view={view}
        importState={importState}
        onEvidence={onEvidence}
        onFile={(file) => startImport({ type: 'file', file }, file.name, file.size)}
        onText={(text) => startImport({ type: 'text', text, name: 'pasted text' }, 'pasted text', text.length)}
        onOpenCase={onOpenCase}
        refreshFor={refreshFor}
        showEvent={showEvent}
        initialCaseId={initialCaseId}
        onClose={framed ? close : undefined}
        renderFindingActions={(f) => (
          <FindingActions
            finding={f}
            analyst={analystOrDefault(analyst)}
            send={(m) => gated(() => browser.runtime.sendMessage(m))}
          />
        )}
        // The static URL: getURL('/sidebar.html') is the per-session dynamic one (use_dynamic_url), which Chrome refuses to open in a tab.
        openCaseInTab={(id) =>
          void browser.tabs.create({ url: `${browser.runtime.getURL('/')}sidebar.html#case=${encodeURIComponent(id)}` })
        }
      />
    </StoreContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Gated />
  </StrictMode>,
);
