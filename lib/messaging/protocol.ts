/**
 * The extension's messages, checked with zod at every receiving end (DESIGN.md: typed messages
 * checked with zod). Uses `zod/mini` so the content scripts stay inside their size budget.
 *
 *   content script ──page-rows──────────► background ──page-verdict / highlight-row──► frame
 *   content script ──toggle-sidebar─────► background ──toggle-sidebar──► top frame
 *   content script ──frame-beat─────────► background (liveness: ./frame-liveness.ts)
 *   background ─────get-selection───────► frame (answers { text })
 *   sidebar ────────get-state / highlight► background ──state-changed──► sidebar
 *   sidebar ────────mark-expected───────► background (team settings + the subject's open cases)
 *
 * Limits are generous but finite: a message is hostile input like any log text.
 */
import * as z from 'zod/mini';
import { isPacked, unpack } from './packed-json';
import type { TabView } from './tab-state';

const MAX_ROWS_PER_MESSAGE = 5_000;
const MAX_TEXT = 200_000;

const id = z.string().check(z.minLength(1), z.maxLength(1_000));
const text = (max = 2_000) => z.string().check(z.maxLength(max));

export const PageRowSchema = z.object({
  id,
  record: z.record(z.string(), z.unknown()),
});

export const PartialViewSchema = z.object({
  missing: z.array(text(200)).check(z.maxLength(50)),
  advice: text(),
});

/** A frame's reading of its page: rows new or changed since the last message (or all, on reset). */
export const PageRowsSchema = z.object({
  type: z.literal('page-rows'),
  url: text(8_000),
  /** The reader that matched the URL, or null (no log view: the frame only reports navigation). */
  readerId: z.nullable(text(200)),
  readerTitle: z.optional(text(200)),
  recognized: z.boolean(),
  note: z.optional(text()),
  /** The view hides columns the engine needs: which (the console's names) and how to show them. */
  partial: z.optional(PartialViewSchema),
  /** The account, project or org the page says it shows (SiteReader.tenant): stamped on rows that do not name theirs. */
  tenant: z.optional(text(300)),
  /** true: forget this frame's earlier rows (navigation, other reader). */
  reset: z.boolean(),
  rows: z.array(PageRowSchema).check(z.maxLength(MAX_ROWS_PER_MESSAGE)),
});

/** `open: true` only opens (the context menu); absent: toggles (badge button, command). */
export const ToggleSidebarSchema = z.object({ type: z.literal('toggle-sidebar'), open: z.optional(z.boolean()) });

/** `console`: the row is the console's own traffic (dimmed, so the eye goes to the rest); default: flagged. */
export const RowMarkSchema = z.object({
  rowId: id,
  titles: z.array(text(500)).check(z.maxLength(50)),
  kind: z.optional(z.enum(['flagged', 'console'])),
});

/** Frame → background, every HEARTBEAT_MS (./frame-liveness.ts): alive, and how its page badge looks. */
export const FrameBeatSchema = z.object({
  type: z.literal('frame-beat'),
  badge: z.enum(['visible', 'hidden', 'none', 'gone']),
});

/** Background → frame: the verdict for the whole tab and the marks for this frame's rows. */
export const PageVerdictSchema = z.object({
  type: z.literal('page-verdict'),
  verdict: z.enum(['benign', 'suspicious', 'escalate']),
  findings: z.number(),
  marks: z.array(RowMarkSchema),
});

export const HighlightRowSchema = z.object({ type: z.literal('highlight-row'), rowId: id });
export const GetSelectionSchema = z.object({ type: z.literal('get-selection') });
/** Background → frame: send all your rows again (the background restarted and lost them). */
export const ResendSchema = z.object({ type: z.literal('resend') });
export const SelectionReplySchema = z.object({ text: text(MAX_TEXT) });

/**
 * Sidebar → background. `tabId` absent: the tab the sidebar's frame is in. `events: false`: the
 * view without the analysis' events (TabView.eventsWithheld), all the page tab shows; the events
 * are most of a big page's view (2,000 rows: 0.9 of 0.93 MB) and only a case needs them.
 * `packed: true`: the answer is `{ packed }`, the view in packed JSON (./packed-json.ts), for
 * the full view a case is opened from.
 */
export const GetStateSchema = z.object({
  type: z.literal('get-state'),
  tabId: z.optional(z.number()),
  events: z.optional(z.boolean()),
  packed: z.optional(z.literal(true)),
});
/**
 * The view in a get-state answer, packed (`{ packed }`, asked with `packed: true`) or plain;
 * undefined when the background had none for the tab (or did not answer). Here, not in
 * ./tab-state.ts: the sidebar's first load may not pull in the engine that file imports.
 */
export function tabViewOf(reply: unknown): TabView | undefined {
  const packed = (reply as { packed?: unknown } | null | undefined)?.packed;
  const v = (isPacked(packed) ? unpack(packed) : reply) as TabView | null | undefined;
  return v && typeof v === 'object' && typeof v.tabId === 'number' ? v : undefined;
}

export const HighlightSchema = z.object({
  type: z.literal('highlight'),
  tabId: z.number(),
  frameId: z.number(),
  rowId: id,
});

/**
 * Sidebar → background: "Mark as expected" on a finding (./mark-expected.ts). The entry is checked
 * whole with the allow-list's own schema where it is stored (./team-settings.ts addAllowEntry);
 * here only its shape and size. Accepted from extension pages only, a framed sidebar once bound
 * (./sender-tab.ts storeAccess), like the cases.
 */
export const MarkExpectedSchema = z.object({
  type: z.literal('mark-expected'),
  entry: z.record(z.string(), z.unknown()),
  /** The entry in the analyst's words, for the case note. */
  words: text(1_000),
  /** The finding: its title and subjects, whose open cases record the mark. */
  finding: z.object({
    title: text(1_000),
    identities: z.array(text(1_000)).check(z.maxLength(50)),
    tokens: z.array(text(1_000)).check(z.maxLength(50)),
  }),
  /** Who marked it, as the sidebar names the analyst. */
  analyst: z.optional(text(200)),
});
export type MarkExpectedMessage = z.infer<typeof MarkExpectedSchema>;

/** Background → sidebar: the tab's state changed; ask again with get-state. */
export const StateChangedSchema = z.object({ type: z.literal('state-changed'), tabId: z.number() });

/** Messages the background accepts. */
export const ToBackgroundSchema = z.discriminatedUnion('type', [
  PageRowsSchema,
  ToggleSidebarSchema,
  FrameBeatSchema,
  GetStateSchema,
  HighlightSchema,
]);
/** Messages a content script accepts. */
export const ToPageSchema = z.discriminatedUnion('type', [
  PageVerdictSchema,
  HighlightRowSchema,
  ToggleSidebarSchema,
  GetSelectionSchema,
  ResendSchema,
]);

export type PageRows = z.infer<typeof PageRowsSchema>;
export type PartialViewMessage = z.infer<typeof PartialViewSchema>;
export type PageVerdict = z.infer<typeof PageVerdictSchema>;
export type RowMark = z.infer<typeof RowMarkSchema>;
export type ToBackground = z.infer<typeof ToBackgroundSchema>;
export type ToPage = z.infer<typeof ToPageSchema>;
export type StateChanged = z.infer<typeof StateChangedSchema>;

/** A parser for one schema: the message, or `undefined` for anything that is not one of ours (ignored, never thrown). */
export function messageParser<T>(schema: {
  safeParse(raw: unknown): { success: true; data: T } | { success: false };
}): (raw: unknown) => T | undefined {
  return (raw) => {
    const r = schema.safeParse(raw);
    return r.success ? r.data : undefined;
  };
}

export const parseToBackground = messageParser<ToBackground>(ToBackgroundSchema);
export const parseToPage = messageParser<ToPage>(ToPageSchema);
export const parseStateChanged = messageParser<StateChanged>(StateChangedSchema);
export const parseMarkExpected = messageParser<MarkExpectedMessage>(MarkExpectedSchema);
