/**
 * Where the analyst is in a case: each playbook section folds under its heading (a real button
 * with aria-expanded), and a table of contents says how far the case is (questions answered,
 * steps done, n of m) and reaches any section, the decision and containment in one click (the
 * section opens, scrolls into view and takes the focus). The open/closed state lives in the case
 * view (CaseSectionsContext); a folded section stays mounted (hidden), so a note being typed is
 * never lost by folding.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Case } from '../../lib/model/case';
import { T1550_001 } from '../../lib/playbook/t1550-001';

export interface CaseSectionsState {
  isOpen(id: string): boolean;
  toggle(id: string): void;
  /** Opens the section, scrolls to it and focuses its heading button. */
  reach(id: string): void;
}

export const CaseSectionsContext = createContext<CaseSectionsState>({
  isOpen: () => true,
  toggle: () => undefined,
  reach: () => undefined,
});

/** The sections of a case, in the playbook's order: [id, title]. */
export const CASE_SECTIONS: readonly (readonly [string, string])[] = [
  ['sec-playbook', 'Playbook'],
  ['sec-questions', 'Questions for Analysis'],
  ['sec-l1', 'Additional Analysis Steps for L1'],
  ['sec-decision', 'Decision for Escalation'],
  ['sec-t2', 'T2 Analyst Actions'],
  ['sec-containment', 'Containment and Further Analysis'],
  ['sec-general', 'Case notes'],
  ['sec-findings', 'Findings when opened'],
  ['sec-events', 'Events'],
];

export function PlaybookSection({
  id,
  title,
  className,
  children,
}: {
  id: string;
  title: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const { isOpen, toggle } = useContext(CaseSectionsContext);
  const open = isOpen(id);
  return (
    <section
      className={className ? `playbook-section ${className}` : 'playbook-section'}
      aria-labelledby={id}
      data-section={id}
    >
      <h4 className="section-head">
        <button
          type="button"
          id={id}
          className="section-toggle"
          aria-expanded={open}
          aria-controls={`${id}-body`}
          onClick={() => toggle(id)}
        >
          <span className="caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {title}
        </button>
      </h4>
      <div id={`${id}-body`} className="section-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}

/** Questions answered and playbook steps done (or marked not applicable), n of m. */
export function caseProgress(c: Case): {
  answered: number;
  questions: number;
  done: number;
  steps: number;
  decided: boolean;
} {
  const p = T1550_001;
  const steps = [...p.logSources, ...p.keyIndicators, ...p.l1Steps, ...p.t2Actions, ...p.containment].map((s) => s.id);
  return {
    answered: p.questions.filter((q) => c.answers[q.id] !== undefined).length,
    questions: p.questions.length,
    done: steps.filter((id) => c.checklist[id] !== undefined).length,
    steps: steps.length,
    decided: c.decision !== undefined,
  };
}

export function CaseToc({ c, present }: { c: Case; present: ReadonlySet<string> }) {
  const { reach } = useContext(CaseSectionsContext);
  const pr = caseProgress(c);
  return (
    <nav className="case-toc" aria-label="Case contents">
      <div className="progress-row">
        <span className="progress-item">
          <span className="progress-label">Questions answered</span>{' '}
          <strong>
            {pr.answered} of {pr.questions}
          </strong>
          <progress
            value={pr.answered}
            max={pr.questions}
            aria-label={`Questions answered: ${pr.answered} of ${pr.questions}`}
          />
        </span>
        <span className="progress-item">
          <span className="progress-label">Steps done</span>{' '}
          <strong>
            {pr.done} of {pr.steps}
          </strong>
          <progress value={pr.done} max={pr.steps} aria-label={`Steps done: ${pr.done} of ${pr.steps}`} />
        </span>
      </div>
      <div className="toc-quick">
        <button type="button" className="primary" onClick={() => reach('sec-decision')}>
          Decision{pr.decided ? ': made' : ''}
        </button>
        <button type="button" onClick={() => reach('sec-containment')}>
          Containment
        </button>
        <button type="button" onClick={() => reach('sec-export')}>
          Export
        </button>
      </div>
      <details className="toc-all">
        <summary>All sections</summary>
        <ol>
          {CASE_SECTIONS.filter(([id]) => present.has(id)).map(([id, title]) => (
            <li key={id}>
              <button type="button" className="link" onClick={() => reach(id)}>
                {title}
              </button>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}
