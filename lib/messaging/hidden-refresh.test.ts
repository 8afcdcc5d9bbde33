import { describe, expect, it } from 'vitest';
import { createRefreshPacer, HIDDEN_REFRESH_MS } from './hidden-refresh';

/** A pacer on a fake clock: `advance(ms)` runs the timers that fall due; `asks` lists the times it asked. */
function setup(shown?: boolean) {
  let now = 10_000;
  let next = 0;
  const timers = new Map<number, { at: number; cb: () => void }>();
  const asks: number[] = [];
  const pacer = createRefreshPacer({
    refresh: () => void asks.push(now),
    now: () => now,
    setTimeout: (cb, ms) => {
      timers.set(++next, { at: now + ms, cb });
      return next;
    },
    clearTimeout: (h) => void timers.delete(h as number),
    ...(shown !== undefined ? { shown } : {}),
  });
  const advance = (ms: number): void => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].cb();
    }
    now = end;
  };
  return { pacer, asks, advance, pendingTimers: () => timers.size, t0: 10_000 };
}

describe('the hidden sidebar refresh pacer', () => {
  it('asks at every change while shown (the default: a frame not told otherwise)', () => {
    const s = setup();
    expect(s.pacer.shown).toBe(true);
    s.pacer.changed();
    s.advance(10);
    s.pacer.changed();
    s.pacer.changed();
    expect(s.asks).toEqual([s.t0, s.t0 + 10, s.t0 + 10]);
    expect(s.pendingTimers()).toBe(0);
  });

  it('asks at most once per interval while hidden, folding the changes in between into one ask', () => {
    const s = setup(false);
    s.pacer.changed(); // the first change after a quiet time: at once
    expect(s.asks).toEqual([s.t0]);
    // a row every 400 ms, as the badge benchmark inserts them
    for (let i = 0; i < 6; i++) {
      s.advance(400);
      s.pacer.changed();
    }
    s.advance(2_000);
    expect(s.asks).toEqual([
      s.t0,
      s.t0 + HIDDEN_REFRESH_MS,
      s.t0 + 2 * HIDDEN_REFRESH_MS,
      s.t0 + 3 * HIDDEN_REFRESH_MS,
    ]);
    for (let i = 1; i < s.asks.length; i++)
      expect(s.asks[i]! - s.asks[i - 1]!).toBeGreaterThanOrEqual(HIDDEN_REFRESH_MS);
  });

  it('does not ask at the end of an interval in which nothing changed', () => {
    const s = setup(false);
    s.pacer.changed();
    s.advance(5_000);
    expect(s.asks).toEqual([s.t0]);
    expect(s.pendingTimers()).toBe(0);
  });

  it('asks at once when shown after a change it held back, and drops the held-back timer', () => {
    const s = setup(false);
    s.pacer.changed();
    s.advance(200);
    s.pacer.changed(); // held back until t0 + 1000
    s.pacer.setShown(true);
    expect(s.asks).toEqual([s.t0, s.t0 + 200]);
    s.advance(2_000);
    expect(s.asks).toEqual([s.t0, s.t0 + 200]); // the timer did not ask again
  });

  it('does not ask when shown if nothing changed since the last ask', () => {
    const s = setup(false);
    s.pacer.changed();
    s.advance(3_000);
    s.pacer.setShown(true);
    expect(s.asks).toEqual([s.t0]);
  });

  it('is held back again once hidden, and a repeated show or hide changes nothing', () => {
    const s = setup();
    s.pacer.changed();
    s.pacer.setShown(false);
    s.pacer.setShown(false);
    expect(s.pacer.shown).toBe(false);
    s.advance(100);
    s.pacer.changed(); // within the interval of the last ask
    expect(s.asks).toEqual([s.t0]);
    s.pacer.setShown(true);
    s.pacer.setShown(true);
    expect(s.asks).toEqual([s.t0, s.t0 + 100]);
  });

  it('stop() drops a held-back ask', () => {
    const s = setup(false);
    s.pacer.changed();
    s.advance(100);
    s.pacer.changed();
    s.pacer.stop();
    s.advance(5_000);
    expect(s.asks).toEqual([s.t0]);
  });
});
