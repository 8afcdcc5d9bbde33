/**
 * One playbook sentence as a checklist item: the sentence verbatim, "Done" / "Not applicable",
 * who ticked it and when, the analyst's note, and whatever the step needs shown under it
 * (children: the evidence, a chart, queries, commands).
 */
import type { ReactNode } from 'react';
import type { CaseViewState } from './case-actions';
import { NoteField } from './NoteField';

export interface StepItemProps extends CaseViewState {
  id: string;
  text: string;
  /** The title shown above the sentence (containment actions have one; playbook items do not). */
  heading?: string;
  children?: ReactNode;
}

export function StepItem({ id, text, heading, children, c, notes, actions }: StepItemProps) {
  const entry = c.checklist[id];
  return (
    <li className={`step step-${entry?.state ?? 'open'}`} data-step={id}>
      {heading && <h5 className="step-heading">{heading}</h5>}
      <p className="step-text">{text}</p>
      {children}
      <div className="step-state" role="group" aria-label="Step state">
        <label>
          <input
            type="checkbox"
            checked={entry?.state === 'done'}
            onChange={(e) => void actions.setChecklist(id, e.target.checked ? 'done' : undefined)}
          />{' '}
          Done
        </label>{' '}
        <label>
          <input
            type="checkbox"
            checked={entry?.state === 'not-applicable'}
            onChange={(e) => void actions.setChecklist(id, e.target.checked ? 'not-applicable' : undefined)}
          />{' '}
          Not applicable
        </label>
        {entry && (
          <span className="who">
            {' '}
            by {entry.by} at {new Date(entry.at).toISOString()}
          </span>
        )}
      </div>
      <NoteField note={notes[id]} save={(t) => actions.saveNote(id, t)} />
    </li>
  );
}
