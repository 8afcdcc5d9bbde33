/**
 * The case timeline: a view over `timelineSeries()` (lib/playbook/l1-steps.ts). An SVG chart
 * drawn by hand (no chart library): time on the x axis in UTC, one row per source network, one
 * mark per event. Flagged events are red diamonds, not blue circles, and each mark's <title>
 * lists its indicators, so the flag never rests on colour alone; failed events are hollow. The
 * flagged window is shaded. The SVG is `role="img"` with a summary for assistive technology; the
 * same points are listed in a collapsible table (built when opened), whose event buttons are the keyboard way to
 * select (marks are mouse targets: focusable children inside role="img" would be hidden from
 * screen readers anyway). Every log string is a React text child; nothing is parsed as markup.
 * In a big case view (./case/Stages) the chart is drawn with its section and its marks follow in
 * stages of MARKS_PER_STAGE, each a task of its own (a few hundred SVG marks at once were a
 * 17-21 ms task).
 */
import { useEffect, useRef, useState } from 'react';
import type { TimelinePoint, TimelineSeries } from '../lib/playbook/l1-steps';
import { Stage } from './case/Stages';

export interface TimelineProps {
  series: TimelineSeries;
  /** Called with the event id when a mark or a table row's event is clicked. */
  onSelect?: (eventId: string) => void;
  /** The event to ring (the one the analyst is looking at). */
  selectedId?: string;
}

/** The drawing width before the container is measured (and in tests without layout). */
const DEFAULT_W = 720;
const PAD_R = 16;
const TOP = 10;
const LANE_H = 28;
const AXIS_H = 34;

/**
 * The chart is drawn at its container's own width (a 420 px sidebar or a full tab), so its text
 * stays 10-11 px instead of being scaled down; narrow charts give the lane labels less room.
 */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(DEFAULT_W);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => {
      const cw = Math.round(e?.contentRect.width ?? 0);
      if (cw > 0) setW(Math.min(1400, Math.max(280, cw)));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

const COLOR = { normal: '#2b6cb0', flagged: '#c53030', window: '#fde8e8', grid: '#d9d9d9', text: '#333' };

/** Above this many points, marks within MERGE_PX of each other on a lane (with the same look) are merged. */
const MERGE_OVER = 500;
/**
 * A mark is 12 px wide, so marks closer than its radius already overlap into one blob: merged,
 * a 5,000-event case in a full tab draws a few hundred marks instead of thousands of SVG nodes
 * (which every layout and paint of the case view walked).
 */
const MERGE_PX = 5;

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [
  MIN,
  5 * MIN,
  15 * MIN,
  30 * MIN,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  90 * DAY,
  365 * DAY,
];

/** 4 to 6 tick times over [from, to]: round steps when one fits, else 5 evenly spaced. */
export function timeTicks(from: number, to: number): number[] {
  for (const step of STEPS) {
    const first = Math.ceil(from / step) * step;
    const n = Math.floor((to - first) / step) + 1;
    if (n <= 6) {
      if (n >= 4) return Array.from({ length: n }, (_, i) => first + i * step);
      break;
    }
  }
  return Array.from({ length: 5 }, (_, i) => from + ((to - from) * i) / 4);
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `02:14` within a day, `11-20 02:14` across days. */
export function tickLabel(ms: number, spanMs: number): string {
  const s = iso(ms);
  return spanMs >= DAY ? `${s.slice(5, 10)} ${s.slice(11, 16)}` : s.slice(11, 16);
}

const fullTime = (ms: number) => `${iso(ms).slice(0, 19).replace('T', ' ')} UTC`;

function markTitle(p: TimelinePoint): string {
  const parts = [p.label, fullTime(p.time), p.lane];
  if (p.flagged) parts.push(`flagged: ${p.indicators.join(', ')}`);
  return parts.join(' · ');
}

type Mark = { p: TimelinePoint; more: number };

/**
 * One mark per point; past MERGE_OVER points, marks that would land within MERGE_PX of each other
 * on a lane with the same look are drawn once (a 5,000-event case stays a few hundred nodes; the
 * table lists every event).
 */
function mergeMarks(points: readonly TimelinePoint[], x: (t: number) => number, selectedId?: string): Mark[] {
  const marks: Mark[] = [];
  const at = new Map<string, Mark>();
  for (const p of points) {
    const key =
      points.length > MERGE_OVER
        ? `${p.lane}|${Math.round(x(p.time) / MERGE_PX)}|${p.flagged}|${p.success}|${p.id === selectedId}`
        : p.id;
    const hit = at.get(key);
    if (hit) hit.more += 1;
    else {
      const m = { p, more: 0 };
      at.set(key, m);
      marks.push(m);
    }
  }
  return marks;
}

/** Marks drawn per stage of a big case view: a few hundred SVG marks are one ~20 ms task at once. */
const MARKS_PER_STAGE = 120;

function Marks({
  marks,
  x,
  y,
  selectedId,
  onSelect,
}: {
  marks: readonly Mark[];
  x: (t: number) => number;
  y: (lane: string) => number;
  selectedId?: string;
  onSelect?: (eventId: string) => void;
}) {
  return (
    <>
      {marks.map(({ p, more }) => {
        const cx = x(p.time);
        const cy = y(p.lane);
        const color = p.flagged ? COLOR.flagged : COLOR.normal;
        const fill = p.success ? color : '#fff';
        const selected = p.id === selectedId;
        return (
          <g
            key={p.id}
            className={`tl-mark${p.flagged ? ' tl-flagged' : ''}${p.success ? '' : ' tl-failed'}${selected ? ' tl-selected' : ''}`}
            data-event-id={p.id}
            onClick={onSelect ? () => onSelect(p.id) : undefined}
            style={onSelect ? { cursor: 'pointer' } : undefined}
          >
            <title>
              {more ? `${markTitle(p)} (and ${more} more event${more === 1 ? '' : 's'} at this point)` : markTitle(p)}
            </title>
            {selected && <circle cx={cx} cy={cy} r={10} fill="none" stroke={COLOR.text} strokeWidth={1.5} />}
            {p.flagged ? (
              <polygon
                points={`${cx},${cy - 7} ${cx + 7},${cy} ${cx},${cy + 7} ${cx - 7},${cy}`}
                fill={fill}
                stroke={color}
                strokeWidth={2}
              />
            ) : (
              <circle cx={cx} cy={cy} r={5} fill={fill} stroke={color} strokeWidth={2} />
            )}
          </g>
        );
      })}
    </>
  );
}

export function Timeline({ series, onSelect, selectedId }: TimelineProps) {
  const [box, W] = useWidth();
  // The table is built when opened (thousands of rows otherwise sit in every case view's DOM).
  const [tableOpen, setTableOpen] = useState(false);
  const LABEL_W = W < 560 ? 112 : 180;
  const LABEL_MAX = W < 560 ? 16 : 26;
  const truncate = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);
  const { points, lanes, domain, flaggedWindow, untimed } = series;
  const flagged = points.filter((p) => p.flagged).length;
  const failed = points.filter((p) => !p.success).length;
  const summary =
    `Timeline: ${points.length} event${points.length === 1 ? '' : 's'} on ${lanes.length} source network${lanes.length === 1 ? '' : 's'}, ` +
    `${flagged} flagged, ${failed} failed` +
    (untimed ? `; ${untimed} without a readable time not shown` : '');

  if (!domain || !points.length) {
    return (
      <section className="timeline" aria-label="Timeline">
        <p>No event with a readable time to plot{untimed ? ` (${untimed} without a time)` : ''}.</p>
      </section>
    );
  }

  // Pad the domain so the first and last marks are not on the edges (and a single instant has width).
  const raw = domain.to - domain.from;
  const pad = raw > 0 ? raw * 0.03 : 30 * MIN;
  const d0 = domain.from - pad;
  const d1 = domain.to + pad;
  const plotW = W - LABEL_W - PAD_R;
  const x = (t: number) => LABEL_W + ((t - d0) / (d1 - d0)) * plotW;
  const laneIndex = new Map(lanes.map((l, i) => [l.id, i]));
  const y = (lane: string) => TOP + (laneIndex.get(lane) ?? 0) * LANE_H + LANE_H / 2;
  const plotBottom = TOP + lanes.length * LANE_H;
  const H = plotBottom + AXIS_H;
  const ticks = timeTicks(d0, d1);
  const marks = mergeMarks(points, x, selectedId);

  return (
    <section className="timeline" aria-label="Timeline">
      <div ref={box} className="tl-box">
        <svg
          role="img"
          aria-label={summary}
          viewBox={`0 0 ${W} ${H}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
          style={{ maxWidth: '100%', height: 'auto', fontFamily: 'sans-serif' }}
        >
          {flaggedWindow && (
            <rect
              className="tl-flagged-window"
              x={x(flaggedWindow.from) - 4}
              y={TOP}
              width={Math.max(8, x(flaggedWindow.to) - x(flaggedWindow.from) + 8)}
              height={plotBottom - TOP}
              fill={COLOR.window}
            >
              <title>{`Flagged window: ${fullTime(flaggedWindow.from)} to ${fullTime(flaggedWindow.to)}`}</title>
            </rect>
          )}

          {lanes.map((l, i) => {
            const cy = TOP + i * LANE_H + LANE_H / 2;
            return (
              <g key={l.id} className="tl-lane">
                <line x1={LABEL_W} x2={W - PAD_R} y1={cy} y2={cy} stroke={COLOR.grid} strokeDasharray="2 3" />
                <text
                  className="tl-lane-label"
                  x={LABEL_W - 8}
                  y={cy + 4}
                  textAnchor="end"
                  fontSize={11}
                  fill={COLOR.text}
                >
                  {truncate(l.label)}
                  {l.label.length > LABEL_MAX && <title>{l.label}</title>}
                </text>
              </g>
            );
          })}

          <g className="tl-axis">
            <line x1={LABEL_W} x2={W - PAD_R} y1={plotBottom} y2={plotBottom} stroke={COLOR.text} />
            {ticks.map((t) => (
              <g key={t}>
                <line x1={x(t)} x2={x(t)} y1={plotBottom} y2={plotBottom + 4} stroke={COLOR.text} />
                <text
                  className="tl-tick"
                  x={x(t)}
                  y={plotBottom + 16}
                  textAnchor="middle"
                  fontSize={10}
                  fill={COLOR.text}
                >
                  {tickLabel(t, d1 - d0)}
                </text>
              </g>
            ))}
            <text x={LABEL_W - 8} y={plotBottom + 16} textAnchor="end" fontSize={10} fill={COLOR.text}>
              UTC
            </text>
          </g>

          {/* In a big case view the marks come in stages of their own, once the chart's width is known. */}
          {Array.from({ length: Math.ceil(marks.length / MARKS_PER_STAGE) }, (_, k) => (
            <Stage key={k} first placeholder={null}>
              <Marks
                marks={marks.slice(k * MARKS_PER_STAGE, (k + 1) * MARKS_PER_STAGE)}
                x={x}
                y={y}
                selectedId={selectedId}
                onSelect={onSelect}
              />
            </Stage>
          ))}
        </svg>
      </div>

      <p className="tl-legend">
        ● event · ◆ flagged (red; hover a mark for its indicators) · hollow: failed · shaded: flagged window
        {untimed > 0 && ` · ${untimed} event${untimed === 1 ? '' : 's'} without a readable time not shown`}
      </p>

      <details className="tl-table" open={tableOpen} onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>Events as a table ({points.length})</summary>
        {tableOpen && (
          <table>
            <caption>{summary}</caption>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Source network</th>
                <th scope="col">Event</th>
                <th scope="col">Result</th>
                <th scope="col">Flagged by</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.id} data-event-id={p.id}>
                  <td>{fullTime(p.time)}</td>
                  <td>{p.lane}</td>
                  <td>
                    {onSelect ? (
                      <button type="button" onClick={() => onSelect(p.id)}>
                        {p.label}
                      </button>
                    ) : (
                      p.label
                    )}
                  </td>
                  <td>{p.success ? 'Success' : 'Failed'}</td>
                  <td>{p.flagged ? p.indicators.join(', ') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </section>
  );
}
