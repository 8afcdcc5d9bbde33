/**
 * The Cases tab: the analyst's name, every case (most recently updated first, with status and
 * verdict), the open case, and backup / restore of all cases and notes as one JSON file. A view
 * over the live store; the wiring (entrypoints/sidebar) provides the store and the page state.
 */
import { useMemo, useRef, useState } from 'react';
import { CASE_STATUS_TEXT, type Case, type CaseStatus } from '../../lib/model/case';
import { parseBackupText, type RestoreResult } from '../../lib/store';
import type { CaseRepository } from '../../lib/store/repository';
import { analystOrDefault, useCase, useCases, useNotes, useStore } from './store-context';
import type { CaseActions } from './case-actions';
import { CaseView } from './CaseView';
import { downloadText } from './CopyButton';

export interface CasesPanelProps {
  openId: string | undefined;
  onOpen(id: string | undefined): void;
  /** Offered when the current page's analysis covers the open case's subject. */
  refreshFor?: (c: Case) => (() => void) | undefined;
  showEvent?: (eventId: string, c: Case) => void;
  openInTab?: (caseId: string) => void;
}

export function CasesPanel({ openId, onOpen, refreshFor, showEvent, openInTab }: CasesPanelProps) {
  const { state, analyst, setAnalyst } = useStore();
  if (state.status === 'opening') return <p className="status">Opening the case store…</p>;
  if (state.status === 'error') return <p className="error">{state.message}</p>;
  return (
    <div className="cases">
      <label className="analyst">
        Analyst{' '}
        <input value={analyst} onChange={(e) => setAnalyst(e.target.value)} placeholder="Your name (recorded on each step)" aria-label="Analyst name" />
      </label>
      {openId ? (
        <OpenCase repo={state.repo} id={openId} analyst={analystOrDefault(analyst)} onBack={() => onOpen(undefined)} refreshFor={refreshFor} showEvent={showEvent} openInTab={openInTab} />
      ) : (
        <CaseList repo={state.repo} onOpen={onOpen} />
      )}
    </div>
  );
}

function OpenCase({ repo, id, analyst, onBack, refreshFor, showEvent, openInTab }: { repo: CaseRepository; id: string; analyst: string; onBack(): void } & Pick<CasesPanelProps, 'refreshFor' | 'showEvent' | 'openInTab'>) {
  const live = useCase(repo, id);
  const notes = useNotes(repo, id);
  const c = live.value;
  const actions = useMemo<CaseActions | undefined>(() => {
    if (!c) return undefined;
    return {
      setAnswer: (q, answer, confirmed) => repo.setAnswer(id, q, { answer, confirmed }, analyst),
      clearAnswer: (q) => repo.clearAnswer(id, q),
      setChecklist: (item, st) => repo.setChecklist(id, item, st ? { state: st, by: analyst } : undefined),
      setDecision: async (choice) => {
        await repo.setDecision(id, choice ? { choice, by: analyst } : undefined);
        if (choice === 'escalate' && c.status === 'open') await repo.setStatus(id, 'escalated', analyst);
      },
      setStatus: (st: CaseStatus) => repo.setStatus(id, st, analyst),
      saveNote: (step, text) => repo.saveNote(id, step, text, analyst),
      showEvent: showEvent ? (eventId) => showEvent(eventId, c) : undefined,
    };
  }, [repo, id, analyst, c, showEvent]);
  if (live.error) return <p className="error">The case could not be read: {live.error}</p>;
  if (!live.loaded) return <p className="status">Loading the case…</p>;
  if (!c || !actions) {
    return (
      <div>
        <p className="error">
          {live.problems.length ? `This case could not be read: ${live.problems.map((p) => p.reason).join('; ')}. It is kept as it is; a backup includes it.` : 'This case no longer exists (it was deleted, perhaps in another tab).'}
        </p>
        <button type="button" onClick={onBack}>
          ← All cases
        </button>
      </div>
    );
  }
  return (
    <CaseView
      c={c}
      notes={notes.value}
      actions={actions}
      onBack={onBack}
      onRefresh={refreshFor?.(c)}
      onDelete={() => void repo.deleteCase(id).then(onBack)}
      onOpenInTab={openInTab ? () => openInTab(id) : undefined}
    />
  );
}

function CaseList({ repo, onOpen }: { repo: CaseRepository; onOpen(id: string): void }) {
  const cases = useCases(repo);
  const [filter, setFilter] = useState<CaseStatus | 'all' | 'active'>('active');
  const [restore, setRestore] = useState<{ result?: RestoreResult; error?: string }>();
  const fileInput = useRef<HTMLInputElement>(null);
  const shown = cases.value.filter((c) => filter === 'all' || (filter === 'active' ? c.status !== 'closed' : c.status === filter));

  const onRestore = async (file: File) => {
    const parsed = parseBackupText(await file.text());
    if (!parsed.ok) return setRestore({ error: parsed.reason });
    try {
      setRestore({ result: await repo.restoreBackup(parsed.value) });
    } catch (e) {
      setRestore({ error: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <div className="case-list">
      <div className="case-filter">
        <label>
          Show{' '}
          <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)} aria-label="Which cases">
            <option value="active">Not closed</option>
            <option value="all">All</option>
            {Object.entries(CASE_STATUS_TEXT).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </div>
      {cases.error && <p className="error">The cases could not be read: {cases.error}</p>}
      {cases.problems.length > 0 && (
        <p className="error">
          {cases.problems.length} stored case{cases.problems.length === 1 ? '' : 's'} could not be read ({cases.problems.map((p) => p.reason).join('; ')}); they are kept and included in a backup.
        </p>
      )}
      {cases.loaded && shown.length === 0 ? (
        <p className="status">No cases yet. Open one from an identity or token on the “This page” or “Import” tab.</p>
      ) : (
        <ul className="cases-list">
          {shown.map((c) => (
            <li key={c.id} className={`case-item status-${c.status}`}>
              <button type="button" className="link" onClick={() => onOpen(c.id)}>
                {c.title}
              </button>
              <span className="case-item-meta">
                {' '}
                {CASE_STATUS_TEXT[c.status]} · verdict {c.snapshot.verdict} · updated {new Date(c.updatedAt).toISOString()}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="backup">
        <h4>Backup</h4>
        <button
          type="button"
          onClick={() =>
            void repo.exportBackup().then((b) => downloadText(`${JSON.stringify(b, null, 2)}\n`, `token-triage-backup_${new Date().toISOString().slice(0, 10)}.json`, 'application/json'))
          }
        >
          Back up all cases and notes
        </button>{' '}
        <button type="button" onClick={() => fileInput.current?.click()}>
          Restore from a backup…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void onRestore(f);
          }}
        />
        {restore?.error && <p className="error">Nothing was restored: {restore.error}</p>}
        {restore?.result && (
          <div className="status">
            <p>
              Restored: {restore.result.added} added, {restore.result.updated} updated (newer in the file), {restore.result.unchanged} kept as they were (same or newer here).
            </p>
            {restore.result.rejected.length > 0 && (
              <ul>
                {restore.result.rejected.slice(0, 20).map((r, i) => (
                  <li key={i}>
                    Not restored: {r.what}: {r.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
