/**
 * The playbook's header rows, verbatim: tactic, technique, name, the log sources to
 * investigate and the key indicators, each key indicator with the case's findings that serve it
 * (by the engine signals it names).
 */
import { INDICATORS } from '../../lib/engine/indicators';
import { T1550_001 } from '../../lib/playbook/t1550-001';
import type { Case } from '../../lib/model/case';

export function PlaybookHeader({ c }: { c: Case }) {
  const p = T1550_001;
  const signalsOf = new Map(INDICATORS.map((i) => [i.id as string, i.signals as readonly string[]]));
  return (
    <details className="playbook-header" open>
      <summary>
        Playbook: {p.name} ({p.ttp})
      </summary>
      <dl>
        <dt>MITRE Tactic</dt>
        <dd>{p.tactic}</dd>
        <dt>MITRE TTP</dt>
        <dd>{p.ttp}</dd>
        <dt>MITRE Sub-TTP</dt>
        <dd>{p.subTtp}</dd>
        <dt>Name</dt>
        <dd>{p.name}</dd>
        <dt>Log Sources to Investigate</dt>
        <dd>
          <ul>
            {p.logSources.map((s) => (
              <li key={s.id}>{s.text}</li>
            ))}
          </ul>
        </dd>
        <dt>Key Indicators</dt>
        <dd>
          <ul>
            {p.keyIndicators.map((k) => {
              const n = c.snapshot.findings.filter((f) => (signalsOf.get(f.indicator) ?? []).some((s) => k.signals.includes(s as never))).length;
              return (
                <li key={k.id}>
                  {k.text} <span className="ki-count">({n} finding{n === 1 ? '' : 's'} in this case)</span>
                </li>
              );
            })}
          </ul>
        </dd>
      </dl>
    </details>
  );
}
