import { describe, expect, it } from 'vitest';
import { FrameLiveness, HEARTBEAT_MS, SILENT_AFTER_MS, toolbarWarning } from './frame-liveness';

describe('FrameLiveness', () => {
  it('is live while every frame beats on time, silent once one misses its beats, live again when it beats', () => {
    const l = new FrameLiveness();
    let now = 1_000;
    expect(l.beat(7, 0, 'visible', now)).toBe(false); // live → live
    expect(l.beat(7, 3, 'none', now)).toBe(false);
    for (let i = 0; i < 5; i++) {
      now += HEARTBEAT_MS;
      l.beat(7, 0, 'visible', now);
      l.beat(7, 3, 'none', now);
      expect(l.status(7, now)).toEqual({ kind: 'live' });
    }
    // Frame 3 stops reporting; frame 0 goes on.
    const lastOf3 = now;
    now += HEARTBEAT_MS;
    l.beat(7, 0, 'visible', now);
    now += HEARTBEAT_MS;
    l.beat(7, 0, 'visible', now);
    expect(l.status(7, now)).toEqual({ kind: 'live' }); // two beats missed: not yet
    expect(l.nextDeadline(7, now)).toBe(lastOf3 + SILENT_AFTER_MS + 1);
    now = lastOf3 + SILENT_AFTER_MS + 1;
    expect(l.status(7, now)).toEqual({ kind: 'silent', frames: [3] });
    // Its next beat ends it (the report resumed), and says so.
    expect(l.beat(7, 3, 'none', now)).toBe(true);
    expect(l.status(7, now)).toEqual({ kind: 'live' });
  });

  it("the third beat missing is the limit, and it is below the service worker's 30 s idle time", () => {
    expect(SILENT_AFTER_MS).toBeGreaterThan(2 * HEARTBEAT_MS);
    expect(SILENT_AFTER_MS).toBeLessThan(3 * HEARTBEAT_MS);
    expect(SILENT_AFTER_MS).toBeLessThan(30_000);
  });

  it('says when a frame reports its badge hidden, until it reports it visible', () => {
    const l = new FrameLiveness();
    l.beat(1, 0, 'visible', 0);
    expect(l.beat(1, 0, 'hidden', 10)).toBe(true);
    expect(l.status(1, 10)).toEqual({ kind: 'hidden', frames: [0] });
    expect(l.beat(1, 0, 'hidden', 20)).toBe(false); // no change: nothing to redraw
    expect(l.beat(1, 0, 'visible', 30)).toBe(true);
    expect(l.status(1, 30)).toEqual({ kind: 'live' });
  });

  it('silence wins over a hidden badge (the page stopped reporting altogether)', () => {
    const l = new FrameLiveness();
    l.beat(1, 0, 'hidden', 0);
    l.beat(1, 4, 'visible', 0);
    l.beat(1, 0, 'hidden', SILENT_AFTER_MS);
    expect(l.status(1, SILENT_AFTER_MS + 2)).toEqual({ kind: 'silent', frames: [4] });
  });

  it('forgets a frame that says it is going away (an iframe removed) and a tab that reloads', () => {
    const l = new FrameLiveness();
    l.beat(1, 0, 'visible', 0);
    l.beat(1, 5, 'visible', 0);
    l.beat(1, 5, 'gone', 1);
    l.beat(1, 0, 'visible', SILENT_AFTER_MS);
    expect(l.status(1, SILENT_AFTER_MS + 2)).toEqual({ kind: 'live' });
    l.forgetTab(1);
    expect(l.status(1, 10 * SILENT_AFTER_MS)).toEqual({ kind: 'live' });
    expect(l.nextDeadline(1, 0)).toBeUndefined();
  });

  it('keeps tabs apart', () => {
    const l = new FrameLiveness();
    l.beat(1, 0, 'visible', 0);
    l.beat(2, 0, 'hidden', 0);
    expect(l.status(1, 1)).toEqual({ kind: 'live' });
    expect(l.status(2, 1)).toEqual({ kind: 'hidden', frames: [0] });
    expect(l.status(3, 1)).toEqual({ kind: 'live' }); // never heard of: nothing to say
  });
});

describe('toolbarWarning', () => {
  it('shows a grey "?" with what happened, only for a tab that shows a verdict', () => {
    expect(toolbarWarning({ kind: 'live' }, true, 'escalate, 2 finding(s)')).toBeUndefined();
    expect(toolbarWarning({ kind: 'silent', frames: [0] }, false, '')).toBeUndefined();
    const silent = toolbarWarning({ kind: 'silent', frames: [0] }, true, 'escalate, 2 finding(s)')!;
    expect(silent.text).toBe('?');
    expect(silent.title).toMatch(/the page stopped reporting; reload it/);
    const hidden = toolbarWarning({ kind: 'hidden', frames: [0] }, true, 'escalate, 2 finding(s)')!;
    expect(hidden.text).toBe('?');
    expect(hidden.title).toBe('Token Triage: the page hid the verdict badge (escalate, 2 finding(s))');
  });
});

describe('the frame-beat message (lib/messaging/protocol.ts)', () => {
  it('is accepted by the background with one of the four badge reports, and nothing else', async () => {
    const { parseToBackground } = await import('./protocol');
    for (const badge of ['visible', 'hidden', 'none', 'gone'])
      expect(parseToBackground({ type: 'frame-beat', badge })).toEqual({ type: 'frame-beat', badge });
    expect(parseToBackground({ type: 'frame-beat', badge: 'maybe' })).toBeUndefined();
    expect(parseToBackground({ type: 'frame-beat' })).toBeUndefined();
  });
});
