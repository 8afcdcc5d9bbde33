import { describe, expect, it } from 'vitest';
import { SIDEBAR_REFUSED } from './sidebar-grant';
import { createSidebarGate, refusalOf, type GateState } from './sidebar-gate';

const REAL = 'a'.repeat(64);
const JUNK = 'b'.repeat(64);
const settle = () => new Promise((r) => setTimeout(r, 0));

/** A framed gate over a fake background that binds `REAL` once; `pending`: a mount of ours waits for its claim. */
function framed(pending: boolean) {
  let post!: (data: unknown) => void;
  const claims: (string | undefined)[] = [];
  let bound = false;
  const gate = createSidebarGate({
    framed: true,
    listen: (cb) => (post = cb),
    claim: async (token) => {
      claims.push(token);
      if (token === REAL && !bound) return ((bound = true), { ok: true });
      if (token === undefined && bound) return { ok: true };
      return { ok: false, error: SIDEBAR_REFUSED, ...(pending && !bound ? { pending: true } : {}) };
    },
  });
  const seen: GateState['status'][] = [];
  gate.subscribe((s) => seen.push(s.status));
  let ready = false;
  void gate.ready.then(() => (ready = true));
  return { gate, post: (d: unknown) => post(d), claims, seen, isReady: () => ready };
}

describe('the sidebar gate', () => {
  it('a top-level sidebar page is ready at once, without a token', async () => {
    const gate = createSidebarGate({
      framed: false,
      listen: () => undefined,
      claim: () => Promise.reject(new Error('not called')),
    });
    await gate.ready;
    expect(gate.state()).toEqual({ status: 'ready' });
  });

  it('a framed sidebar waits while its mount is pending, and is ready once the real token is claimed, junk before it or not', async () => {
    const g = framed(true);
    await settle();
    expect(g.gate.state().status).toBe('waiting');
    g.post('hello');
    g.post({ type: 'token-triage-mount', token: 'short' });
    g.post({ type: 'token-triage-mount', token: JUNK });
    await settle();
    expect(g.gate.state().status).toBe('waiting');
    expect(g.isReady()).toBe(false);
    g.post({ type: 'token-triage-mount', token: REAL });
    await settle();
    expect(g.isReady()).toBe(true);
    expect(g.gate.state().status).toBe('ready');
    expect(g.claims).toEqual([undefined, JUNK, REAL]); // malformed candidates are not even sent
  });

  it('a framed sidebar no mount of ours is pending for shows the plain refusal and never becomes ready', async () => {
    const g = framed(false);
    await settle();
    expect(g.gate.state()).toEqual({ status: 'refused', error: SIDEBAR_REFUSED });
    g.post({ type: 'token-triage-mount', token: JUNK });
    await settle();
    expect(g.isReady()).toBe(false);
    expect(g.gate.state().status).toBe('refused');
  });

  it('shows a refusal that comes back on a later call', async () => {
    const g = framed(true);
    g.post({ type: 'token-triage-mount', token: REAL });
    await settle();
    expect(g.gate.state().status).toBe('ready');
    g.gate.refused(SIDEBAR_REFUSED);
    expect(g.gate.state()).toEqual({ status: 'refused', error: SIDEBAR_REFUSED });
    expect(g.seen).toEqual(['ready', 'refused']);
  });

  it('recognises a refusal in any background answer', () => {
    expect(refusalOf({ ok: false, error: SIDEBAR_REFUSED })).toBe(SIDEBAR_REFUSED);
    expect(refusalOf({ ok: false, error: 'Case not found' })).toBeUndefined();
    expect(refusalOf({ tabId: 3 })).toBeUndefined();
    expect(refusalOf(null)).toBeUndefined();
  });
});
