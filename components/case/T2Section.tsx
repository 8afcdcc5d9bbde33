/**
 * T2 Analyst Actions: each action verbatim with the findings that serve it and a line computed
 * from the case (lib/playbook/t2-actions.ts), and the scope queries for the org's own log engine
 * (lib/queries), filled with the case's IPs, ASNs, token ids, app ids, identities and time
 * window, each with a copy button. The case's own providers' languages come first, open.
 */
import { T1550_001 } from '../../lib/playbook/t1550-001';
import { caseScope, t2Actions } from '../../lib/playbook/t2-actions';
import { buildAllQueries } from '../../lib/queries';
import type { CaseViewState } from './case-actions';
import { CopyButton } from './CopyButton';
import { StepItem } from './StepItem';
import { PlaybookSection } from './CaseSections';
import { useCaseFacts } from './case-facts';
import type { Case } from '../../lib/model/case';

/** The scope queries in every language, or why they could not be built. */
function scopeQueries(c: Case) {
  try {
    return { built: buildAllQueries(caseScope(c)), error: undefined };
  } catch (e) {
    return { built: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** The case facts the section draws from (its stage computes them before it renders, in a big case). */
export const T2_FACTS = [t2Actions, scopeQueries] as const;

export function T2Section(props: CaseViewState) {
  const { c } = props;
  const [support, queries] = useCaseFacts(c, T2_FACTS);
  const relevant = new Set(support.flatMap((s) => s.languages));
  const ordered = [...queries.built].sort(
    (a, b) => Number(relevant.has(b.language.id)) - Number(relevant.has(a.language.id)),
  );
  return (
    <PlaybookSection id="sec-t2" title="T2 Analyst Actions">
      <ol className="steps">
        {T1550_001.t2Actions.map((step) => {
          const s = support.find((x) => x.actionId === step.id);
          return (
            <StepItem key={step.id} id={step.id} text={step.text} {...props}>
              {s && (
                <div className="step-support">
                  <p>{s.summary}</p>
                  {s.languages.length > 0 && (
                    <p className="t2-queries">
                      Queries for this, below (filled with the case's IPs, ASNs, tokens, apps, identities and window):{' '}
                      {s.languages
                        .map((id) => queries.built.find((b) => b.language.id === id)?.language.label ?? id)
                        .join(', ')}
                    </p>
                  )}
                  {s.findings.length > 0 && (
                    <ul className="answer-findings">
                      {s.findings.map((i) => {
                        const f = c.snapshot.findings[i];
                        return f ? (
                          <li key={i}>
                            <span className="severity">{f.severity}</span> {f.title}
                          </li>
                        ) : null;
                      })}
                    </ul>
                  )}
                </div>
              )}
            </StepItem>
          );
        })}
      </ol>
      <h5 id="scope-queries">Scope queries for your log engine</h5>
      <p className="step-support">
        Each query returns the events from the case's scope: what the token did (scope and impact), who else used the
        same sources, tokens and apps (other users and tokens), and what the identity changed (privilege escalation,
        lateral movement).
      </p>
      {queries.error && <p className="error">The queries could not be built: {queries.error}</p>}
      {ordered.map(({ language, queries: list }) => (
        <details key={language.id} className="query-language" open={relevant.has(language.id)}>
          <summary>
            {language.label}
            {relevant.has(language.id) ? ' (this case)' : ''}
          </summary>
          {list.map((q, i) => (
            <div key={i} className="query">
              <div className="query-head">
                <span>{q.title}</span> <CopyButton text={q.text} what={`${language.label}: ${q.title}`} />
              </div>
              <pre className="code">{q.text}</pre>
            </div>
          ))}
        </details>
      ))}
    </PlaybookSection>
  );
}
