/**
 * Additional Analysis Steps for L1: each step verbatim with what the case shows for it
 * (lib/playbook/l1-steps.ts): sign-ins and failures before the token use, applications
 * authorized, and the identity's usual pattern against the flagged timeline, with the timeline
 * chart of the subject's events (flagged ones marked).
 */
import { T1550_001 } from '../../lib/playbook/t1550-001';
import { l1Steps, timelineSeries, type L1StepId } from '../../lib/playbook/l1-steps';
import { Timeline } from '../Timeline';
import type { CaseViewState } from './case-actions';
import { StepItem } from './StepItem';
import { useCaseFacts } from './case-facts';
import { PlaybookSection } from './CaseSections';

/** The case facts the section draws from (its stage computes them before it renders, in a big case). */
export const L1_FACTS = [l1Steps, timelineSeries] as const;

export function L1Section(props: CaseViewState) {
  const { c, actions } = props;
  const [support, series] = useCaseFacts(c, L1_FACTS);
  return (
    <PlaybookSection id="sec-l1" title="Additional Analysis Steps for L1">
      <ol className="steps">
        {T1550_001.l1Steps.map((step) => {
          const s = support[step.id as L1StepId];
          return (
            <StepItem key={step.id} id={step.id} text={step.text} {...props}>
              {s && (
                <ul className={s.coverage ? 'step-support' : 'step-support no-coverage'}>
                  {s.summary.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              )}
              {step.id === 'l1-legitimate-pattern' && (
                <Timeline series={series} onSelect={actions.showEvent ? (id) => actions.showEvent?.(id) : undefined} />
              )}
            </StepItem>
          );
        })}
      </ol>
    </PlaybookSection>
  );
}
