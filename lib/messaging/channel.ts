/**
 * A small typed channel over runtime messaging. Every receiver parses with the zod schemas in
 * ./protocol and ignores anything else; listeners answer through `sendResponse` + `return true`
 * (works with and without the polyfill, and in WXT's fake browser).
 */
import { browser, type Browser } from 'wxt/browser';
import type { StateChanged, ToBackground, ToPage } from './protocol';

export type Sender = Browser.runtime.MessageSender;

/** Sends to the background; resolves to its answer, or undefined when no one listens. */
export async function sendToBackground(msg: ToBackground): Promise<unknown> {
  try {
    return await browser.runtime.sendMessage(msg);
  } catch {
    return undefined; // the background is restarting or the extension was reloaded
  }
}

/** Sends to one frame of a tab; resolves to its answer, or undefined when the frame is gone. */
export async function sendToFrame(tabId: number, frameId: number, msg: ToPage): Promise<unknown> {
  try {
    return await browser.tabs.sendMessage(tabId, msg, { frameId });
  } catch {
    return undefined;
  }
}

/**
 * Registers a runtime.onMessage handler for the messages `parse` accepts. The handler's return
 * value (or resolved promise) is the answer. Returns the unsubscribe function.
 */
export function handleMessages<T>(
  parse: (raw: unknown) => T | undefined,
  handler: (msg: T, sender: Sender) => unknown,
): () => void {
  const listener = (raw: unknown, sender: Sender, sendResponse: (r?: unknown) => void): true | undefined => {
    const msg = parse(raw);
    if (msg === undefined) return undefined;
    Promise.resolve()
      .then(() => handler(msg, sender))
      .then(
        (r) => sendResponse(r ?? null),
        () => sendResponse(null),
      );
    return true;
  };
  browser.runtime.onMessage.addListener(listener as Parameters<typeof browser.runtime.onMessage.addListener>[0]);
  return () =>
    browser.runtime.onMessage.removeListener(
      listener as Parameters<typeof browser.runtime.onMessage.removeListener>[0],
    );
}

/** Background → extension pages (the sidebars): fire and forget. */
export function notifyExtensionPages(msg: StateChanged): void {
  browser.runtime.sendMessage(msg).catch(() => undefined); // no sidebar open: nothing listens
}
