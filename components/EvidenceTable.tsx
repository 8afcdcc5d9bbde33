/**
 * A finding's evidence as a table with real columns (time, action, identity, key or session,
 * source network, result), read from each EvidenceRef's structured fields. Long values are cut
 * with a CSS ellipsis, the full text in `title`; each row has a copy button (the row's full
 * values) and, on the page, a link that scrolls the console to the row. Over VIRTUALIZE_OVER
 * rows only the rows in view are in the DOM (@tanstack/react-virtual), so a finding citing
 * thousands of events opens at once. A view over state: every string is rendered as text.
 */
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EvidenceFields, EvidenceRef } from '../lib/analysis/analyse';
import { CopyButton } from './case/CopyButton';

/** Above this many rows the table renders only the rows in view. */
export const VIRTUALIZE_OVER = 200;
/** Every row is one line high (cells never wrap), so the virtualizer's estimate is exact. */
const ROW_H = 30;
const VIEWPORT_H = 360;

const iso = (ms: number) => new Date(ms).toISOString();

/** An imported record's line, short ("L12"); the whole ref is in the title. */
const fileLine = (ref: string): string => {
  const m = /:(\d+)$/.exec(ref);
  return m ? `L${m[1]}` : '';
};

/** The cells of one row as text: [shown, full]. */
export function evidenceCells(ev: EvidenceRef): {
  time: [string, string];
  action: string;
  identity: string;
  credential: string;
  network: string;
  result: string;
} {
  const f: EvidenceFields | undefined = ev.fields;
  if (!f) return { time: ['', ''], action: ev.label, identity: '', credential: '', network: '', result: '' };
  const time: [string, string] =
    f.time === undefined ? ['unknown', 'time unknown'] : [iso(f.time).slice(11, 19), iso(f.time)];
  const credential = [f.credential, f.session && f.session !== f.credential ? `session ${f.session}` : undefined]
    .filter(Boolean)
    .join(' · ');
  const where = [f.country, f.asn !== undefined ? `AS${f.asn}${f.asOrg ? ` ${f.asOrg}` : ''}` : f.asOrg]
    .filter(Boolean)
    .join(' · ');
  const network = f.ip ? `${f.ip}${where ? ` (${where})` : ''}` : (f.caller ?? '');
  return {
    time,
    action: f.service ? `${f.action} (${f.service})` : f.action,
    identity: f.identity,
    credential,
    network,
    result: f.success ? 'success' : `failed${f.code ? `: ${f.code}` : ''}`,
  };
}

function Cell({ text, className }: { text: string; className?: string }) {
  return (
    <td className={className ? `cell ${className}` : 'cell'} title={text || undefined}>
      <span className="clip">{text}</span>
    </td>
  );
}

function Row({
  ev,
  onEvidence,
  style,
}: {
  ev: EvidenceRef;
  onEvidence?: (ev: EvidenceRef) => void;
  style?: React.CSSProperties;
}) {
  const c = evidenceCells(ev);
  const full = [c.time[1], c.action, c.identity, c.credential, c.network, c.result].filter(Boolean).join('\t');
  return (
    <tr className={ev.fields && !ev.fields.success ? 'evidence-tr failed' : 'evidence-tr'} style={style}>
      <td className="cell col-time" title={c.time[1] || undefined}>
        <span className="clip">{c.time[0]}</span>
      </td>
      <Cell text={c.action} />
      <Cell text={c.identity} />
      <Cell text={c.credential} />
      <Cell text={c.network} />
      <Cell text={c.result} className={ev.fields && !ev.fields.success ? 'col-result result-failed' : 'col-result'} />
      <td className="cell col-go">
        {onEvidence && ev.rowId !== undefined ? (
          <button
            type="button"
            className="evidence-row icon"
            onClick={() => onEvidence(ev)}
            aria-label={`Show on the page: ${ev.label}`}
            title="Show this row on the page"
          >
            <span aria-hidden="true">↗</span>
          </button>
        ) : (
          <span className="evidence-ref" title={ev.ref ? `${ev.label} (${ev.ref})` : ev.label}>
            {fileLine(ev.ref)}
          </span>
        )}
        <CopyButton text={full} what={`row: ${ev.label}`} compact />
      </td>
    </tr>
  );
}

function Head() {
  return (
    <thead>
      <tr>
        <th scope="col" className="col-time">
          Time (UTC)
        </th>
        <th scope="col">Action</th>
        <th scope="col">Identity</th>
        <th scope="col">Key or session</th>
        <th scope="col">Source network</th>
        <th scope="col" className="col-result">
          Result
        </th>
        <th scope="col" className="col-go">
          <span className="visually-hidden">Row</span>
        </th>
      </tr>
    </thead>
  );
}

export interface EvidenceTableProps {
  evidence: readonly EvidenceRef[];
  onEvidence?: (ev: EvidenceRef) => void;
  /** What the table is about (its caption, for assistive technology). */
  caption: string;
}

export function EvidenceTable({ evidence, onEvidence, caption }: EvidenceTableProps) {
  if (evidence.length > VIRTUALIZE_OVER)
    return <VirtualEvidenceTable evidence={evidence} onEvidence={onEvidence} caption={caption} />;
  return (
    <div className="evidence-wrap">
      <table className="evidence">
        <caption className="visually-hidden">{caption}</caption>
        <Head />
        <tbody>
          {evidence.map((ev, i) => (
            <Row key={i} ev={ev} onEvidence={onEvidence} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function VirtualEvidenceTable({ evidence, onEvidence, caption }: EvidenceTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: evidence.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_H,
    overscan: 10,
    // Before layout (and in tests without one) the first screen of rows is rendered.
    initialRect: { width: 400, height: VIEWPORT_H },
  });
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      className="evidence-wrap virtual"
      ref={scroller}
      style={{ maxHeight: VIEWPORT_H }}
      tabIndex={0}
      role="region"
      aria-label={`${caption}: ${evidence.length} rows, scroll for more`}
    >
      <table className="evidence" aria-rowcount={evidence.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <Head />
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={7} style={{ height: top }} />
            </tr>
          )}
          {items.map((it) => (
            <Row key={it.index} ev={evidence[it.index]!} onEvidence={onEvidence} style={{ height: ROW_H }} />
          ))}
          {bottom > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={7} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
