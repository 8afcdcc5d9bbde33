// @vitest-environment jsdom
/**
 * The timeline chart over the sample case's series: one mark per point, flagged marks shaped and
 * titled with their indicators, lanes labelled, clicks select, ticks in UTC, and hostile log
 * strings rendered as text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Timeline, tickLabel, timeTicks } from './Timeline';
import { Stages } from './case/Stages';
import { timelineSeries } from '../lib/playbook/l1-steps';
import { sampleCase } from '../test/support/cases';

afterEach(cleanup);

const EVIL = '<img src=x onerror=alert(1)>';

const marks = (c: HTMLElement) => [...c.querySelectorAll('svg .tl-mark')];

/** Opens the "Events as a table" details: its rows are built when opened. */
function openTable(c: HTMLElement): void {
  const d = c.querySelector<HTMLDetailsElement>('details.tl-table')!;
  expect(d.querySelector('tbody')).toBeNull();
  act(() => {
    d.open = true;
    fireEvent(d, new Event('toggle'));
  });
}

describe('Timeline', () => {
  it('one mark per point; flagged marks are diamonds titled with their indicators, others circles', () => {
    const series = timelineSeries(sampleCase());
    const { container } = render(<Timeline series={series} />);
    expect(marks(container)).toHaveLength(series.points.length);
    expect(marks(container).map((m) => m.getAttribute('data-event-id'))).toEqual(series.points.map((p) => p.id));

    const steal = container.querySelector('[data-event-id="ev-steal-1"].tl-mark')!;
    expect(steal.querySelector('polygon')).not.toBeNull();
    expect(steal.querySelector('title')!.textContent).toBe(
      'GetCallerIdentity · 2026-11-20 02:14:07 UTC · AS14061 DigitalOcean · flagged: new-source, risky-network, failures-then-success',
    );

    const home = container.querySelector('[data-event-id="ev-home-1"].tl-mark')!;
    expect(home.querySelector('circle')).not.toBeNull();
    expect(home.querySelector('polygon')).toBeNull();
    expect(home.querySelector('title')!.textContent).not.toContain('flagged');
  });

  it('failed events are hollow', () => {
    const { container } = render(<Timeline series={timelineSeries(sampleCase())} />);
    const denied = container.querySelector('[data-event-id="ev-denied"].tl-mark')!;
    expect(denied.classList.contains('tl-failed')).toBe(true);
    expect(denied.querySelector('polygon')!.getAttribute('fill')).toBe('#fff');
    const ok = container.querySelector('[data-event-id="ev-steal-2"].tl-mark')!;
    expect(ok.querySelector('polygon')!.getAttribute('fill')).not.toBe('#fff');
  });

  it('labels one lane per source network and summarises counts in the role="img" label', () => {
    const { container } = render(<Timeline series={timelineSeries(sampleCase())} />);
    const labels = [...container.querySelectorAll('.tl-lane-label')].map((t) => t.textContent);
    expect(labels).toEqual(['AS7018 AT&T', 'AS14061 DigitalOcean']);
    const img = screen.getByRole('img');
    expect(img.getAttribute('aria-label')).toBe('Timeline: 5 events on 2 source networks, 4 flagged, 1 failed');
    expect(img.getAttribute('viewBox')).toMatch(/^0 0 720 \d+$/);
    // Each mark sits on its lane's row: the DigitalOcean lane is the second one.
    const laneY = [...container.querySelectorAll('.tl-lane line')].map((l) => l.getAttribute('y1'));
    expect(container.querySelector('[data-event-id="ev-home-1"].tl-mark circle')!.getAttribute('cy')).toBe(laneY[0]);
    const diamond = container.querySelector('[data-event-id="ev-steal-1"].tl-mark polygon')!.getAttribute('points')!;
    expect(diamond.split(' ')[1]!.split(',')[1]).toBe(laneY[1]);
  });

  it('has 4 to 6 UTC tick labels', () => {
    const { container } = render(<Timeline series={timelineSeries(sampleCase())} />);
    const ticks = [...container.querySelectorAll('.tl-tick')].map((t) => t.textContent ?? '');
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(6);
    for (const t of ticks) expect(t).toMatch(/^\d\d-\d\d \d\d:\d\d$/);
    expect(container.textContent).toContain('UTC');
  });

  it('clicking a mark or a table row calls onSelect with the event id', () => {
    const onSelect = vi.fn();
    const { container } = render(
      <Timeline series={timelineSeries(sampleCase())} onSelect={onSelect} selectedId="ev-steal-2" />,
    );
    fireEvent.click(container.querySelector('[data-event-id="ev-steal-3"].tl-mark')!);
    expect(onSelect).toHaveBeenLastCalledWith('ev-steal-3');
    openTable(container);
    const row = container.querySelector('tr[data-event-id="ev-denied"]') as HTMLElement;
    fireEvent.click(within(row).getByRole('button'));
    expect(onSelect).toHaveBeenLastCalledWith('ev-denied');
    expect(onSelect).toHaveBeenCalledTimes(2);
    expect(container.querySelector('.tl-selected')!.getAttribute('data-event-id')).toBe('ev-steal-2');
  });

  it('lists the same points in a table, with indicators and results', () => {
    const series = timelineSeries(sampleCase());
    const { container } = render(<Timeline series={series} />);
    openTable(container);
    const rows = [...container.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(series.points.length);
    expect(rows[1]!.textContent).toContain('GetCallerIdentity (failed: AccessDenied)');
    expect(rows[1]!.textContent).toContain('Failed');
    expect(rows[1]!.textContent).toContain('failures-then-success');
  });

  it('hostile labels render as text and create no element', () => {
    const c = sampleCase();
    c.snapshot.events = c.snapshot.events.map((e) => ({
      ...e,
      action: EVIL,
      asOrg: `<script>window.__pwned=1</script>${EVIL}`,
      flagged: e.flagged.length ? [EVIL] : [],
    }));
    const { container } = render(<Timeline series={timelineSeries(c)} onSelect={() => undefined} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    expect(container.textContent).toContain(EVIL);
    expect(container.querySelector('[data-event-id="ev-steal-1"].tl-mark title')!.textContent).toContain(
      `flagged: ${EVIL}`,
    );
    // Long lane labels are cut on the chart but kept whole in a <title>.
    expect(container.querySelector('.tl-lane-label title')!.textContent).toBe(
      `AS7018 <script>window.__pwned=1</script>${EVIL}`,
    );
  });

  it('draws marks that fall on the same pixel of a lane once, saying how many more are there', () => {
    const c = sampleCase();
    const first = c.snapshot.events[0]!;
    c.snapshot.events = [
      ...c.snapshot.events,
      ...Array.from({ length: 3_000 }, (_, i) => ({ ...first, id: `dup-${i}`, time: first.time + (i % 2) })),
    ];
    const series = timelineSeries(c);
    const { container } = render(<Timeline series={series} />);
    expect(series.points.length).toBeGreaterThan(3_000);
    expect(marks(container).length).toBeLessThan(20);
    const titles = marks(container).map((m) => m.querySelector('title')!.textContent!);
    expect(titles.some((t) => /and 3000 more events at this point/.test(t))).toBe(true);
    openTable(container);
    expect(container.querySelectorAll('tbody tr')).toHaveLength(series.points.length); // the table keeps every event
  });

  it('says so when nothing has a readable time', () => {
    const c = sampleCase();
    c.snapshot.events = c.snapshot.events.map((e) => ({ ...e, timeKnown: false, time: 0 }));
    const { container } = render(<Timeline series={timelineSeries(c)} />);
    expect(container.querySelector('svg')).toBeNull();
    expect(container.textContent).toContain('No event with a readable time to plot (5 without a time).');
  });
});

describe('timeTicks', () => {
  it('gives 4 to 6 ticks inside the range for spans from a minute to a year', () => {
    const t0 = Date.UTC(2026, 0, 1, 3, 7);
    for (const span of [
      60_000,
      7 * 60_000,
      3_600_000,
      5 * 3_600_000,
      86_400_000,
      3.1 * 86_400_000,
      40 * 86_400_000,
      400 * 86_400_000,
    ]) {
      const ticks = timeTicks(t0, t0 + span);
      expect(ticks.length, `span ${span}`).toBeGreaterThanOrEqual(4);
      expect(ticks.length, `span ${span}`).toBeLessThanOrEqual(6);
      for (const t of ticks) expect(t >= t0 && t <= t0 + span).toBe(true);
    }
  });

  it('labels in UTC, with the date when the span crosses a day', () => {
    const t = Date.UTC(2026, 10, 20, 2, 14);
    expect(tickLabel(t, 3_600_000)).toBe('02:14');
    expect(tickLabel(t, 2 * 86_400_000)).toBe('11-20 02:14');
  });

  it('in a big case view the marks come in stages of their own, a few at a time, after the chart', async () => {
    const base = timelineSeries(sampleCase());
    // 400 points (below the merging threshold): one mark each.
    const points = Array.from({ length: 400 }, (_, i) => ({
      ...base.points[0]!,
      id: `p${i}`,
      time: base.domain!.from + i * 60_000,
    }));
    const series = { ...base, points, domain: { from: points[0]!.time, to: points.at(-1)!.time } };
    const counts: number[] = [];
    const { container } = render(
      <Stages enabled>
        <Timeline series={series} />
      </Stages>,
    );
    const watch = new MutationObserver(() => counts.push(marks(container).length));
    watch.observe(container, { childList: true, subtree: true });
    // The chart (its lanes and axis) is drawn at once; its marks are not.
    expect(container.querySelector('svg .tl-lane')).not.toBeNull();
    expect(marks(container)).toHaveLength(0);
    await waitFor(() => expect(marks(container)).toHaveLength(400));
    watch.disconnect();
    // Each stage added at most MARKS_PER_STAGE (120) marks.
    const added = counts.filter((n, i) => n !== (counts[i - 1] ?? 0)).map((n, i, a) => n - (a[i - 1] ?? 0));
    expect(added.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...added)).toBeLessThanOrEqual(120);
  });
});
