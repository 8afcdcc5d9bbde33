/**
 * Keeps a page script from switching a content script off (issue 8, item 3).
 *
 * WXT 0.20's ContentScriptContext invalidates itself when `document` receives the CustomEvent
 * `${runtime id}:${entrypoint}:wxt:content-script-started` with a messageId other than its own:
 * that is how a content script injected after an extension update stops the old copy. The name
 * is guessable (the extension id is public, the entrypoint names are in the package), and DOM
 * events cross worlds, so a page script could dispatch it and stop the badge, the row marks and
 * the reading while the toolbar kept a stale verdict.
 *
 * The guard: a capture-phase listener on `window` (the first stop of every event dispatched in
 * the document, before WXT's listener on `document`) that swallows that event while THIS
 * script's extension context is alive (`runtime.id` defined). A genuinely newer copy only runs
 * after the extension was reloaded or updated, when the old copy's `runtime.id` is gone: its
 * event then passes and WXT's own clean-up runs as designed.
 *
 * Install it first thing in main(): lib/messaging/page-client.ts does, for every content script.
 */

export interface ContextGuardOptions {
  /** The event WXT's context listens for (`ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE`). */
  eventName: string;
  /** True while this content script's extension context is alive (`browser.runtime?.id != null`). */
  isAlive(): boolean;
  /** Called for each event swallowed (tests; a page that tries is worth nothing more). */
  onBlocked?(): void;
}

/** Installs the guard on `win`; returns the function that removes it. */
export function guardContentScriptContext(win: Window, opts: ContextGuardOptions): () => void {
  const listener = (event: Event): void => {
    if (event.type !== opts.eventName) return;
    let alive: boolean;
    try {
      alive = opts.isAlive();
    } catch {
      alive = false; // the extension context is gone: let WXT's clean-up run
    }
    if (!alive) return;
    event.stopImmediatePropagation();
    opts.onBlocked?.();
  };
  win.addEventListener(opts.eventName, listener, { capture: true });
  return () => win.removeEventListener(opts.eventName, listener, { capture: true });
}
