/**
 * The contract every console page reader implements (DESIGN.md, "Readers only read"): given a
 * URL, say whether this is its view; given a Document or Element, return the log rows it shows
 * as raw records that a lib/sources format can parse. No scoring, no browser API beyond the DOM,
 * never throws. One file per page in lib/sites/readers, listed in lib/sites/index.ts.
 */
export const CONSOLES = ['aws', 'azure', 'gcp', 'okta', 'workspace', 'github', 'any'] as const;
export type ConsoleId = (typeof CONSOLES)[number];

export interface PageRow {
  /**
   * Stable row id used to merge rows across virtualized re-renders and to point back at the row:
   * the record's own id when the page shows it (CloudTrail eventID from `#/events/<id>`, Okta
   * uuid, Entra request id), else a hash of the row's cells.
   */
  id: string;
  /**
   * The record as a lib/sources format reads it: the full JSON when the page shows it (CloudTrail
   * detail, Okta details row, GCP expanded entry), else the visible cells keyed by the column
   * names the console's own CSV export uses (so the CSV paths of the formats parse it).
   */
  record: Record<string, unknown>;
  /**
   * The record is the event's whole record (a detail page's JSON), not the cells a list shows:
   * the page session keeps it when the list later shows the same row again with fewer fields.
   */
  complete?: boolean;
}

/**
 * The view shows rows but hides columns the engine needs (the AWS Event history list's default
 * columns have no Source IP address or AWS access key): what to turn on, by the console's names.
 */
export interface PartialView {
  /** The hidden columns, by the console's own names ("Source IP address"). */
  missing: string[];
  /** What to do, in the console's words ("Preferences (gear icon) → …"), plain text. */
  advice: string;
}

export interface ReadResult {
  /** false when the page is this reader's URL but the DOM is not (yet) recognisable. */
  recognized: boolean;
  rows: PageRow[];
  /** Why nothing was read, for the sidebar's "this view is not read yet" message. */
  note?: string;
  /**
   * The view is rendered in a child frame that this extension reads there (the Azure portal's
   * reactblade iframes): this frame shows no "not read" badge of its own.
   */
  delegated?: boolean;
  /** Set when the view hides columns the engine needs: the badge says "partial view". */
  partial?: PartialView;
}

export interface SiteReader {
  /** Stable id, e.g. `aws-cloudtrail-events`. Also the file name in lib/sites/readers. */
  id: string;
  console: ConsoleId;
  /** Human title: "AWS CloudTrail Event history". */
  title: string;
  /** Match patterns of the hosts (and frames) it runs on, for the manifest and the tests. */
  matches: readonly string[];
  /** True when `url` shows this reader's view. Pure; tested against every other reader's URLs. */
  matchesUrl(url: URL): boolean;
  /** Rows currently in the DOM. Must be cheap: called on every batch of DOM mutations. */
  read(root: ParentNode): ReadResult;
  /**
   * The account, tenant, project or org the page itself says it shows, as the logs name it (an
   * AWS account id, a GCP project id, an Okta org): the background stamps it on the rows' events
   * that do not name their own (lib/messaging/tab-state.ts), so they are judged with and learned
   * into that tenant's stored baseline. Undefined where the page does not say it reliably: those
   * rows stay cold and unlearned (two tenants never mix). Pure and cheap: called on every read.
   */
  tenant?(url: URL, root: ParentNode): string | undefined;
  /** Where the verdict badge goes (the table header), if found. */
  anchor?(root: ParentNode): Element | null;
  /** The DOM element of a row, to mark and to scroll to. */
  rowElement?(root: ParentNode, rowId: string): Element | null;
  /**
   * Every row element in the DOM by row id (the first element of an id), in one pass: marking
   * 30 flagged rows of a 1,000-row table must not look each up with `rowElement` (a read of the
   * whole table each). Optional; the session falls back to `rowElement` per marked row.
   */
  rowElements?(root: ParentNode): Map<string, Element>;
  /**
   * Incremental read, after a full `read()` recognised the page: the rows in or around `changed`
   * (the nodes a MutationObserver reported added, and the nodes whose text changed) and the rows
   * `removedFrom` lost children (the targets of removals), each with its element. `undefined` when
   * the change is structural (the table, its header or its columns changed, or the reader cannot
   * tell): the session then reads the whole page. Rows it returns must equal what `read()` returns
   * for them. Optional.
   */
  readChanged?(
    root: ParentNode,
    changed: readonly Node[],
    removedFrom?: readonly Node[],
  ): { rows: PageRow[]; elements: Map<string, Element> } | undefined;
}
