/**
 * The case repository over runtime messaging: the sidebar (an iframe on the console page, where
 * the browser may refuse IndexedDB) calls `remoteRepository`, the background answers with
 * `handleStoreRequest` over its own localRepository, and tells every extension page what changed
 * (`store-changed`), so two sidebars on the same case stay in step.
 *
 * Requests are checked with zod on arrival like every message (the method name against the
 * repository's, the arguments by the store's own schemas); only extension pages may send them
 * (a content script has no business with cases: `isExtensionPage`). Errors travel as text.
 *
 * The remote repository sends its arguments and asks for its answer in packed JSON
 * (./packed-json.ts): a 5,000-event case crosses as about a sixth of its JSON, which is what
 * runtime messaging's time grows with (issue 11). A request without `packed` gets a plain answer.
 * A case's events change only when its snapshot does (a refresh, a restore), not with the
 * answers, steps and notes that make every open case be read again: a page that holds a case's
 * events says which (`eventsOf`), and while they are still the stored ones the answer leaves
 * them out (`eventsAsBefore`) and the page puts its own back.
 */
import * as z from 'zod/mini';
import { pack, unpack } from './packed-json';
import type { CaseRepository, StoreChange } from '../store/repository';
import type { Read } from '../store/errors';
import { snapshotVersion, type Case } from '../model/case';
import { messageParser } from './protocol';

export const STORE_METHODS = [
  'listCases',
  'getCase',
  'notesFor',
  'openCase',
  'setStatus',
  'setAnswer',
  'clearAnswer',
  'setChecklist',
  'setDecision',
  'refreshSnapshot',
  'deleteCase',
  'saveNote',
  'exportBackup',
  'restoreBackup',
  'countStored',
  'purgeAll',
] as const satisfies readonly Exclude<keyof CaseRepository, 'subscribe'>[];
export type StoreMethod = (typeof STORE_METHODS)[number];

export const StoreRequestSchema = z.object({
  type: z.literal('store'),
  method: z.enum(STORE_METHODS),
  args: z.array(z.unknown()).check(z.maxLength(6)),
  /** The arguments in packed JSON (then `args` is empty), and the answer wanted packed too. */
  packed: z.optional(z.unknown()),
  /** getCase: the events the page holds (eventsKey); the answer leaves them out while they are current. */
  eventsOf: z.optional(z.string().check(z.maxLength(10_000))),
});
export type StoreRequest = z.infer<typeof StoreRequestSchema>;

export const StoreReplySchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  /** The answer to a packed request: `packed` is the value in packed JSON. */
  z.object({ ok: z.literal(true), packed: z.unknown(), eventsAsBefore: z.optional(z.literal(true)) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type StoreReply = z.infer<typeof StoreReplySchema>;

export const StoreChangedSchema = z.object({
  type: z.literal('store-changed'),
  caseIds: z.optional(z.array(z.string()).check(z.maxLength(1_000))),
  kind: z.optional(z.enum(['case', 'notes'])),
});
export type StoreChanged = z.infer<typeof StoreChangedSchema>;

export const parseStoreRequest = messageParser<StoreRequest>(StoreRequestSchema);
export const parseStoreChanged = messageParser<StoreChanged>(StoreChangedSchema);

/** The sender is a page of this extension (sidebar, options), not a content script on a console. */
export function isExtensionPage(senderUrl: string | undefined, extensionBase: string): boolean {
  return senderUrl !== undefined && senderUrl.startsWith(extensionBase);
}

/** Runs one request on the repository; never throws (the error's message is the reply). */
export async function handleStoreRequest(repo: CaseRepository, req: StoreRequest): Promise<StoreReply> {
  try {
    const args = req.packed === undefined ? req.args : unpack(req.packed);
    if (!Array.isArray(args) || args.length > 6) throw new Error('The request’s arguments are not a list of up to 6.');
    const fn = repo[req.method] as (...args: unknown[]) => Promise<unknown>;
    const value = (await fn.apply(repo, args)) ?? null;
    if (req.method === 'getCase' && req.eventsOf !== undefined) {
      const read = value as Read<Case>;
      if (read.value && eventsKey(read.value) === req.eventsOf) {
        const c = read.value;
        const without = { ...read, value: { ...c, snapshot: { ...c.snapshot, events: [] } } };
        return { ok: true, packed: pack(without), eventsAsBefore: true };
      }
    }
    return req.packed === undefined ? { ok: true, value } : { ok: true, packed: pack(value) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

export interface RemoteTransport {
  /** Sends a request to the background; resolves to its raw answer. */
  send(req: StoreRequest): Promise<unknown>;
  /** Listens for raw messages from the background; returns the unsubscribe function. */
  listen(cb: (raw: unknown) => void): () => void;
}

/**
 * Which events a case holds: its snapshot's version and a hash of every event id, so that even
 * a restored snapshot with the same ends and times but other events in the middle differs.
 */
export function eventsKey(c: Case): string {
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (const e of c.snapshot.events) {
    for (let i = 0; i < e.id.length; i++) h = Math.imul(h ^ e.id.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x0a, 0x01000193);
  }
  return `${snapshotVersion(c)}\n${(h >>> 0).toString(16)}`;
}

/** How many cases' events a page keeps for eventsOf (the open case, and a few before it). */
const HELD_CASES = 4;

/** The repository as seen from a page that cannot (or should not) open the database itself. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function remoteRepository(t: RemoteTransport): CaseRepository {
  const send = async (method: StoreMethod, args: unknown[], eventsOf?: string) => {
    // Three tasks, not one: the caller's ends first (a click paints its "Opening the case…"), then
    // the packing, then the sending; for a 5,000-event case each of the last two is 30–40 ms, and
    // together they were one long task in the click that opens it (bench:extension, "long tasks in
    // the sidebar").
    await nextTask();
    const packed = pack(args.map((a) => (a === undefined ? null : a)));
    await nextTask();
    const raw = await t.send({
      type: 'store',
      method,
      args: [],
      packed,
      ...(eventsOf !== undefined ? { eventsOf } : {}),
    });
    const reply = StoreReplySchema.safeParse(raw);
    if (!reply.success)
      throw new Error(
        'The extension’s background did not answer (it may be restarting or was updated). Your text is kept here; try again.',
      );
    if (!reply.data.ok) throw new Error(reply.data.error);
    return 'packed' in reply.data
      ? { value: unpack(reply.data.packed), eventsAsBefore: reply.data.eventsAsBefore === true }
      : { value: reply.data.value, eventsAsBefore: false };
  };
  const call = async (method: StoreMethod, ...args: unknown[]): Promise<never> =>
    (await send(method, args)).value as never;
  const repo = Object.fromEntries(
    STORE_METHODS.map((m) => [m, (...args: unknown[]) => call(m, ...args)]),
  ) as unknown as CaseRepository;

  // The events of the cases this page read last, by case id (most recent last).
  const held = new Map<string, { key: string; events: Case['snapshot']['events'] }>();
  repo.getCase = async (id: string): Promise<Read<Case>> => {
    const mine = held.get(id);
    let r = await send('getCase', [id], mine?.key);
    if (r.eventsAsBefore && !mine) r = await send('getCase', [id]); // forgotten meanwhile: the whole case
    const read = r.value as Read<Case>;
    held.delete(id);
    if (read.value) {
      if (r.eventsAsBefore && mine) read.value.snapshot.events = mine.events;
      held.set(id, { key: eventsKey(read.value), events: read.value.snapshot.events });
      for (const old of held.keys()) if (held.size > HELD_CASES) held.delete(old);
    }
    return read;
  };
  // A restore or a purge (a change without case ids) can replace any case's events.
  t.listen((raw) => {
    const m = parseStoreChanged(raw);
    if (m && !m.caseIds) held.clear();
  });

  repo.subscribe = (cb: (change: StoreChange) => void) =>
    t.listen((raw) => {
      const m = parseStoreChanged(raw);
      if (m) cb({ ...(m.caseIds ? { caseIds: m.caseIds } : {}), ...(m.kind ? { kind: m.kind } : {}) });
    });
  return repo;
}
