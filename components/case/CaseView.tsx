/**
 * One case: its header (subject, status, analyst, the verdict when opened), the playbook walked
 * in its order (header rows, Questions for Analysis, L1 steps, Decision for Escalation, T2
 * actions, Containment and Further Analysis), a case-wide note, the findings, and the export.
 * A view over the case and its notes; every change goes through CaseActions.
 */
import { useCallback, useMemo } from 'react';
import { CASE_STATUSES, CASE_STATUS_TEXT, GENERAL_NOTE, type Case, type Note } from '../../lib/model/case';
import { containmentPlan } from '../../lib/playbook/containment';
import type { CaseExportInput } from '../../lib/export/case-document';
import type { CaseActions, CaseRefresh } from './case-actions';
import { ContainmentSection } from './ContainmentSection';
import { DecisionSection } from './DecisionSection';
import { ExportPanel } from './ExportPanel';
import { L1Section } from './L1Section';
import { NoteField } from './NoteField';
import { PlaybookHeader } from './PlaybookHeader';
import { QuestionsSection } from './QuestionsSection';
import { T2Section } from './T2Section';

export interface CaseViewProps {
  c: Case;
  notes: Readonly<Record<string, Note>>;
  actions: CaseActions;
  onBack(): void;
  /** Set when the page shows more about the subject than the case holds. */
  onRefresh?: CaseRefresh;
  onDelete(): void;
  /** Opens this case in a browser tab of its own (more room than the sidebar). */
  onOpenInTab?: () => void;
  /** The clock for the export's time (tests fix it). */
  now?: () => number;
}

export function CaseView({ c, notes, actions, onBack, onRefresh, onDelete, onOpenInTab, now = Date.now }: CaseViewProps) {
  const plan = useMemo(() => containmentPlan(c), [c]);
  const state = { c, notes, actions };
  const exportInput = useCallback(
    (): CaseExportInput => ({ case: c, notes: Object.values(notes), containment: plan.flatMap((p) => p.actions), exportedAt: now() }),
    [c, notes, plan, now],
  );
  const s = c.snapshot;
  return (
    <article className="case" aria-labelledby="case-title">
      <div className="case-nav">
        <button type="button" className="link back" onClick={onBack}>
          ← All cases
        </button>
        {onOpenInTab && (
          <button type="button" className="link" onClick={onOpenInTab}>
            Open in a new tab ↗
          </button>
        )}
      </div>
      <h3 id="case-title" className="case-title">
        {c.title}
      </h3>
      <div className="case-meta">
        <label>
          Status{' '}
          <select value={c.status} onChange={(e) => void actions.setStatus(e.target.value as Case['status'])} aria-label="Case status">
            {CASE_STATUSES.map((st) => (
              <option key={st} value={st}>
                {CASE_STATUS_TEXT[st]}
              </option>
            ))}
          </select>
        </label>
        <p>
          Opened by {c.analyst} at {new Date(c.createdAt).toISOString()} from {s.source.kind === 'page' ? 'the page' : 'the file'}{' '}
          <code>{s.source.label}</code>
        </p>
        <p className={`case-verdict verdict-text-${s.verdict}`}>
          Verdict when opened: <strong>{s.verdict}</strong> · {s.findings.length} finding{s.findings.length === 1 ? '' : 's'} · {s.events.length} event
          {s.events.length === 1 ? '' : 's'}
          {s.eventsOmitted > 0 ? ` (${s.eventsOmitted} more not kept)` : ''} · analysis of {new Date(s.takenAt).toISOString()}
        </p>
        {onRefresh && (
          <button type="button" onClick={() => void onRefresh.run()}>
            Add what this page shows: {onRefresh.adds.events} new event{onRefresh.adds.events === 1 ? '' : 's'}, {onRefresh.adds.findings} new finding
            {onRefresh.adds.findings === 1 ? '' : 's'} (nothing in the case is removed)
          </button>
        )}
      </div>

      <PlaybookHeader {...state} />
      <QuestionsSection {...state} />
      <L1Section {...state} />
      <DecisionSection {...state} />
      <T2Section {...state} />
      <ContainmentSection {...state} plan={plan} />

      <section className="playbook-section" aria-labelledby="sec-general">
        <h4 id="sec-general">Case notes</h4>
        <NoteField note={notes[GENERAL_NOTE]} save={(t) => actions.saveNote(GENERAL_NOTE, t)} label="Anything else for the ticket" rows={3} />
      </section>

      {s.findings.length > 0 && (
        <section className="playbook-section" aria-labelledby="sec-findings">
          <h4 id="sec-findings">Findings when opened</h4>
          <ol className="findings">
            {s.findings.map((f, i) => (
              <li key={i} className={`finding severity-${f.severity}`}>
                <span className="severity">{f.severity}</span> <strong>{f.title}</strong>
                <p className="detail">{f.detail}</p>
              </li>
            ))}
          </ol>
        </section>
      )}

      <ExportPanel input={exportInput} />

      <p className="danger-zone">
        <button
          type="button"
          className="link danger"
          onClick={() => {
            if (window.confirm(`Delete this case and all its notes? This cannot be undone; export or back up first if you need them.`)) onDelete();
          }}
        >
          Delete this case
        </button>
      </p>
    </article>
  );
}
