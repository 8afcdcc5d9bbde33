// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { guardContentScriptContext } from './context-guard';

const NAME = 'abcdefghijklmnop:okta:wxt:content-script-started';

/**
 * WXT 0.20's listenForNewerScripts (node_modules/wxt/dist/utils/content-script-context.mjs), as
 * it is: WXT's module reads import.meta.env.ENTRYPOINT, which only its build fills in, so the
 * unit test carries a copy and the browser test (test/e2e/trust-page.e2e.test.ts) the real one.
 */
class ContentScriptContext {
  readonly id = Math.random().toString(36).slice(2);
  private readonly abortController = new AbortController();
  constructor(private readonly contentScriptName: string) {
    const cb = (event: Event) => {
      if (!(event instanceof CustomEvent)) return;
      const detail = event.detail as { contentScriptName?: string; messageId?: string } | null;
      if (detail?.contentScriptName === this.contentScriptName && detail.messageId !== this.id)
        this.abortController.abort();
    };
    document.addEventListener(NAME, cb);
    cleanups.push(() => document.removeEventListener(NAME, cb));
  }
  get signal(): AbortSignal {
    return this.abortController.signal;
  }
}

/** What a page script can dispatch: WXT's event with the entrypoint's name and a message id of its own. */
const forge = (contentScriptName: string) =>
  document.dispatchEvent(new CustomEvent(NAME, { detail: { contentScriptName, messageId: 'attacker' } }));

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('guardContentScriptContext', () => {
  it("without the guard, a forged started event invalidates WXT's context (the attack)", () => {
    const ctx = new ContentScriptContext('okta');
    forge('okta');
    expect(ctx.signal.aborted).toBe(true);
  });

  it('swallows the forged event while the extension context is alive: the content script keeps running', () => {
    const ctx = new ContentScriptContext('okta');
    let blocked = 0;
    cleanups.push(
      guardContentScriptContext(window, { eventName: NAME, isAlive: () => true, onBlocked: () => void (blocked += 1) }),
    );
    forge('okta');
    forge('okta');
    expect(ctx.signal.aborted).toBe(false);
    expect(blocked).toBe(2);
  });

  it('also when dispatched on an element, bubbling up to the document', () => {
    const ctx = new ContentScriptContext('okta');
    cleanups.push(guardContentScriptContext(window, { eventName: NAME, isAlive: () => true }));
    document.body.dispatchEvent(
      new CustomEvent(NAME, { bubbles: true, detail: { contentScriptName: 'okta', messageId: 'x' } }),
    );
    expect(ctx.signal.aborted).toBe(false);
  });

  it('lets the event through once the extension context is gone (a newer copy after an update stops the old one)', () => {
    const ctx = new ContentScriptContext('okta');
    cleanups.push(guardContentScriptContext(window, { eventName: NAME, isAlive: () => false }));
    forge('okta');
    expect(ctx.signal.aborted).toBe(true);
  });

  it('treats a throwing liveness check as a dead context', () => {
    const ctx = new ContentScriptContext('okta');
    cleanups.push(
      guardContentScriptContext(window, {
        eventName: NAME,
        isAlive: () => {
          throw new Error('Extension context invalidated');
        },
      }),
    );
    forge('okta');
    expect(ctx.signal.aborted).toBe(true);
  });

  it('leaves other events alone, and is removed by its clean-up', () => {
    let seen = 0;
    const count = () => void (seen += 1);
    document.addEventListener('click', count);
    const off = guardContentScriptContext(window, { eventName: NAME, isAlive: () => true });
    document.dispatchEvent(new Event('click'));
    expect(seen).toBe(1);
    off();
    const ctx = new ContentScriptContext('okta');
    forge('okta');
    expect(ctx.signal.aborted).toBe(true);
    document.removeEventListener('click', count);
  });
});
