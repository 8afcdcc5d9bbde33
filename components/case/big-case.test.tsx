// @vitest-environment jsdom
/**
 * A big case opens in stages (issue 11: a 5,000-event case on screen within 100 ms, no long
 * task): the header and the table of contents are in the first render, then the events table,
 * then the playbook sections, one task each, in document order, and all of them arrive; a small
 * case renders everything at once. Also the stage queue's order, and the evidence rows' height
 * at the sidebar's and a tab's width.
 */
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, waitFor } from '@testing-library/react';
import { CaseView, STAGE_OVER } from './CaseView';
import { CASE_SECTIONS } from './CaseSections';
import { StageQueue } from './Stages';
import type { CaseActions } from './case-actions';
import { EVIDENCE_NARROW_PX, rowHeight } from '../EvidenceTable';
import { sampleCase } from '../../test/support/cases';
import type { Case } from '../../lib/model/case';

afterEach(cleanup);

const actions: CaseActions = {
  setAnswer: async () => undefined,
  clearAnswer: async () => undefined,
  setChecklist: async () => undefined,
  setDecision: async () => undefined,
  setStatus: async () => undefined,
  saveNote: async () => undefined,
};

/** The sample case with its first event repeated to `n` events, a minute apart. */
function bigCase(n: number): Case {
  const c = sampleCase();
  const first = c.snapshot.events[0]!;
  c.snapshot.events = Array.from({ length: n }, (_, i) => ({
    ...first,
    id: `big-${i}`,
    time: first.time + i * 60_000,
  }));
  return c;
}

const view = (c: Case) =>
  render(<CaseView c={c} notes={{}} actions={actions} onBack={() => undefined} onDelete={() => undefined} />);
const busy = (el: HTMLElement) =>
  [...el.querySelectorAll('[data-section][aria-busy="true"]')].map((s) => s.getAttribute('data-section'));
const sectionOrder = (el: HTMLElement) =>
  [...el.querySelectorAll('[data-section]')].map((s) => s.getAttribute('data-section'));

describe('a big case view', () => {
  it('shows the contents first, then the events table, then every playbook section, in order', async () => {
    const c = bigCase(STAGE_OVER + 500);
    // The order in which the sections arrive: a placeholder (aria-busy) replaced by its section.
    const arrived: string[] = [];
    const watch = new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof HTMLElement && n.matches('[data-section]:not([aria-busy])'))
            arrived.push(n.getAttribute('data-section')!);
    });
    const { container } = view(c);
    watch.observe(container, { childList: true, subtree: true });
    // The first render: the header, the contents, and every other section as a placeholder.
    expect(container.querySelector('.case-title')).not.toBeNull();
    expect(container.querySelector('nav.case-toc')).not.toBeNull();
    // Every section but the case notes is drawn in its turn; until then a placeholder, in its place.
    const staged = CASE_SECTIONS.map(([id]) => id).filter((id) => id !== 'sec-general');
    expect(staged).toHaveLength(8);
    expect(busy(container)).toEqual(staged);
    expect(container.querySelector('tr.evidence-tr')).toBeNull();
    expect(container.querySelector('section.timeline')).toBeNull();
    // Each placeholder keeps its place and says what is coming.
    expect(container.querySelector('[data-section="sec-l1"]')!.textContent).toContain(
      'Additional Analysis Steps for L1',
    );
    // Then every section arrives: the events table first, then the playbook's order.
    await waitFor(() => expect(busy(container)).toEqual([]), { timeout: 5_000 });
    watch.disconnect();
    expect(arrived).toEqual(['sec-events', ...staged.filter((id) => id !== 'sec-events')]);
    expect(container.querySelectorAll('[data-section="sec-events"] tr.evidence-tr').length).toBeGreaterThan(0);
    expect(container.querySelector('section.timeline svg')).not.toBeNull();
    expect(container.querySelector('#sec-containment')).not.toBeNull();
    expect(sectionOrder(container)).toEqual(CASE_SECTIONS.map(([id]) => id));
  });

  it('arrives in full under StrictMode too (effects mounted, unmounted and mounted again)', async () => {
    const { container } = render(
      <StrictMode>
        <CaseView
          c={bigCase(STAGE_OVER + 1)}
          notes={{}}
          actions={actions}
          onBack={() => undefined}
          onDelete={() => undefined}
        />
      </StrictMode>,
    );
    expect(busy(container).length).toBeGreaterThan(0);
    await waitFor(() => expect(busy(container)).toEqual([]), { timeout: 5_000 });
    expect(sectionOrder(container)).toEqual(CASE_SECTIONS.map(([id]) => id));
  });

  it('a small case renders every section at once', () => {
    const c = sampleCase();
    expect(c.snapshot.events.length).toBeLessThanOrEqual(STAGE_OVER);
    const { container } = view(c);
    expect(busy(container)).toEqual([]);
    expect(container.querySelector('section.timeline svg')).not.toBeNull();
    expect(sectionOrder(container)).toEqual(CASE_SECTIONS.map(([id]) => id));
  });
});

describe('StageQueue', () => {
  it('starts one part at a time, in the order queued, each after the one before is done', async () => {
    const q = new StageQueue();
    const started: string[] = [];
    q.add(() => started.push('a'));
    const dropB = q.add(() => started.push('b'));
    q.add(() => started.push('c'));
    q.add(() => started.push('d'));
    await waitFor(() => expect(started).toEqual(['a']));
    // Until 'a' says it is done nothing else starts, however long it takes.
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toEqual(['a']);
    dropB(); // a part unmounted before its turn is skipped
    q.done();
    await waitFor(() => expect(started).toEqual(['a', 'c']));
    q.stop(); // the view closed: nothing more starts
    q.done();
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toEqual(['a', 'c']);
  });

  it('starts the parts queued first before the others, each group in the order queued', async () => {
    const q = new StageQueue();
    const started: string[] = [];
    const part = (name: string) => () => {
      started.push(name);
      q.done();
    };
    q.add(part('a'));
    q.add(part('b'));
    q.add(part('x'), true);
    const dropY = q.add(part('y'), true);
    q.add(part('z'), true);
    q.add(part('c'));
    dropY();
    await waitFor(() => expect(started).toEqual(['x', 'z', 'a', 'b', 'c']));
  });

  it("runs a part's prepare at its turn, in a task before the one that starts it", async () => {
    const q = new StageQueue();
    const seen: string[] = [];
    q.add(() => {
      seen.push('a');
      q.done();
    });
    q.add(
      () => {
        seen.push('b');
        q.done();
      },
      false,
      () => {
        seen.push('prepare b');
        // A task queued from inside prepare runs before b starts: b's start is not in prepare's task.
        setTimeout(() => seen.push('a task after prepare'), 0);
      },
    );
    q.add(() => seen.push('c'));
    await waitFor(() => expect(seen).toEqual(['a', 'prepare b', 'a task after prepare', 'b', 'c']));
  });

  it("a view closed between a part's prepare and its start never starts it", async () => {
    const q = new StageQueue();
    const seen: string[] = [];
    q.add(
      () => seen.push('b'),
      false,
      () => {
        seen.push('prepare b');
        q.stop();
      },
    );
    await waitFor(() => expect(seen).toEqual(['prepare b']));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(['prepare b']);
  });
});

describe('evidence row height', () => {
  it('is two lines below the narrow width (the sidebar) and one line from it (a tab)', () => {
    expect(rowHeight(400)).toBeGreaterThan(rowHeight(1200));
    expect(rowHeight(EVIDENCE_NARROW_PX - 1)).toBe(rowHeight(360));
    expect(rowHeight(EVIDENCE_NARROW_PX)).toBe(rowHeight(1400));
  });
});
