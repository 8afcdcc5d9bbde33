import { describe, expect, it } from 'vitest';
import { targetTab } from './sender-tab';

const BASE = 'chrome-extension://abcdefghijklmnop/';

describe('targetTab', () => {
  it("lets an extension page name any tab, and falls back to the page's own tab", () => {
    expect(targetTab(7, { url: `${BASE}sidebar.html`, tab: { id: 3 } }, BASE)).toBe(7);
    expect(targetTab(undefined, { url: `${BASE}sidebar.html`, tab: { id: 3 } }, BASE)).toBe(3);
  });
  it('keeps a content script (a console page) to its own tab, whatever it names', () => {
    expect(targetTab(7, { url: 'https://github.com/orgs/x/audit-log', tab: { id: 3 } }, BASE)).toBe(3);
    expect(targetTab(7, { url: 'https://evil.example/chrome-extension://abcdefghijklmnop/', tab: { id: 3 } }, BASE)).toBe(3);
  });
  it('answers nothing to a sender with neither', () => {
    expect(targetTab(7, { url: 'https://github.com/' }, BASE)).toBeUndefined();
    expect(targetTab(undefined, {}, BASE)).toBeUndefined();
  });
});
