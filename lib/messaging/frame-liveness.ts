/**
 * Is the verdict on the toolbar still backed by live frames? (issue 8, item 3)
 *
 * Every content script sends a heartbeat (`frame-beat`) every HEARTBEAT_MS with what its page
 * badge looks like: 'visible', 'hidden' (the page hid it and the badge could not come back),
 * 'none' (the frame shows no badge: not a log view, or the log is read in a child frame) or
 * 'gone' (the frame is being unloaded: an iframe removed, forget it). This module is the
 * background's bookkeeping, pure and clocked from outside: entrypoints/background.ts feeds it
 * beats and timer ticks and shows `toolbarWarning` instead of the verdict while it says so.
 *
 * A frame that stops beating (its content script was stopped, crashed or blocked) for more than
 * SILENT_AFTER_MS makes the tab "stale"; so does a frame whose badge is hidden. The next beat
 * of every such frame ends it. SILENT_AFTER_MS is two and a half beats (the third beat missing),
 * below Chrome's 30 s idle limit for a service worker: the worker that last heard a beat is
 * still alive when that frame's deadline passes. (A worker that restarts forgets its frames;
 * they are watched again from their next beat.)
 */

export const HEARTBEAT_MS = 10_000;
export const SILENT_AFTER_MS = 25_000;

export type BadgeReport = 'visible' | 'hidden' | 'none' | 'gone';

interface FrameBeat {
  at: number;
  badge: Exclude<BadgeReport, 'gone'>;
}

export type Liveness =
  | { kind: 'live' }
  /** Frames silent for longer than SILENT_AFTER_MS. */
  | { kind: 'silent'; frames: number[] }
  /** Frames whose page hid the verdict badge (none silent). */
  | { kind: 'hidden'; frames: number[] };

export class FrameLiveness {
  private readonly tabs = new Map<number, Map<number, FrameBeat>>();

  constructor(private readonly silentAfterMs = SILENT_AFTER_MS) {}

  /** A frame's heartbeat. Returns true when the tab's liveness changed (show it). */
  beat(tabId: number, frameId: number, badge: BadgeReport, now: number): boolean {
    const before = this.status(tabId, now);
    let frames = this.tabs.get(tabId);
    if (badge === 'gone') {
      frames?.delete(frameId);
      if (frames?.size === 0) this.tabs.delete(tabId);
    } else {
      if (!frames) this.tabs.set(tabId, (frames = new Map()));
      frames.set(frameId, { at: now, badge });
    }
    return !sameLiveness(before, this.status(tabId, now));
  }

  /** The tab closed or loaded a new document: its frames start over. */
  forgetTab(tabId: number): void {
    this.tabs.delete(tabId);
  }

  status(tabId: number, now: number): Liveness {
    const frames = this.tabs.get(tabId);
    if (!frames) return { kind: 'live' };
    const silent: number[] = [];
    const hidden: number[] = [];
    for (const [frameId, b] of frames) {
      if (now - b.at > this.silentAfterMs) silent.push(frameId);
      else if (b.badge === 'hidden') hidden.push(frameId);
    }
    if (silent.length) return { kind: 'silent', frames: silent.sort((a, b) => a - b) };
    if (hidden.length) return { kind: 'hidden', frames: hidden.sort((a, b) => a - b) };
    return { kind: 'live' };
  }

  /** When the tab's status can next change without a beat (a frame's silence deadline), or undefined. */
  nextDeadline(tabId: number, now: number): number | undefined {
    let next: number | undefined;
    for (const b of this.tabs.get(tabId)?.values() ?? []) {
      const due = b.at + this.silentAfterMs + 1;
      if (due > now && (next === undefined || due < next)) next = due;
    }
    return next;
  }
}

function sameLiveness(a: Liveness, b: Liveness): boolean {
  return (
    a.kind === b.kind &&
    (a.kind === 'live' || a.frames.join() === (b as Exclude<Liveness, { kind: 'live' }>).frames.join())
  );
}

/**
 * The toolbar badge while a tab is not live, or undefined (show the verdict: `badgeFor` in
 * ./tab-state). Only a tab that shows a verdict (`hasRows`) warns: a console page that is not a
 * log view keeps its empty badge. `verdict` (e.g. "escalate, 3 finding(s)") stays in the title
 * of a hidden badge: the rows are still read, only the page's copy of the verdict is hidden.
 */
export function toolbarWarning(
  liveness: Liveness,
  hasRows: boolean,
  verdict: string,
): { text: string; color: string; title: string } | undefined {
  if (!hasRows || liveness.kind === 'live') return undefined;
  return liveness.kind === 'silent'
    ? {
        text: '?',
        color: '#5f6368',
        title: 'Token Triage: the page stopped reporting; reload it (the last verdict may be out of date)',
      }
    : { text: '?', color: '#5f6368', title: `Token Triage: the page hid the verdict badge (${verdict})` };
}
