/**
 * Questions for Analysis: each question verbatim, the engine's proposed answer with its
 * confidence and evidence (lib/playbook/answers.ts, frozen in the case), and the analyst's
 * confirmation or override with a note saying why.
 */
import { ANSWER_TEXT } from '../../lib/playbook/labels';
import { T1550_001 } from '../../lib/playbook/t1550-001';
import type { CaseViewState } from './case-actions';
import { NoteField } from './NoteField';
import { PlaybookSection } from './CaseSections';
import { useCaseFacts } from './case-facts';
import type { Case } from '../../lib/model/case';

const eventsById = (c: Case) => new Map(c.snapshot.events.map((e) => [e.id, e]));

/** The case facts the section draws from (its stage computes them before it renders, in a big case). */
export const QUESTIONS_FACTS = [eventsById] as const;

export function QuestionsSection(props: CaseViewState) {
  const { c, notes, actions } = props;
  // Once per case read, not per render (a big case has thousands of events).
  const [byId] = useCaseFacts(c, QUESTIONS_FACTS);
  return (
    <PlaybookSection id="sec-questions" title="Questions for Analysis">
      <ol className="questions">
        {T1550_001.questions.map((q) => {
          const proposed = c.snapshot.answers.find((a) => a.questionId === q.id);
          const analyst = c.answers[q.id];
          const findings = (proposed?.findings ?? []).map((i) => c.snapshot.findings[i]).filter((f) => f !== undefined);
          return (
            <li key={q.id} className="question" data-step={q.id}>
              <p className="step-text">{q.text}</p>
              {proposed && (
                <p className={`proposed answer-${proposed.answer}`}>
                  Engine: <strong>{ANSWER_TEXT[proposed.answer]}</strong> ({proposed.confidence} confidence)
                </p>
              )}
              {findings.length > 0 && (
                <ul className="answer-findings">
                  {findings.map((f, i) => (
                    <li key={i}>
                      <span className="severity">{f.severity}</span> {f.title}
                    </li>
                  ))}
                </ul>
              )}
              {proposed && proposed.events.length > 0 && (
                <details className="answer-evidence">
                  <summary>
                    Evidence ({proposed.events.length} event{proposed.events.length === 1 ? '' : 's'})
                  </summary>
                  <ul>
                    {proposed.events.slice(0, 50).map((id) => {
                      const e = byId.get(id);
                      const label = e
                        ? `${e.timeKnown ? new Date(e.time).toISOString() : 'time unknown'} ${e.action} ` +
                          `by ${e.actorName ?? e.actor}${e.ip ? ` from ${e.ip}` : ''}`
                        : id;
                      return (
                        <li key={id}>
                          {actions.showEvent && e?.ref && /^\d+\//.test(e.ref) ? (
                            <button type="button" className="evidence-row" onClick={() => actions.showEvent?.(id)}>
                              {label}
                            </button>
                          ) : (
                            <span className="evidence-row">{label}</span>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </details>
              )}
              <div className="analyst-answer" role="group" aria-label={`Your answer: ${q.text}`}>
                {proposed && (
                  <button
                    type="button"
                    aria-pressed={analyst?.confirmed === true}
                    onClick={() => void actions.setAnswer(q.id, proposed.answer, true)}
                  >
                    Confirm
                  </button>
                )}{' '}
                Override:{' '}
                {(['yes', 'no', 'unknown'] as const).map((v) => (
                  <button
                    key={v}
                    type="button"
                    aria-pressed={analyst !== undefined && !analyst.confirmed && analyst.answer === v}
                    onClick={() => void actions.setAnswer(q.id, v, v === proposed?.answer)}
                  >
                    {ANSWER_TEXT[v]}
                  </button>
                ))}
                {analyst && (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => void actions.clearAnswer(q.id)}>
                      Undo
                    </button>
                    <p className="who">
                      Analyst: {ANSWER_TEXT[analyst.answer]} ({analyst.confirmed ? 'confirmed' : 'overridden'}) by{' '}
                      {analyst.by} at {new Date(analyst.at).toISOString()}
                    </p>
                  </>
                )}
              </div>
              {analyst && !analyst.confirmed && !notes[q.id]?.text.trim() && (
                <p className="missing">
                  An override needs a reason: say why in the notes (the export marks it "no reason given" until then).
                </p>
              )}
              <NoteField note={notes[q.id]} save={(t) => actions.saveNote(q.id, t)} label="Why (notes)" />
            </li>
          );
        })}
      </ol>
    </PlaybookSection>
  );
}
