/** The sidebar: the tab's page analysis and the Import panel. A view over state only. */
import { useState } from 'react';
import type { EvidenceRef } from '../lib/messaging/analysis';
import type { TabView } from '../lib/messaging/tab-state';
import { AnalysisPanel } from './AnalysisPanel';
import { ImportPanel, type ImportState } from './ImportPanel';
import { PagesStatus } from './PagesStatus';

export interface SidebarProps {
  view: TabView | undefined;
  importState: ImportState;
  onEvidence(ev: EvidenceRef): void;
  onFile(file: File): void;
  onText(text: string): void;
}

export function Sidebar({ view, importState, onEvidence, onFile, onText }: SidebarProps) {
  const [tab, setTab] = useState<'page' | 'import'>('page');
  return (
    <div className="sidebar">
      <header>
        <h1>Token Triage</h1>
        <nav role="tablist">
          <button type="button" role="tab" aria-selected={tab === 'page'} onClick={() => setTab('page')}>
            This page
          </button>
          <button type="button" role="tab" aria-selected={tab === 'import'} onClick={() => setTab('import')}>
            Import
          </button>
        </nav>
      </header>
      {tab === 'page' ? (
        view ? (
          <>
            <PagesStatus pages={view.pages} selectionRecords={view.selectionRecords} />
            <AnalysisPanel analysis={view.analysis} onEvidence={onEvidence} />
          </>
        ) : (
          <p className="status">Connecting to the page…</p>
        )
      ) : (
        <ImportPanel state={importState} onFile={onFile} onText={onText} />
      )}
    </div>
  );
}
