/**
 * Which framed sidebar may act (issue 8, item 2). sidebar.html is web-accessible, so a script on
 * a console host can frame its own copy and trick the analyst into clicking it. Only the frame
 * the extension mounted for a tab may call the background as a sidebar:
 *
 *   content script ──sidebar-token──► background: issue(tab)      → a fresh random token
 *   content script ──postMessage(token, extension origin)──► its own sidebar iframe (never a URL)
 *   sidebar ─────────sidebar-claim(token)──► background: claim(token, tab, frame) → bound once
 *   every store / get-state / highlight from a framed extension page: isBound(tab, frame)
 *   content script ──sidebar-release──► background: revoke(token); tab closed: forgetTab(tab)
 *
 * The logic only (no browser API): the background wires it to messaging and keeps `snapshot()`
 * in storage.session so a restarted service worker still knows the bound frames.
 */
import * as z from 'zod/mini';
import { MOUNT_MESSAGE, TOKEN_RE } from './sidebar-frame';

/** What a refused sidebar shows, and what every refused call answers. */
export const SIDEBAR_REFUSED = 'This sidebar was not opened by Token Triage on this tab.';

/** 32 random bytes as hex: 256 bits. */
const TOKEN_BYTES = 32;
/** Issued and not yet claimed, per tab: a page cannot make the background hoard tokens. */
const MAX_PENDING_PER_TAB = 4;

const token = z.string().check(z.regex(TOKEN_RE));

/** Content script → background: a token for the sidebar it is about to mount. Reply: { token }. */
export const SidebarTokenSchema = z.object({ type: z.literal('sidebar-token') });
/** Sidebar → background: bind me with this token; without a token, only asks where it stands. */
export const SidebarClaimSchema = z.object({
  type: z.literal('sidebar-claim'),
  token: z.optional(z.string().check(z.maxLength(200))),
});
/** Content script → background: the sidebar with this token was removed. */
export const SidebarReleaseSchema = z.object({ type: z.literal('sidebar-release'), token });
export const SidebarMessageSchema = z.discriminatedUnion('type', [
  SidebarTokenSchema,
  SidebarClaimSchema,
  SidebarReleaseSchema,
]);
export type SidebarMessage = z.infer<typeof SidebarMessageSchema>;

/** The mount message as the sidebar receives it from `postMessage` (from anyone: checked here). */
export const MountMessageSchema = z.object({ type: z.literal(MOUNT_MESSAGE), token });

/**
 * The answer to a claim: bound, or refused; `pending` says a token was issued for this tab and
 * is not claimed yet (the sidebar waits for its mount message instead of showing the refusal).
 */
export const ClaimReplySchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string(), pending: z.optional(z.boolean()) }),
]);
export type ClaimReply = z.infer<typeof ClaimReplySchema>;

export function parseSidebarMessage(raw: unknown): SidebarMessage | undefined {
  const r = SidebarMessageSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

export interface Grant {
  token: string;
  tabId: number;
  /** The frame that claimed it; absent while issued and unclaimed. */
  frameId?: number;
}

/** The whole table, as kept in storage.session. */
export interface GrantSnapshot {
  grants: Grant[];
}

const GrantSnapshotSchema = z.object({
  grants: z.array(z.object({ token, tabId: z.number(), frameId: z.optional(z.number()) })).check(z.maxLength(10_000)),
});

export class SidebarGrants {
  private grants: Grant[];

  /** `random` fills its argument with cryptographically random bytes (crypto.getRandomValues). */
  constructor(
    private readonly random: (bytes: Uint8Array) => void,
    saved?: unknown,
  ) {
    const r = GrantSnapshotSchema.safeParse(saved);
    this.grants = r.success ? r.data.grants.map((g) => ({ ...g })) : [];
  }

  /** A fresh token for a sidebar about to be mounted in `tabId`. */
  issue(tabId: number): string {
    const bytes = new Uint8Array(TOKEN_BYTES);
    this.random(bytes);
    const t = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    if (!TOKEN_RE.test(t) || /^0+$/.test(t)) throw new Error('no random source');
    const pending = this.grants.filter((g) => g.tabId === tabId && g.frameId === undefined);
    // The oldest unclaimed ones go: a mount whose sidebar never loaded leaves no live token behind.
    for (const old of pending.slice(0, Math.max(0, pending.length - MAX_PENDING_PER_TAB + 1))) this.drop(old.token);
    this.grants.push({ token: t, tabId });
    return t;
  }

  /**
   * Binds `token` to the claiming frame, once. Refused: an unknown or revoked token, a token
   * issued for another tab, a token already claimed (even by the same frame: a second claim
   * means someone else holds it).
   */
  claim(candidate: string, tabId: number, frameId: number): ClaimReply {
    const g = this.grants.find((x) => x.token === candidate);
    if (!g || g.tabId !== tabId || g.frameId !== undefined) return this.refusal(tabId);
    g.frameId = frameId;
    return { ok: true };
  }

  /** Where a frame stands without a token: bound, or refused (and whether a claim is pending). */
  status(tabId: number, frameId: number): ClaimReply {
    return this.isBound(tabId, frameId) ? { ok: true } : this.refusal(tabId);
  }

  /** The frame claimed a token for its own tab. */
  isBound(tabId: number | undefined, frameId: number | undefined): boolean {
    if (tabId === undefined || frameId === undefined) return false;
    return this.grants.some((g) => g.tabId === tabId && g.frameId === frameId);
  }

  /** The content script removed its sidebar: the token stops working (only its own tab's). */
  revoke(candidate: string, tabId: number): boolean {
    const g = this.grants.find((x) => x.token === candidate);
    if (!g || g.tabId !== tabId) return false;
    this.drop(candidate);
    return true;
  }

  /** The tab closed: every token of it is forgotten. */
  forgetTab(tabId: number): boolean {
    const before = this.grants.length;
    this.grants = this.grants.filter((g) => g.tabId !== tabId);
    return this.grants.length !== before;
  }

  snapshot(): GrantSnapshot {
    return { grants: this.grants.map((g) => ({ ...g })) };
  }

  private refusal(tabId: number): ClaimReply {
    const pending = this.grants.some((g) => g.tabId === tabId && g.frameId === undefined);
    return { ok: false, error: SIDEBAR_REFUSED, ...(pending ? { pending: true } : {}) };
  }

  private drop(t: string): void {
    this.grants = this.grants.filter((g) => g.token !== t);
  }
}
