import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ClaimReplySchema,
  MountMessageSchema,
  parseSidebarMessage,
  SIDEBAR_REFUSED,
  SidebarGrants,
} from './sidebar-grant';

const random = (b: Uint8Array) => void webcrypto.getRandomValues(b);

describe('SidebarGrants', () => {
  it('issues a fresh 256-bit token per mount', () => {
    const g = new SidebarGrants(random);
    const a = g.issue(1);
    const b = g.issue(1);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
  });

  it('refuses to issue from a broken random source', () => {
    const g = new SidebarGrants(() => undefined);
    expect(() => g.issue(1)).toThrow();
  });

  it('binds a token once, to the frame that claims it on the tab it was issued for', () => {
    const g = new SidebarGrants(random);
    const t = g.issue(1);
    expect(g.isBound(1, 5)).toBe(false);
    expect(g.claim(t, 2, 5)).toEqual({ ok: false, error: SIDEBAR_REFUSED }); // another tab (none pending there)
    expect(g.claim(t, 1, 5)).toEqual({ ok: true });
    expect(g.isBound(1, 5)).toBe(true);
    expect(g.isBound(1, 6)).toBe(false);
    expect(g.isBound(2, 5)).toBe(false);
    // a second claim, by another frame or the same one, is refused and changes nothing
    expect(g.claim(t, 1, 6)).toEqual({ ok: false, error: SIDEBAR_REFUSED });
    expect(g.claim(t, 1, 5).ok).toBe(false);
    expect(g.isBound(1, 6)).toBe(false);
    expect(g.isBound(1, 5)).toBe(true);
  });

  it('a claim from another tab does not use the token up', () => {
    const g = new SidebarGrants(random);
    const t = g.issue(1);
    expect(g.claim(t, 2, 5).ok).toBe(false);
    expect(g.claim(t, 1, 5)).toEqual({ ok: true });
  });

  it('refuses junk and unknown tokens without blocking the real one', () => {
    const g = new SidebarGrants(random);
    const t = g.issue(1);
    for (const junk of ['', 'x', '0'.repeat(64), t.toUpperCase(), t.slice(1)])
      expect(g.claim(junk, 1, 5)).toEqual({ ok: false, error: SIDEBAR_REFUSED, pending: true });
    expect(g.claim(t, 1, 5)).toEqual({ ok: true });
  });

  it('says whether a claim is pending for the tab (the sidebar waits) or not (it shows the refusal)', () => {
    const g = new SidebarGrants(random);
    expect(g.status(1, 5)).toEqual({ ok: false, error: SIDEBAR_REFUSED });
    const t = g.issue(1);
    expect(g.status(1, 5)).toEqual({ ok: false, error: SIDEBAR_REFUSED, pending: true });
    expect(g.status(2, 5)).toEqual({ ok: false, error: SIDEBAR_REFUSED });
    g.claim(t, 1, 5);
    expect(g.status(1, 5)).toEqual({ ok: true });
    expect(g.status(1, 7)).toEqual({ ok: false, error: SIDEBAR_REFUSED });
  });

  it('revokes a token on unmount, only from its own tab', () => {
    const g = new SidebarGrants(random);
    const t = g.issue(1);
    g.claim(t, 1, 5);
    expect(g.revoke(t, 2)).toBe(false);
    expect(g.isBound(1, 5)).toBe(true);
    expect(g.revoke(t, 1)).toBe(true);
    expect(g.isBound(1, 5)).toBe(false);
    expect(g.claim(t, 1, 5).ok).toBe(false); // a revoked token cannot be claimed again
  });

  it('forgets every token of a closed tab and keeps the others', () => {
    const g = new SidebarGrants(random);
    const a = g.issue(1);
    const b = g.issue(2);
    g.claim(a, 1, 5);
    const pending = g.issue(1);
    expect(g.forgetTab(1)).toBe(true);
    expect(g.isBound(1, 5)).toBe(false);
    expect(g.claim(pending, 1, 6).ok).toBe(false);
    expect(g.claim(b, 2, 5)).toEqual({ ok: true });
    expect(g.forgetTab(1)).toBe(false);
  });

  it('keeps only a few unclaimed tokens per tab (the oldest go)', () => {
    const g = new SidebarGrants(random);
    const tokens = Array.from({ length: 6 }, () => g.issue(1));
    expect(g.claim(tokens[0]!, 1, 5).ok).toBe(false);
    expect(g.claim(tokens[5]!, 1, 5).ok).toBe(true);
    expect(g.snapshot().grants.length).toBeLessThanOrEqual(4);
  });

  it('survives a service worker restart through its snapshot, and ignores a damaged one', () => {
    const g = new SidebarGrants(random);
    const t = g.issue(1);
    g.claim(t, 1, 5);
    const pending = g.issue(1);
    const again = new SidebarGrants(random, JSON.parse(JSON.stringify(g.snapshot())));
    expect(again.isBound(1, 5)).toBe(true);
    expect(again.claim(pending, 1, 6)).toEqual({ ok: true });
    expect(new SidebarGrants(random, { grants: [{ token: 'short', tabId: 1, frameId: 5 }] }).isBound(1, 5)).toBe(false);
    expect(new SidebarGrants(random, 'junk').snapshot()).toEqual({ grants: [] });
  });
});

describe('the sidebar messages', () => {
  it('parses the three background messages and nothing else', () => {
    expect(parseSidebarMessage({ type: 'sidebar-token' })).toEqual({ type: 'sidebar-token' });
    expect(parseSidebarMessage({ type: 'sidebar-claim', token: 'abc' })).toEqual({
      type: 'sidebar-claim',
      token: 'abc',
    });
    expect(parseSidebarMessage({ type: 'sidebar-claim' })).toEqual({ type: 'sidebar-claim' });
    expect(parseSidebarMessage({ type: 'sidebar-release', token: 'a'.repeat(64) })).toBeDefined();
    expect(parseSidebarMessage({ type: 'sidebar-release', token: 'nope' })).toBeUndefined();
    expect(parseSidebarMessage({ type: 'sidebar-claim', token: 'x'.repeat(201) })).toBeUndefined();
    expect(parseSidebarMessage({ type: 'get-state' })).toBeUndefined();
  });
  it('accepts only a well-formed mount message', () => {
    expect(MountMessageSchema.safeParse({ type: 'token-triage-mount', token: 'f'.repeat(64) }).success).toBe(true);
    expect(MountMessageSchema.safeParse({ type: 'token-triage-mount', token: 'f'.repeat(63) }).success).toBe(false);
    expect(MountMessageSchema.safeParse('token-triage-mount').success).toBe(false);
    expect(ClaimReplySchema.safeParse({ ok: false, error: SIDEBAR_REFUSED, pending: true }).success).toBe(true);
  });
});
