/**
 * The sidebar page's side of the one-time token (./sidebar-grant.ts). When sidebar.html runs in
 * a frame, it may call the background only after its frame claimed the token its content script
 * posted to it; until then every call waits (`ready`). The mount message can come from anyone
 * (the page may post junk to every frame), so every well-formed candidate is claimed and junk
 * never blocks the real one. A top-level sidebar.html (the case tab) needs no token.
 *
 * The state drives what the sidebar shows: `waiting` (a token was issued for this tab and its
 * mount message has not arrived yet), `ready`, or `refused` with the plain reason (no mount of
 * ours is pending: a page framed sidebar.html itself; or the background later refused a call).
 * No browser API here: entrypoints/sidebar/main.tsx wires `listen` and `claim`.
 */
import { ClaimReplySchema, MountMessageSchema, SIDEBAR_REFUSED } from './sidebar-grant';

export type GateState = { status: 'waiting' } | { status: 'ready' } | { status: 'refused'; error: string };

export interface SidebarGateDeps {
  /** The page is in a frame (window.top !== window). */
  framed: boolean;
  /** window 'message' events' data, from any sender. */
  listen(cb: (data: unknown) => void): void;
  /** Sends `sidebar-claim` (with the token, or without to ask where this frame stands); the raw answer. */
  claim(token?: string): Promise<unknown>;
}

export interface SidebarGate {
  /** Resolves once this page may call the background. */
  readonly ready: Promise<void>;
  state(): GateState;
  subscribe(cb: (s: GateState) => void): () => void;
  /** A call came back refused (the grant was revoked or lost): show it. */
  refused(error: string): void;
}

/** A background answer that is a sidebar refusal; its text, else undefined. */
export function refusalOf(raw: unknown): string | undefined {
  const r = ClaimReplySchema.safeParse(raw);
  return r.success && !r.data.ok && r.data.error === SIDEBAR_REFUSED ? r.data.error : undefined;
}

export function createSidebarGate(deps: SidebarGateDeps): SidebarGate {
  let state: GateState = deps.framed ? { status: 'waiting' } : { status: 'ready' };
  const subs = new Set<(s: GateState) => void>();
  let resolve!: () => void;
  const ready = new Promise<void>((r) => (resolve = r));
  const set = (s: GateState): void => {
    state = s;
    if (s.status === 'ready') resolve();
    for (const cb of subs) cb(s);
  };
  if (!deps.framed) resolve();
  else {
    const answer = (raw: unknown, fromToken: boolean): void => {
      if (state.status === 'ready') return;
      const r = ClaimReplySchema.safeParse(raw);
      if (!r.success) return; // the background did not answer: keep waiting for the token
      if (r.data.ok) set({ status: 'ready' });
      // A junk token is not the end: the real one may still come while a mount is pending.
      else if (!fromToken && !r.data.pending) set({ status: 'refused', error: r.data.error });
    };
    deps.listen((data) => {
      const m = MountMessageSchema.safeParse(data);
      if (!m.success) return;
      void deps.claim(m.data.token).then(
        (raw) => answer(raw, true),
        () => undefined,
      );
    });
    void deps.claim().then(
      (raw) => answer(raw, false),
      () => undefined,
    );
  }
  return {
    ready,
    state: () => state,
    subscribe(cb) {
      subs.add(cb);
      return () => subs.delete(cb);
    },
    refused(error) {
      set({ status: 'refused', error });
    },
  };
}
