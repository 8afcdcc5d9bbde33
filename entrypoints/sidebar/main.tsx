/**
 * The sidebar page (unlisted, shown in an iframe on the console by the top-frame content
 * scripts, lib/messaging/top-frame.ts). Wiring: asks the background for its tab's state,
 * refreshes on `state-changed`, sends evidence clicks back to the page, and runs Import in a
 * Web Worker.
 */
import { StrictMode, useCallback, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { Sidebar } from '../../components/Sidebar';
import type { ImportState } from '../../components/ImportPanel';
import type { TabView } from '../../lib/messaging/tab-state';
import type { EvidenceRef } from '../../lib/messaging/analysis';
import type { ImportReply, ImportRequest } from '../../lib/messaging/import-file';
import { parseStateChanged } from '../../lib/messaging/protocol';
import { sendToBackground } from '../../lib/messaging/channel';
import './style.css';

async function currentTabId(): Promise<number | undefined> {
  try {
    return (await browser.tabs.getCurrent())?.id;
  } catch {
    return undefined;
  }
}

function App() {
  const [view, setView] = useState<TabView>();
  const [importState, setImportState] = useState<ImportState>({ status: 'idle' });
  const tabId = useRef<number | undefined>(undefined);
  const worker = useRef<Worker | undefined>(undefined);

  const refresh = useCallback(async () => {
    const v = (await sendToBackground({ type: 'get-state', ...(tabId.current !== undefined ? { tabId: tabId.current } : {}) })) as TabView | null | undefined;
    if (v && typeof v === 'object' && typeof v.tabId === 'number') {
      tabId.current = v.tabId;
      setView(v);
    }
  }, []);

  useEffect(() => {
    let live = true;
    void currentTabId().then((id) => {
      if (!live) return;
      tabId.current = id;
      void refresh();
    });
    const listener = (raw: unknown) => {
      const m = parseStateChanged(raw);
      if (m && m.tabId === tabId.current) void refresh();
    };
    browser.runtime.onMessage.addListener(listener);
    return () => {
      live = false;
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
        setImportState({ status: 'done', name: m.name, container: m.container, analysis: m.analysis });
        w.terminate();
      } else {
        setImportState({ status: 'error', message: m.message });
        w.terminate();
      }
    };
    w.onerror = (e) => setImportState({ status: 'error', message: e.message || 'the import worker failed' });
    w.postMessage(req);
  }, []);

  return (
    <Sidebar
      view={view}
      importState={importState}
      onEvidence={onEvidence}
      onFile={(file) => startImport({ type: 'file', file }, file.name, file.size)}
      onText={(text) => startImport({ type: 'text', text, name: 'pasted text' }, 'pasted text', text.length)}
    />
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
