/**
 * A finding's evidence as a table with real columns (time, action, identity, key or session,
 * source network, result), read from each EvidenceRef's structured fields. Long values are cut
 * with a CSS ellipsis, the full text in `title`; each row has a copy button (the row's full
 * values) and, on the page, a link that scrolls the console to the row. Below
 * EVIDENCE_NARROW_PX of width (the 420 px sidebar) a row takes two lines, so each value has at
 * least a third of the width (./evidence-table.css). Over VIRTUALIZE_OVER rows only the rows in
 * view are in the DOM (@tanstack/react-virtual), so a finding citing thousands of events opens
 * at once. A view over state: every string is rendered as text.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { EvidenceFields, EvidenceRef } from '../lib/analysis/analyse';
import { CopyButton } from './case/CopyButton';
import { afterPaint } from './after-paint';
import './evidence-table.css';

/** Above this many rows the table renders only the rows in view. */
export const VIRTUALIZE_OVER = 200;
/** Below this table width a row is two lines (the style sheet's container query says the same). */
export const EVIDENCE_NARROW_PX = 560;
/** A row's height, one line or two (cells never wrap), so the virtualizer's estimate is exact. */
export const rowHeight = (width: number): number => (width < EVIDENCE_NARROW_PX ? 44 : 30);
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

function Cell({ text, className }: { text: string; className: string }) {
  return (
    <td role="cell" className={`cell ${className}`} title={text || undefined}>
      {text}
    </td>
  );
}

/** Memoized: a scroll step re-renders only the rows that enter the view, not the ones that stay. */
const Row = memo(function Row({
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
    <tr role="row" className={ev.fields && !ev.fields.success ? 'evidence-tr failed' : 'evidence-tr'} style={style}>
      <td role="cell" className="cell col-time c-time" title={c.time[1] || undefined}>
        {c.time[0]}
      </td>
      <Cell text={c.action} className="c-action" />
      <Cell text={c.identity} className="c-identity" />
      <Cell text={c.credential} className="c-cred" />
      <Cell text={c.network} className="c-network" />
      <Cell text={c.result} className={ev.fields && !ev.fields.success ? 'col-result result-failed' : 'col-result'} />
      <td role="cell" className="cell col-go">
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
});

function Head() {
  return (
    <thead role="rowgroup">
      <tr role="row">
        <th scope="col" role="columnheader" className="col-time c-time">
          Time (UTC)
        </th>
        <th scope="col" role="columnheader" className="c-action">
          Action
        </th>
        <th scope="col" role="columnheader" className="c-identity">
          Identity
        </th>
        <th scope="col" role="columnheader" className="c-cred">
          Key or session
        </th>
        <th scope="col" role="columnheader" className="c-network">
          Source network
        </th>
        <th scope="col" role="columnheader" className="col-result">
          Result
        </th>
        <th scope="col" role="columnheader" className="col-go">
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
      <table className="evidence" role="table">
        <caption className="visually-hidden">{caption}</caption>
        <Head />
        <tbody role="rowgroup">
          {evidence.map((ev, i) => (
            <Row key={i} ev={ev} onEvidence={onEvidence} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One height for every virtual row (a memoized Row keeps its props equal between scroll steps). */
const ROW_STYLES = { 30: { height: 30 }, 44: { height: 44 } } as Record<number, React.CSSProperties>;
/**
 * The scroller has a fixed height and is contained (layout, paint, style, size): rows swapped
 * while scrolling re-lay out and repaint only the box, never the rest of a case view (a
 * thousand-mark timeline, the playbook sections) around it.
 */
const SCROLLER_STYLE: React.CSSProperties = { height: VIEWPORT_H, contain: 'strict' };

function VirtualEvidenceTable({ evidence, onEvidence, caption }: EvidenceTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // Before the box is measured (and in tests without layout): the sidebar's width, two-line rows.
  const [rowH, setRowH] = useState(() => rowHeight(400));
  /**
   * The scroller's size from a ResizeObserver only. The library's default reads clientHeight when
   * the table mounts, which forces a layout of the whole page inside the render's task (on a big
   * case view, a long task of its own); until the observer reports, `initialRect` stands. The
   * width also says whether a row is one line or two.
   */
  const observeRect = useCallback(
    (instance: Virtualizer<HTMLDivElement, Element>, cb: (r: { width: number; height: number }) => void) => {
      const el = instance.scrollElement;
      if (!el || typeof ResizeObserver === 'undefined') return;
      const ro = new ResizeObserver(() => {
        const width = el.clientWidth;
        setRowH(rowHeight(width));
        cb({ width, height: el.clientHeight });
      });
      ro.observe(el);
      return () => ro.disconnect();
    },
    [],
  );
  /**
   * The scroller is handed to the virtualizer only after the frame that first paints the table.
   * On taking an element the library scrolls it and reads its scroll height: in the render that
   * mounts the table, that forces the first layout of every new row inside the render's task (on a
   * 5,000-event case, about half of that task). After the paint the layout is clean and the reads
   * are free. Until then the rows are the first screen's (`initialRect`, offset 0).
   */
  const [attached, setAttached] = useState(false);
  // Synchronously in its own task: batched with a later update (the next stage of a case view),
  // the reads would force the layout of whatever that update adds.
  useEffect(() => afterPaint(() => flushSync(() => setAttached(true))), []);
  const v = useVirtualizer({
    count: evidence.length,
    getScrollElement: () => (attached ? scroller.current : null),
    estimateSize: () => rowH,
    // A few rows past each edge: each scroll step builds (and lays out) as few new rows as it can.
    overscan: 5,
    // Before layout (and in tests without one) the first screen of rows is rendered.
    initialRect: { width: 400, height: VIEWPORT_H },
    observeElementRect: observeRect,
    // Scroll steps render in React's own scheduling, not synchronously inside each scroll event.
    useFlushSync: false,
  });
  // A new row height (the box crossed EVIDENCE_NARROW_PX): every row's offset is computed again.
  useLayoutEffect(() => v.measure(), [v, rowH]);
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      className="evidence-wrap virtual"
      ref={scroller}
      style={SCROLLER_STYLE}
      tabIndex={0}
      role="region"
      aria-label={`${caption}: ${evidence.length} rows, scroll for more`}
    >
      <table className="evidence" role="table" aria-rowcount={evidence.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <Head />
        <tbody role="rowgroup">
          {top > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={7} style={{ height: top }} />
            </tr>
          )}
          {items.map((it) => (
            <Row key={it.index} ev={evidence[it.index]!} onEvidence={onEvidence} style={ROW_STYLES[rowH]} />
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
