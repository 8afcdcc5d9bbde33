/**
 * The verdict, its reasons in the playbook's words, the findings with their evidence rows, the
 * identities and tokens involved, the stored history each identity was judged with, and the
 * records that could not be read. A view over state:
 * no parsing or scoring here, and every log string is rendered as text.
 */
import type { AnalysisView, EvidenceRef, FindingView, SubjectView } from '../lib/messaging/analysis';

const VERDICT_TEXT: Record<AnalysisView['verdict'], string> = {
  escalate: 'Escalate to Tier 2',
  suspicious: 'Suspicious: review the findings',
  benign: 'Nothing found',
};

export interface AnalysisPanelProps {
  analysis: AnalysisView;
  /** Set on the page view: evidence rows become buttons that scroll to the row. */
  onEvidence?: (ev: EvidenceRef) => void;
  /** Set when cases can be opened: each identity and token gets an "Open case" button. */
  onOpenCase?: (subject: Pick<SubjectView, 'kind' | 'id'>) => void;
}

export function AnalysisPanel({ analysis, onEvidence, onOpenCase }: AnalysisPanelProps) {
  const { verdict, reasons, findings, subjects, stats, rejected, errors, known } = analysis;
  return (
    <div className="analysis">
      <section className={`verdict verdict-${verdict}`} aria-label="Verdict">
        <h2>{VERDICT_TEXT[verdict]}</h2>
        <p className="counts">
          {findings.length} finding{findings.length === 1 ? '' : 's'} · {stats.events} event{stats.events === 1 ? '' : 's'} from {stats.parsed} of {stats.records} record{stats.records === 1 ? '' : 's'}
        </p>
        {reasons.length > 0 && (
          <ul className="reasons">
            {reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        )}
      </section>

      {findings.length > 0 && (
        <section aria-label="Findings">
          <h3>Findings</h3>
          <ol className="findings">
            {findings.map((f, i) => (
              <Finding key={i} finding={f} onEvidence={onEvidence} onOpenCase={onOpenCase} />
            ))}
          </ol>
        </section>
      )}

      {subjects.length > 0 && (
        <section aria-label="Identities and tokens">
          <h3>Identities and tokens involved</h3>
          <ul className="subjects">
            {subjects.map((s) => (
              <li key={`${s.kind}:${s.id}`} className={`subject verdict-${s.verdict}`}>
                <span className="kind">{s.kind === 'identity' ? 'Identity' : s.kind === 'token' ? 'Token' : 'Input'}</span>{' '}
                <code>{s.id}</code> <span className="subject-verdict">{s.verdict}</span>
                {onOpenCase && (
                  <>
                    {' '}
                    <button type="button" className="open-case" onClick={() => onOpenCase({ kind: s.kind, id: s.id })} aria-label={`Open a case for ${s.id}`}>
                      Open case
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {known && known.length > 0 && (
        <section aria-label="History">
          <h3>What is known about these identities</h3>
          <ul className="known">
            {known.map((k) => (
              <li key={k.id}>
                <code>{k.id}</code>: {k.text}
              </li>
            ))}
          </ul>
        </section>
      )}

      {stats.rejected > 0 && (
        <section aria-label="Rejected records">
          <h3>
            {stats.rejected} record{stats.rejected === 1 ? '' : 's'} not read
          </h3>
          <ul className="rejected">
            {rejected.map((r, i) => (
              <li key={i}>
                <code>{r.ref}</code>: {r.reason}
              </li>
            ))}
          </ul>
          {rejected.length < stats.rejected && <p className="more">(first {rejected.length} shown)</p>}
        </section>
      )}

      {errors.length > 0 && (
        <section aria-label="Engine errors">
          <h3>Indicators that failed</h3>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                {e.indicator}: {e.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function Finding({ finding: f, onEvidence, onOpenCase }: { finding: FindingView } & Pick<AnalysisPanelProps, 'onEvidence' | 'onOpenCase'>) {
  // A finding opens the case of the identity it is about (or, without one, of its token).
  const subject = f.identities[0] !== undefined ? { kind: 'identity' as const, id: f.identities[0] } : f.tokens[0] !== undefined ? { kind: 'token' as const, id: f.tokens[0] } : undefined;
  return (
    <li className={`finding severity-${f.severity}`}>
      <div className="finding-head">
        <span className="severity">{f.severity}</span> {f.allowed && <span className="allowed">allowed</span>} <strong>{f.title}</strong>
        {onOpenCase && subject && (
          <>
            {' '}
            <button type="button" className="open-case" onClick={() => onOpenCase(subject)} title={`Open a case for ${subject.id}`}>
              Open case
            </button>
          </>
        )}
      </div>
      {f.allowed && <p className="allowed-by">{f.allowed}; not counted in the verdict</p>}
      <p className="detail">{f.detail}</p>
      {f.time > 0 && <p className="time">{new Date(f.time).toISOString()}</p>}
      <ul className="evidence">
        {f.evidence.map((ev, i) => (
          <li key={i}>
            {onEvidence && ev.rowId !== undefined ? (
              <button type="button" className="evidence-row" onClick={() => onEvidence(ev)} title="Show this row on the page">
                {ev.label}
              </button>
            ) : (
              <span className="evidence-row">
                {ev.label}
                {ev.ref ? ` (${ev.ref})` : ''}
              </span>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}
