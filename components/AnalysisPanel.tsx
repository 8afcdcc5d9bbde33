/**
 * The verdict first (a sticky header: the verdict, its reasons one line each, the findings
 * counted by severity, and what was read), then the findings grouped by the identity (or token)
 * they are about, each one line until expanded to its evidence table, the identities and tokens
 * involved, the stored history each identity was judged with, and the records that could not be
 * read. A view over state: no parsing or scoring here, and every log string is rendered as text.
 */
import { useId, useState, type ReactNode } from 'react';
import type { AnalysisView, EvidenceRef, FindingView, SubjectView } from '../lib/analysis/analyse';
import type { Severity } from '../lib/engine/types';
import { EvidenceTable } from './EvidenceTable';

export const VERDICT_TEXT: Record<AnalysisView['verdict'], string> = {
  escalate: 'Escalate to Tier 2',
  suspicious: 'Suspicious: review the findings',
  benign: 'Nothing found',
};

const SEVERITY_ORDER: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** Identities and tokens listed before "Show all" (a 2,000-row page can name hundreds). */
export const SUBJECTS_SHOWN = 50;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A severity as a chip with its word: never colour alone. */
export function SeverityChip({ severity }: { severity: Severity }) {
  return <span className={`chip severity sev-${severity}`}>{severity}</span>;
}

export interface AnalysisPanelProps {
  analysis: AnalysisView;
  /** Set on the page view: evidence rows get a link that scrolls the console to the row. */
  onEvidence?: (ev: EvidenceRef) => void;
  /** Set when cases can be opened: each identity and token gets an "Open case" button. */
  onOpenCase?: (subject: Pick<SubjectView, 'kind' | 'id'>) => void;
  /** What was read, shown in the verdict header ("211 of 211 rows read · partial view"). */
  coverage?: ReactNode;
  /** Extra controls in an expanded finding (e.g. "Mark as expected"), supplied by the wiring. */
  renderFindingActions?: (f: FindingView) => ReactNode;
}

interface Group {
  key: string;
  kind: 'identity' | 'token' | 'other';
  id: string;
  findings: FindingView[];
}

/** Findings by the identity they are about, else their token; in the engine's order (worst first). */
function groupFindings(findings: readonly FindingView[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const kind = f.identities[0] !== undefined ? 'identity' : f.tokens[0] !== undefined ? 'token' : 'other';
    const id = f.identities[0] ?? f.tokens[0] ?? '';
    const key = `${kind}:${id}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, kind, id, findings: [] }));
    g.findings.push(f);
  }
  return [...groups.values()];
}

/**
 * Each finding's key (and the key of its open/closed state): its subject, indicator and rank
 * among that subject's findings of the indicator. Not its title or time: those change while rows
 * come in ("Burst of 34 calls" → "… 41 calls", an earlier row), and a key that changed remounted
 * the finding and dropped the click that had just opened it (issue 11, the lost first click).
 */
function findingKeys(g: Group): [string, FindingView][] {
  const seen = new Map<string, number>();
  return g.findings.map((f) => {
    const n = seen.get(f.indicator) ?? 0;
    seen.set(f.indicator, n + 1);
    return [`${g.key}|${f.indicator}|${n}`, f];
  });
}

export function AnalysisPanel({
  analysis,
  onEvidence,
  onOpenCase,
  coverage,
  renderFindingActions,
}: AnalysisPanelProps) {
  const { verdict, reasons, findings, subjects, stats, rejected, errors, known } = analysis;
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [allSubjects, setAllSubjects] = useState(false);
  const counted = findings.filter((f) => !f.allowed);
  const bySeverity = SEVERITY_ORDER.map((s) => [s, counted.filter((f) => f.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const allowed = findings.length - counted.length;
  const groups = groupFindings(findings);
  const toggle = (k: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });
  return (
    <div className="analysis">
      <section className={`verdict verdict-${verdict}`} aria-label="Verdict">
        <div className="verdict-line">
          <h2>{VERDICT_TEXT[verdict]}</h2>
          <span className="sev-counts" aria-label="Findings by severity">
            {bySeverity.length === 0 && <span className="chip">no findings</span>}
            {bySeverity.map(([s, n]) => (
              <span key={s} className={`chip severity sev-${s}`}>
                {n} {s}
              </span>
            ))}
            {allowed > 0 && <span className="chip allowed">{allowed} allowed</span>}
          </span>
        </div>
        {coverage && <div className="coverage">{coverage}</div>}
        <p className="counts">
          {plural(findings.length, 'finding')} · {plural(stats.events, 'event')} from {stats.parsed} of{' '}
          {plural(stats.records, 'record')}
        </p>
        {reasons.length > 0 && (
          <ul className="reasons">
            {reasons.map((r, i) => (
              <li key={i} title={r}>
                {r}
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        Verdict: {VERDICT_TEXT[verdict]}, {plural(findings.length, 'finding')}.
      </p>

      {findings.length > 0 ? (
        <section aria-label="Findings">
          <h3>Findings</h3>
          {groups.map((g) => (
            <div key={g.key} className="finding-group">
              <div className="group-head">
                {/* Named "Findings for <id> (identity)": never the case's own heading, "Identity <id>". */}
                <h4 aria-label={`Findings for ${g.id || '(none named)'} (${g.kind})`}>
                  <span className="kind">
                    {g.kind === 'identity' ? 'Identity' : g.kind === 'token' ? 'Token' : 'Other'}
                  </span>{' '}
                  <code className="clip" title={g.id}>
                    {g.id || '(none named)'}
                  </code>
                </h4>
                {onOpenCase && g.kind !== 'other' && (
                  <button
                    type="button"
                    className="open-case"
                    onClick={() => onOpenCase({ kind: g.kind, id: g.id })}
                    title={`Open a case for ${g.id}`}
                  >
                    Open a case
                  </button>
                )}
              </div>
              <ol className="findings">
                {findingKeys(g).map(([k, f]) => {
                  return (
                    <Finding
                      key={k}
                      finding={f}
                      open={open.has(k)}
                      onToggle={() => toggle(k)}
                      onEvidence={onEvidence}
                      renderFindingActions={renderFindingActions}
                    />
                  );
                })}
              </ol>
            </div>
          ))}
        </section>
      ) : (
        stats.events > 0 && (
          <p className="empty">
            No indicator fired on these {plural(stats.events, 'event')}. If you expected one: check the view shows every
            column (see above), widen the console's time range, or import the full export on the Import tab.
          </p>
        )
      )}

      {subjects.length > 0 && (
        <section aria-label="Identities and tokens">
          <h3>Identities and tokens involved</h3>
          <ul className="subjects">
            {(allSubjects ? subjects : subjects.slice(0, SUBJECTS_SHOWN)).map((s) => (
              <li key={`${s.kind}:${s.id}`} className={`subject verdict-${s.verdict}`}>
                <span className="kind">
                  {s.kind === 'identity' ? 'Identity' : s.kind === 'token' ? 'Token' : 'Input'}
                </span>{' '}
                <code className="clip" title={s.id}>
                  {s.id}
                </code>{' '}
                <span className={`chip subject-verdict verdict-chip-${s.verdict}`}>{s.verdict}</span>
                {onOpenCase && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="open-case"
                      onClick={() => onOpenCase({ kind: s.kind, id: s.id })}
                      aria-label={`Open a case for ${s.id}`}
                    >
                      Open a case
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          {!allSubjects && subjects.length > SUBJECTS_SHOWN && (
            <button type="button" className="link more" onClick={() => setAllSubjects(true)}>
              Show all {subjects.length} (the first {SUBJECTS_SHOWN}, worst first, are shown)
            </button>
          )}
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
          <h3>{plural(stats.rejected, 'record')} not read</h3>
          <p className="hint">
            These rows are not in the verdict. If they are log records, export them and use Import, or tell us the
            format.
          </p>
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
        <section aria-label="Engine errors" className="engine-errors">
          <h3>Indicators that failed</h3>
          <p className="hint">The verdict is made without them: judge these signals by hand from the rows.</p>
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

function Finding({
  finding: f,
  open,
  onToggle,
  onEvidence,
  renderFindingActions,
}: { finding: FindingView; open: boolean; onToggle(): void } & Pick<
  AnalysisPanelProps,
  'onEvidence' | 'renderFindingActions'
>) {
  const bodyId = useId();
  const records = f.evidence.length;
  return (
    <li className={`finding severity-${f.severity}${f.allowed ? ' is-allowed' : ''}`}>
      <button type="button" className="finding-toggle" aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
        <span className="caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <SeverityChip severity={f.severity} />
        {f.allowed && <span className="chip allowed">allowed</span>}
        <span className="finding-title">{f.title}</span>
        <span className="finding-meta">
          {f.time > 0 ? `${new Date(f.time).toISOString().slice(0, 16).replace('T', ' ')} · ` : ''}
          {plural(records, 'record')}
        </span>
      </button>
      <div id={bodyId} className="finding-body" hidden={!open}>
        {open && (
          <>
            {f.allowed && <p className="allowed-by">{f.allowed}; not counted in the verdict</p>}
            <p className="detail">{f.detail}</p>
            {f.time > 0 && <p className="time">{new Date(f.time).toISOString()}</p>}
            {renderFindingActions && <div className="finding-actions">{renderFindingActions(f)}</div>}
            <EvidenceTable evidence={f.evidence} onEvidence={onEvidence} caption={`Evidence for ${f.title}`} />
          </>
        )}
      </div>
    </li>
  );
}
