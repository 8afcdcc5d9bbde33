/**
 * Decision for Escalation: the playbook's sentence, the engine's recommendation with its
 * reasons (the verdict's grounds in the playbook's words), and the analyst's decision with the
 * rationale as the step's note. Deciding to escalate also moves the case to "Escalated to Tier 2".
 */
import { DECISION_TEXT } from '../../lib/playbook/labels';
import { T1550_001 } from '../../lib/playbook/t1550-001';
import type { CaseViewState } from './case-actions';
import { NoteField } from './NoteField';
import { PlaybookSection } from './CaseSections';

const RECOMMENDATION: Record<string, string> = {
  escalate: 'Escalate to Tier 2',
  suspicious: 'Suspicious: not enough for escalation on its own; review the findings',
  benign: 'No indicator reached the escalation criteria',
};

export function DecisionSection({ c, notes, actions }: CaseViewState) {
  const d = T1550_001.decision;
  const decision = c.decision;
  return (
    <PlaybookSection id="sec-decision" title="Decision for Escalation">
      <p className="step-text">{d.text}</p>
      <div className={`recommendation verdict-${c.snapshot.verdict}`}>
        <p>
          Engine recommends: <strong>{RECOMMENDATION[c.snapshot.verdict]}</strong>
        </p>
        {c.snapshot.reasons.length > 0 && (
          <ul>
            {c.snapshot.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="decision" role="radiogroup" aria-label="Your decision">
        <label>
          <input
            type="radio"
            name={`decision-${c.id}`}
            checked={decision?.choice === 'escalate'}
            onChange={() => void actions.setDecision('escalate')}
          />{' '}
          {DECISION_TEXT.escalate}
        </label>{' '}
        <label>
          <input
            type="radio"
            name={`decision-${c.id}`}
            checked={decision?.choice === 'do-not-escalate'}
            onChange={() => void actions.setDecision('do-not-escalate')}
          />{' '}
          {DECISION_TEXT['do-not-escalate']}
        </label>
        {decision && (
          <p className="who">
            Decided by {decision.by} at {new Date(decision.at).toISOString()}
          </p>
        )}
      </div>
      {decision && !notes[d.id]?.text.trim() && (
        <p className="missing">
          Give the rationale for the decision below (the export marks it "no rationale given" until then).
        </p>
      )}
      <NoteField note={notes[d.id]} save={(t) => actions.saveNote(d.id, t)} label="Rationale" />
    </PlaybookSection>
  );
}
