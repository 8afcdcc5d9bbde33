/**
 * "Mark as expected" on a finding (issue 10), the messaging half: the request the sidebar sends
 * (MarkExpectedSchema in ./protocol.ts), the background's reply, and how the team's settings take
 * the entry (`withAllowEntry`, pure: ./team-settings.ts stores the result). The proposal itself is
 * lib/engine/allow-list.ts proposeAllowEntry, carried on each FindingView (`proposal`); the form is
 * components/MarkExpected.tsx.
 *
 * Wiring, for the sidebar: `<MarkExpected finding={f} onMark={(entry) => markExpected(send, f, entry, analyst)} />`
 * with `send = (m) => browser.runtime.sendMessage(m)`. The background appends the entry to the
 * stored team settings (validated with the same schema, masked), judges every tab again, and adds
 * "Marked as expected: …" to the general note of each open case of the finding's subjects.
 */
import * as z from 'zod/mini';
import { type AllowEntry, AllowEntrySchema } from '../engine/allow-list';
import type { MarkExpectedMessage } from './protocol';

/** What the sidebar needs of a finding (a FindingView is one). */
export interface MarkableFinding {
  title: string;
  identities: readonly string[];
  tokens: readonly string[];
  proposal?: { words: string };
}

export const MarkExpectedReplySchema = z.union([
  z.object({ ok: z.literal(true), cases: z.array(z.string()) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type MarkExpectedReply = z.infer<typeof MarkExpectedReplySchema>;

export function markExpectedRequest(
  finding: MarkableFinding,
  entry: AllowEntry,
  analyst?: string,
): MarkExpectedMessage {
  return {
    type: 'mark-expected',
    entry: { ...entry },
    words: (finding.proposal?.words ?? `${entry.kind} ${entry.value}`).slice(0, 1_000),
    finding: {
      title: finding.title.slice(0, 1_000),
      identities: finding.identities.slice(0, 50).map((x) => x.slice(0, 1_000)),
      tokens: finding.tokens.slice(0, 50).map((x) => x.slice(0, 1_000)),
    },
    ...(analyst ? { analyst: analyst.slice(0, 200) } : {}),
  };
}

/**
 * Sends the mark to the background and says what happened: the cases that recorded it, or why it
 * was refused (throws with the background's words, for the form to show).
 */
export async function markExpected(
  send: (msg: MarkExpectedMessage) => Promise<unknown>,
  finding: MarkableFinding,
  entry: AllowEntry,
  analyst?: string,
): Promise<{ cases: string[] }> {
  let raw: unknown;
  try {
    raw = await send(markExpectedRequest(finding, entry, analyst));
  } catch {
    raw = undefined;
  }
  const reply = MarkExpectedReplySchema.safeParse(raw);
  if (!reply.success)
    throw new Error(
      'The extension’s background did not answer (it may be restarting or was updated); nothing was marked. Try again.',
    );
  if (!reply.data.ok) throw new Error(reply.data.error);
  return { cases: reply.data.cases };
}

/**
 * The team's settings file with the entry added to its allow-list, as it will be stored: an entry
 * with the same kind, value and identity scope is replaced (a new reason or expiry), not doubled.
 * Everything else in the file stays as it was written.
 */
export function withAllowEntry(raw: unknown, entry: AllowEntry): Record<string, unknown> {
  const base = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const list = Array.isArray(base.allow) ? base.allow : [];
  const same = (x: unknown): boolean => {
    const o = x as Partial<AllowEntry> | null;
    return (
      !!o &&
      o.kind === entry.kind &&
      o.value === entry.value &&
      (o.identity ?? undefined) === (entry.identity ?? undefined)
    );
  };
  return { ...base, allow: [...list.filter((x) => !same(x)), entry] };
}

/**
 * The entry the analyst confirms in the form (components/MarkExpected.tsx): the proposal with the
 * analyst's reason and optional expiry (YYYY-MM-DD, not before `today`), checked with the
 * allow-list's schema; or what is wrong, in words.
 */
export function entryFromForm(
  proposed: AllowEntry,
  reason: string,
  expires: string,
  today: string,
): { ok: true; entry: AllowEntry } | { ok: false; error: string } {
  const why = reason.trim();
  if (!why)
    return { ok: false, error: 'Say why this is expected: the reason is shown on every finding the entry allows.' };
  const until = expires.trim();
  if (until && !/^\d{4}-\d{2}-\d{2}$/.test(until))
    return { ok: false, error: 'The expiry must be a date (YYYY-MM-DD), or left empty.' };
  if (until && until < today)
    return { ok: false, error: `The expiry ${until} is in the past: the entry would never apply.` };
  const { expires: _old, ...rest } = proposed;
  const parsed = AllowEntrySchema.safeParse({ ...rest, reason: why, ...(until ? { expires: until } : {}) });
  if (!parsed.success)
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; '),
    };
  return { ok: true, entry: parsed.data };
}
