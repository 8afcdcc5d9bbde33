/**
 * The playbook's header rows, verbatim: tactic, technique and name, then the log sources to
 * investigate and the key indicators as checklist items of their own (the analyst ticks a log
 * source pulled or not available, with a note), each key indicator with the number of the case's
 * findings that serve it (by the engine signals it names).
 */
import { INDICATORS } from '../../lib/engine/indicators';
import { T1550_001 } from '../../lib/playbook/t1550-001';
import type { CaseViewState } from './case-actions';
import { StepItem } from './StepItem';
import { PlaybookSection } from './CaseSections';

const SIGNALS_OF = new Map(INDICATORS.map((i) => [i.id as string, i.signals as readonly string[]]));

export function PlaybookHeader(props: CaseViewState) {
  const p = T1550_001;
  const { c } = props;
  return (
    <PlaybookSection id="sec-playbook" className="playbook-header" title={`Playbook: ${p.name} (${p.ttp})`}>
      <dl>
        <dt>MITRE Tactic</dt>
        <dd>{p.tactic}</dd>
        <dt>MITRE TTP</dt>
        <dd>{p.ttp}</dd>
        <dt>MITRE Sub-TTP</dt>
        <dd>{p.subTtp}</dd>
        <dt>Name</dt>
        <dd>{p.name}</dd>
      </dl>
      <h5 id="sec-log-sources">Log Sources to Investigate</h5>
      <ol className="steps" aria-labelledby="sec-log-sources">
        {p.logSources.map((s) => (
          <StepItem key={s.id} id={s.id} text={s.text} {...props} />
        ))}
      </ol>
      <h5 id="sec-key-indicators">Key Indicators</h5>
      <ol className="steps" aria-labelledby="sec-key-indicators">
        {p.keyIndicators.map((k) => {
          const n = c.snapshot.findings.filter((f) =>
            (SIGNALS_OF.get(f.indicator) ?? []).some((s) => k.signals.includes(s as never)),
          ).length;
          return (
            <StepItem key={k.id} id={k.id} text={k.text} {...props}>
              <p className="ki-count">
                {n} finding{n === 1 ? '' : 's'} in this case
              </p>
            </StepItem>
          );
        })}
      </ol>
    </PlaybookSection>
  );
}
