/**
 * When the sidebar frame asks the background for its tab's state (`get-state`, ~34 KB on a
 * 2,000-row page), given whether the analyst can see it (issue 11: the sidebar is prepared
 * hidden before the click, lib/messaging/sidebar-frame.ts). Shown: at every change, as before.
 * Hidden: at most once per `intervalMs` (changes in between are folded into one ask at the end
 * of the interval), so a busy console page does not make an unseen frame fetch and render on
 * every row; what the click shows is at most about that old. Shown again: at once if anything
 * changed since the last ask. Pure logic (timers and clock injected): entrypoints/sidebar/main.tsx
 * wires it.
 */

/** Hidden: at most one `get-state` per this many ms. */
export const HIDDEN_REFRESH_MS = 1_000;

export interface RefreshPacerDeps {
  /** Asks for the state now. */
  refresh(): void;
  now(): number;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  intervalMs?: number;
  /** Whether the frame starts shown (a top-level page, or a frame not told otherwise yet): true. */
  shown?: boolean;
}

export interface RefreshPacer {
  /** The tab's state changed (`state-changed` for this tab). */
  changed(): void;
  /** The frame was shown or hidden. */
  setShown(shown: boolean): void;
  readonly shown: boolean;
  /** Stops the pending timer. */
  stop(): void;
}

export function createRefreshPacer(deps: RefreshPacerDeps): RefreshPacer {
  const interval = deps.intervalMs ?? HIDDEN_REFRESH_MS;
  let shown = deps.shown ?? true;
  /** A change not asked for yet. */
  let dirty = false;
  let lastAsk = -Infinity;
  let timer: unknown;

  const cancel = (): void => {
    if (timer === undefined) return;
    deps.clearTimeout(timer);
    timer = undefined;
  };
  const ask = (): void => {
    cancel();
    dirty = false;
    lastAsk = deps.now();
    deps.refresh();
  };

  return {
    changed() {
      if (shown) return ask();
      dirty = true;
      if (timer !== undefined) return;
      const wait = lastAsk + interval - deps.now();
      if (wait <= 0) return ask();
      timer = deps.setTimeout(() => {
        timer = undefined;
        if (dirty && !shown) ask();
      }, wait);
    },
    setShown(next) {
      if (next === shown) return;
      shown = next;
      if (shown && dirty) ask();
      else if (shown) cancel();
    },
    get shown() {
      return shown;
    },
    stop: cancel,
  };
}
