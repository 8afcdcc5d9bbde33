/**
 * The sidebar: the tab's page analysis, the cases (the playbook walked per identity or token),
 * and the Import panel. A view over state only: opening a case and reaching the store are the
 * wiring's (entrypoints/sidebar), passed in.
 *
 * The first paint needs only the page tab (issue 11: open within 100 ms on a 2,000-row page):
 * the Cases and Import panels (the playbook, the engine, the parsers) are separate chunks,
 * loaded when their tab is shown, or once the page tab is on screen (`preloadPanels`).
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { AnalysisView, EvidenceRef, FindingView, SubjectView } from '../lib/analysis/analyse';
import type { PageInfo, TabView } from '../lib/messaging/tab-state';
import type { Case } from '../lib/model/case';
import { AnalysisPanel } from './AnalysisPanel';
import type { CaseRefresh } from './case/case-actions';
import type { ImportState } from './ImportPanel';
import { PagesStatus } from './PagesStatus';
import { deferred } from './deferred';

const loading = (
  <p className="status loading" role="status">
    Loading…
  </p>
);
const Cases = deferred(() => import('./case/CasesPanel').then((m) => m.CasesPanel), loading);
const Import = deferred(() => import('./ImportPanel').then((m) => m.ImportPanel), loading);
const CasesPanel = Cases.Component;
const ImportPanel = Import.Component;

/** Starts loading the Cases and Import panels' code (once). */
export function preloadPanels(): void {
  void Cases.preload().catch(() => undefined);
  void Import.preload().catch(() => undefined);
}

export type CaseSource = { kind: 'page' | 'import'; label: string };

export interface SidebarProps {
  view: TabView | undefined;
  importState: ImportState;
  onEvidence(ev: EvidenceRef): void;
  onFile(file: File): void;
  onText(text: string): void;
  /** Opens (or finds the open) case for a subject; resolves with its id. Absent: no case store. */
  onOpenCase?: (
    subject: Pick<SubjectView, 'kind' | 'id'>,
    analysis: AnalysisView,
    source: CaseSource,
  ) => Promise<string>;
  refreshFor?: (c: Case) => CaseRefresh | undefined;
  showEvent?: (eventId: string, c: Case) => void;
  openCaseInTab?: (caseId: string) => void;
  /** The case to show first (a sidebar opened in its own tab with #case=<id>). */
  initialCaseId?: string;
  /** Extra controls in an expanded finding (passed to AnalysisPanel). */
  renderFindingActions?: (f: FindingView) => ReactNode;
  /** Set when the sidebar is a panel on the console: a close button (Escape does the same, in the wiring). */
  onClose?: () => void;
}

type Tab = 'page' | 'cases' | 'import';
const TABS: readonly [Tab, string][] = [
  ['page', 'This page'],
  ['cases', 'Cases'],
  ['import', 'Import'],
];

/** "211 of 211 rows read", and "partial view" when a read view hides columns the verdict needs. */
export function Coverage({ pages, analysis }: { pages: readonly PageInfo[]; analysis: AnalysisView }) {
  const { parsed, records } = analysis.stats;
  const partial = pages.some((p) => p.recognized && p.partial);
  if (!records) return null;
  return (
    <p className="coverage-line">
      {parsed} of {records} row{records === 1 ? '' : 's'} read
      {partial && (
        <>
          {' · '}
          <span className="chip partial">partial view</span>
        </>
      )}
    </p>
  );
}

export function Sidebar({
  view,
  importState,
  onEvidence,
  onFile,
  onText,
  onOpenCase,
  refreshFor,
  showEvent,
  openCaseInTab,
  initialCaseId,
  renderFindingActions,
  onClose,
}: SidebarProps) {
  const [tab, setTab] = useState<Tab>(initialCaseId ? 'cases' : 'page');
  const [caseId, setCaseId] = useState<string | undefined>(initialCaseId);
  const [openError, setOpenError] = useState<string>();
  const [opening, setOpening] = useState(false);
  const open = onOpenCase
    ? (subject: Pick<SubjectView, 'kind' | 'id'>, analysis: AnalysisView, source: CaseSource) => {
        if (opening) return; // a double click opens one case
        setOpening(true);
        setOpenError(undefined);
        onOpenCase(subject, analysis, source)
          .then(
            (id) => {
              setCaseId(id);
              setTab('cases');
            },
            (e: unknown) => setOpenError(e instanceof Error ? e.message : String(e)),
          )
          .finally(() => setOpening(false));
      }
    : undefined;
  const pageUrl = view?.pages.find((p) => p.recognized)?.url ?? view?.pages[0]?.url ?? 'this page';
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  // Once the first view is painted, the other tabs' code loads in the background: a click on
  // "Open a case" or a tab then finds it there, with no fallback in between.
  useEffect(() => {
    const t = setTimeout(preloadPanels, 0);
    return () => clearTimeout(t);
  }, []);
  // The tabs pattern: one tab in the tab order, arrows (and Home/End) move between them.
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex(([id]) => id === tab);
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i + TABS.length - 1) % TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    const next = TABS[to]![0];
    setTab(next);
    tabRefs.current[next]?.focus();
  };
  return (
    <div className="sidebar">
      <header className="app-header">
        <h1>Token Triage</h1>
        <div role="tablist" aria-label="Sidebar views" onKeyDown={onTabKey}>
          {TABS.map(([id, label]) => (
            <button
              key={id}
              ref={(el) => {
                tabRefs.current[id] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-controls={`panel-${id}`}
              aria-selected={tab === id}
              tabIndex={tab === id ? 0 : -1}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
        {onClose && (
          <button
            type="button"
            className="close icon"
            onClick={onClose}
            aria-label="Close the sidebar (Escape)"
            title="Close (Escape)"
          >
            <span aria-hidden="true">×</span>
          </button>
        )}
      </header>
      {openError && (
        <p className="error" role="alert">
          The case could not be opened: {openError}. Try again; if it keeps failing, reload the console page.
        </p>
      )}
      {opening && (
        <p className="status" role="status">
          Opening the case…
        </p>
      )}
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'page' &&
          (view ? (
            <>
              <PagesStatus pages={view.pages} selectionRecords={view.selectionRecords} />
              {view.network === 'loading' && (
                <p className="status">Loading the IP network data (ASN, country, hosting)…</p>
              )}
              {view.network === 'unavailable' && (
                <p className="not-read">
                  The IP network data could not be loaded: sources are judged on what the logs themselves say.
                </p>
              )}
              {(view.analysis.stats.records > 0 || view.selectionRecords > 0) && (
                <AnalysisPanel
                  analysis={view.analysis}
                  onEvidence={onEvidence}
                  onOpenCase={open ? (s) => open(s, view.analysis, { kind: 'page', label: pageUrl }) : undefined}
                  coverage={<Coverage pages={view.pages} analysis={view.analysis} />}
                  renderFindingActions={renderFindingActions}
                />
              )}
            </>
          ) : (
            <p className="status loading" role="status">
              Connecting to the page… If this stays, reload the console page (the extension may have been updated since
              it loaded).
            </p>
          ))}
        {tab === 'cases' && (
          <CasesPanel
            openId={caseId}
            onOpen={setCaseId}
            refreshFor={refreshFor}
            showEvent={showEvent}
            openInTab={openCaseInTab}
          />
        )}
        {tab === 'import' && (
          <ImportPanel
            state={importState}
            onFile={onFile}
            onText={onText}
            onOpenCase={open ? (s, analysis, name) => open(s, analysis, { kind: 'import', label: name }) : undefined}
            renderFindingActions={renderFindingActions}
          />
        )}
      </div>
    </div>
  );
}
