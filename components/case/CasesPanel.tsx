/**
 * The Cases tab: the analyst's name, every case (most recently updated first, with status and
 * verdict), the open case, and backup / restore of all cases and notes as one JSON file. A view
 * over the live store; the wiring (entrypoints/sidebar) provides the store and the page state.
 */
import { useMemo, useRef, useState } from 'react';
import { CASE_STATUS_TEXT, type Case, type CaseStatus } from '../../lib/model/case';
import { parseBackupText, type RestoreResult } from '../../lib/store/backup';
import type { CaseRepository } from '../../lib/store/repository';
import { analystOrDefault, useCase, useCases, useNotes, useStore } from './store-context';
import type { CaseActions, CaseRefresh } from './case-actions';
import { CaseView } from './CaseView';
import { NotesEditable } from './NoteField';
import { downloadText } from './CopyButton';

export interface CasesPanelProps {
  openId: string | undefined;
  onOpen(id: string | undefined): void;
  /** Offered when the current page's analysis covers the open case's subject. */
  refreshFor?: (c: Case) => CaseRefresh | undefined;
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
        <input
          value={analyst}
          onChange={(e) => setAnalyst(e.target.value)}
          placeholder="Your name (recorded on each step)"
          aria-label="Analyst name"
        />
      </label>
      {openId ? (
        <OpenCase
          repo={state.repo}
          id={openId}
          analyst={analystOrDefault(analyst)}
          onBack={() => onOpen(undefined)}
          refreshFor={refreshFor}
          showEvent={showEvent}
          openInTab={openInTab}
        />
      ) : (
        <CaseList repo={state.repo} onOpen={onOpen} />
      )}
    </div>
  );
}

function OpenCase({
  repo,
  id,
  analyst,
  onBack,
  refreshFor,
  showEvent,
  openInTab,
}: { repo: CaseRepository; id: string; analyst: string; onBack(): void } & Pick<
  CasesPanelProps,
  'refreshFor' | 'showEvent' | 'openInTab'
>) {
  const live = useCase(repo, id);
  const notes = useNotes(repo, id);
  const [actionError, setActionError] = useState<string>();
  // The last case read: kept on screen when a later read fails or the case is deleted elsewhere,
  // so the notes fields (and any text not yet saved in them) never vanish under the analyst.
  const lastGood = useRef<Case | undefined>(undefined);
  if (live.value) lastGood.current = live.value;
  const c = live.value ?? lastGood.current;
  const actions = useMemo<CaseActions | undefined>(() => {
    if (!c) return undefined;
    // Every change reports its failure on the case, never silently.
    const report =
      <A extends unknown[]>(fn: (...args: A) => Promise<unknown>) =>
      async (...args: A) => {
        try {
          const r = await fn(...args);
          setActionError(undefined);
          return r;
        } catch (e) {
          setActionError(e instanceof Error ? e.message : String(e));
          throw e;
        }
      };
    return {
      setAnswer: report((q: string, answer: 'yes' | 'no' | 'unknown', confirmed: boolean) =>
        repo.setAnswer(id, q, { answer, confirmed }, analyst),
      ),
      clearAnswer: report((q: string) => repo.clearAnswer(id, q)),
      setChecklist: report((item: string, st: 'done' | 'not-applicable' | undefined) =>
        repo.setChecklist(id, item, st ? { state: st, by: analyst } : undefined),
      ),
      setDecision: report(async (choice: 'escalate' | 'do-not-escalate' | undefined) => {
        await repo.setDecision(id, choice ? { choice, by: analyst } : undefined);
        if (choice === 'escalate' && c.status === 'open') await repo.setStatus(id, 'escalated', analyst);
      }),
      setStatus: report((st: CaseStatus) => repo.setStatus(id, st, analyst)),
      // a note's failure shows on the note itself (NoteSaver keeps the text and retries)
      saveNote: (step, text) => repo.saveNote(id, step, text, analyst),
      showEvent: showEvent ? (eventId) => showEvent(eventId, c) : undefined,
    };
  }, [repo, id, analyst, c, showEvent]);
  if (!c || !actions) {
    if (!live.loaded) return <p className="status">Loading the case…</p>;
    return (
      <div>
        <p className="error">
          {live.error
            ? `The case could not be read: ${live.error}`
            : live.problems.length
              ? `This case could not be read: ${live.problems.map((p) => p.reason).join('; ')}. It is kept as it is; a backup includes it.`
              : 'This case no longer exists (it was deleted, perhaps in another tab).'}
        </p>
        <button type="button" onClick={onBack}>
          ← All cases
        </button>
      </div>
    );
  }
  if (!notes.loaded) return <p className="status">Loading the notes…</p>;
  const gone = live.loaded && !live.value && !live.error;
  const refresh = gone ? undefined : refreshFor?.(c);
  const notesBlocked =
    notes.error ?? (notes.problems.length ? notes.problems.map((p) => p.reason).join('; ') : undefined);
  return (
    <>
      {live.error && (
        <p className="error banner">
          The case could not be read again ({live.error}); what you see is the last version read.
        </p>
      )}
      {gone && (
        <p className="error banner">
          This case was deleted, perhaps in another tab. Anything you type here is not saved: copy what you need.
        </p>
      )}
      {notesBlocked && (
        <p className="error banner">
          The notes could not be read ({notesBlocked}); they are read-only until they can be, so nothing stored is
          overwritten.
        </p>
      )}
      {actionError && (
        <p className="error banner" role="alert">
          The last change was not saved: {actionError}
        </p>
      )}
      <NotesEditable.Provider value={!notesBlocked}>
        <CaseView
          key={c.id}
          c={c}
          notes={notes.value}
          actions={actions}
          onBack={onBack}
          onRefresh={
            refresh && {
              adds: refresh.adds,
              run: () =>
                refresh.run().catch((e: unknown) => setActionError(e instanceof Error ? e.message : String(e))),
            }
          }
          onDelete={() =>
            void repo
              .deleteCase(id)
              .then(onBack, (e: unknown) => setActionError(e instanceof Error ? e.message : String(e)))
          }
          onOpenInTab={openInTab ? () => openInTab(id) : undefined}
        />
      </NotesEditable.Provider>
    </>
  );
}

function CaseList({ repo, onOpen }: { repo: CaseRepository; onOpen(id: string): void }) {
  const cases = useCases(repo);
  const [filter, setFilter] = useState<CaseStatus | 'all' | 'active'>('active');
  const [restore, setRestore] = useState<{ result?: RestoreResult; error?: string }>();
  const fileInput = useRef<HTMLInputElement>(null);
  const shown = cases.value.filter(
    (c) => filter === 'all' || (filter === 'active' ? c.status !== 'closed' : c.status === filter),
  );

  const onRestore = async (file: File) => {
    const parsed = parseBackupText(await file.text());
    if (!parsed.ok) return setRestore({ error: `Nothing was restored: ${parsed.reason}` });
    try {
      setRestore({ result: await repo.restoreBackup(parsed.value) });
    } catch (e) {
      setRestore({ error: `Nothing was restored: ${e instanceof Error ? e.message : String(e)}` });
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
          {cases.problems.length} stored case{cases.problems.length === 1 ? '' : 's'} could not be read (
          {cases.problems.map((p) => p.reason).join('; ')}); they are kept and included in a backup.
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
                {CASE_STATUS_TEXT[c.status]} · verdict {c.snapshot.verdict} · updated{' '}
                {new Date(c.updatedAt).toISOString()}
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
            void repo.exportBackup().then(
              (b) =>
                downloadText(
                  `${JSON.stringify(b, null, 2)}\n`,
                  `token-triage-backup_${new Date().toISOString().slice(0, 10)}.json`,
                  'application/json',
                ),
              (e: unknown) =>
                setRestore({ error: `The backup could not be made: ${e instanceof Error ? e.message : String(e)}` }),
            )
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
            // Restoring merges (the newer of each case and note wins) and deletes nothing; still ask.
            if (
              f &&
              window.confirm(
                `Restore the cases and notes in ${f.name}? Newer versions in the file replace older ones here; nothing is deleted.`,
              )
            )
              void onRestore(f);
          }}
        />
        {restore?.error && <p className="error">{restore.error}</p>}
        {restore?.result && (
          <div className="status">
            <p>
              Restored: {restore.result.added} added, {restore.result.updated} updated (newer in the file),{' '}
              {restore.result.unchanged} kept as they were (same or newer here).
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
