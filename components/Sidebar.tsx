/**
 * The sidebar: the tab's page analysis, the cases (the playbook walked per identity or token),
 * and the Import panel. A view over state only: opening a case and reaching the store are the
 * wiring's (entrypoints/sidebar), passed in.
 */
import { useState } from 'react';
import type { AnalysisView, EvidenceRef, SubjectView } from '../lib/messaging/analysis';
import type { TabView } from '../lib/messaging/tab-state';
import type { Case } from '../lib/model/case';
import { AnalysisPanel } from './AnalysisPanel';
import { CasesPanel } from './case/CasesPanel';
import type { CaseRefresh } from './case/case-actions';
import { ImportPanel, type ImportState } from './ImportPanel';
import { PagesStatus } from './PagesStatus';

export type CaseSource = { kind: 'page' | 'import'; label: string };

export interface SidebarProps {
  view: TabView | undefined;
  importState: ImportState;
  onEvidence(ev: EvidenceRef): void;
  onFile(file: File): void;
  onText(text: string): void;
  /** Opens (or finds the open) case for a subject; resolves with its id. Absent: no case store. */
  onOpenCase?: (subject: Pick<SubjectView, 'kind' | 'id'>, analysis: AnalysisView, source: CaseSource) => Promise<string>;
  refreshFor?: (c: Case) => CaseRefresh | undefined;
  showEvent?: (eventId: string, c: Case) => void;
  openCaseInTab?: (caseId: string) => void;
  /** The case to show first (a sidebar opened in its own tab with #case=<id>). */
  initialCaseId?: string;
}

type Tab = 'page' | 'cases' | 'import';

export function Sidebar({ view, importState, onEvidence, onFile, onText, onOpenCase, refreshFor, showEvent, openCaseInTab, initialCaseId }: SidebarProps) {
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
  const tabButton = (id: Tab, label: string) => (
    <button type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
      {label}
    </button>
  );
  return (
    <div className="sidebar">
      <header>
        <h1>Token Triage</h1>
        <nav role="tablist">
          {tabButton('page', 'This page')}
          {tabButton('cases', 'Cases')}
          {tabButton('import', 'Import')}
        </nav>
      </header>
      {openError && <p className="error">The case could not be opened: {openError}</p>}
      {tab === 'page' &&
        (view ? (
          <>
            <PagesStatus pages={view.pages} selectionRecords={view.selectionRecords} />
            {view.network === 'loading' && <p className="status">Loading the IP network data (ASN, country, hosting)…</p>}
            {view.network === 'unavailable' && (
              <p className="not-read">The IP network data could not be loaded: sources are judged on what the logs themselves say.</p>
            )}
            <AnalysisPanel
              analysis={view.analysis}
              onEvidence={onEvidence}
              onOpenCase={open ? (s) => open(s, view.analysis, { kind: 'page', label: pageUrl }) : undefined}
            />
          </>
        ) : (
          <p className="status">Connecting to the page…</p>
        ))}
      {tab === 'cases' && <CasesPanel openId={caseId} onOpen={setCaseId} refreshFor={refreshFor} showEvent={showEvent} openInTab={openCaseInTab} />}
      {tab === 'import' && (
        <ImportPanel
          state={importState}
          onFile={onFile}
          onText={onText}
          onOpenCase={open ? (s, analysis, name) => open(s, analysis, { kind: 'import', label: name }) : undefined}
        />
      )}
    </div>
  );
}
