/**
 * From bytes to TokenEvents: containers split the file into records, each record is routed to
 * the format that recognises it (the last format that matched is tried first, so a homogeneous
 * file costs one detect per record), and everything unreadable is counted with its place and
 * reason. An unknown shape is reported, never guessed.
 * A Log Analytics row that names its table (`Type`, `$table`) goes to that table's reader first
 * (log-analytics-tables.ts): a mixed export's rows carry every table's columns, so guessing by
 * columns would misread them. When that reader refuses the row, the columns are tried as for any
 * record; a row nothing reads is rejected with the table and the reader's reason, never silently.
 */
import type { TokenEvent } from '../model/token-event';
import { errorMessage } from '../model/error-message';
import { isRecord } from '../model/fields';
import { PartPool } from '../model/part-pool';
import type { ParseResult, SourceFormat } from './source-format';
import { SOURCE_FORMATS } from './index';
import { tableRoute } from './log-analytics-tables';
import { type ReadSummary, readRecords } from './containers/read-records';

export interface Rejection {
  ref: string;
  reason: string;
}

export interface ReadStats {
  /** Records seen (read + rejected). */
  records: number;
  /** Records read into at least one event. */
  parsed: number;
  /** Records (or unreadable parts of a file) not read. */
  rejected: number;
  /** Events produced (a Workspace activity can hold several). */
  events: number;
  byFormat: Record<string, number>;
  /** Events dropped because their record id was already read (SourceFormat.uniqueRecordId). */
  duplicates?: number;
  rejectedByReason: Record<string, number>;
}

export interface ReadOptions {
  onEvent(e: TokenEvent): void;
  /** Called for every rejection; callers keep as many as they want to show. */
  onReject?(r: Rejection): void;
  formats?: readonly SourceFormat[];
}

export function emptyStats(): ReadStats {
  return { records: 0, parsed: 0, rejected: 0, events: 0, byFormat: {}, rejectedByReason: {} };
}

/** Routes raw records to formats and accumulates stats. One per scan; reuse across files. */
export class RecordRouter {
  readonly stats: ReadStats = emptyStats();
  private last: SourceFormat | undefined;
  private readonly seenIds = new Set<string>();
  /** Event parts that repeat whole, and their repeated strings, held once (../model/part-pool.ts). */
  private readonly parts = new PartPool();
  private readonly formats: readonly SourceFormat[];

  constructor(private readonly opts: ReadOptions) {
    this.formats = opts.formats ?? SOURCE_FORMATS;
  }

  record(value: unknown, ref: string): void {
    this.stats.records += 1;
    if (!isRecord(value)) {
      this.reject(
        ref,
        `not a log record (a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`,
      );
      return;
    }
    const route = tableRoute(value);
    const byTable = route?.format ? this.formats.find((f) => f.id === route.format) : undefined;
    if (route && byTable) {
      // A mixed export fills every other table's columns with "": only the filled cells are the row's own.
      const filled = filledCells(value);
      const res = parseWith(byTable, filled, ref);
      if (res.ok) {
        this.accept(byTable, res.events);
        return;
      }
      // The table's reader refused it: try the columns, as for any record, before giving up (the
      // filled cells only: an empty column of another table would let its reader claim the row).
      const guess = this.route(filled, byTable);
      const again = guess ? parseWith(guess, filled, ref) : undefined;
      if (guess && again?.ok) {
        this.accept(guess, again.events);
        return;
      }
      const also = guess && again && !again.ok ? `; read by its columns as ${guess.title}: ${again.reason}` : '';
      this.reject(ref, `${route.table} row, read as ${byTable.title}: ${res.reason}${also}`);
      return;
    }
    // A row of a table no reader is listed for is still guessed by its columns (its filled ones).
    const rec = route ? filledCells(value) : value;
    const fmt = this.route(rec);
    if (!fmt) {
      const keys = `keys: ${Object.keys(rec).slice(0, 8).join(', ') || 'none'}`;
      this.reject(
        ref,
        route
          ? `Log Analytics table ${route.table}: no reader for this table (${keys})`
          : `unknown record shape (${keys})`,
      );
      return;
    }
    const res = parseWith(fmt, rec, ref);
    if (!res.ok) {
      this.reject(ref, `${fmt.title}: ${res.reason}`);
      return;
    }
    this.accept(fmt, res.events);
  }

  private accept(fmt: SourceFormat, events: readonly TokenEvent[]): void {
    this.stats.parsed += 1;
    this.stats.byFormat[fmt.id] = (this.stats.byFormat[fmt.id] ?? 0) + 1;
    for (const e of events) {
      if (fmt.uniqueRecordId?.(e)) {
        const key = fmt.id + '\u0000' + e.id;
        if (this.seenIds.has(key)) {
          this.stats.duplicates = (this.stats.duplicates ?? 0) + 1;
          continue;
        }
        this.seenIds.add(key);
      }
      this.stats.events += 1;
      this.parts.event(e);
      this.opts.onEvent(e);
    }
  }

  reject(ref: string, reason: string): void {
    this.stats.rejected += 1;
    const key = reason
      .replace(/\(keys: .*\)$/, '')
      .replace(/\(.*\)$/, '')
      .trim();
    this.stats.rejectedByReason[key] = (this.stats.rejectedByReason[key] ?? 0) + 1;
    this.opts.onReject?.({ ref, reason });
  }

  /** The format that recognises `rec` by its shape (`except` is the one that already refused it). */
  private route(rec: Record<string, unknown>, except?: SourceFormat): SourceFormat | undefined {
    if (this.last && this.last !== except && safeDetect(this.last, rec)) return this.last;
    for (const f of this.formats) {
      if (f !== this.last && f !== except && safeDetect(f, rec)) {
        this.last = f;
        return f;
      }
    }
    return undefined;
  }
}

/** The record without its empty cells (CSV rows of a multi-table export carry every table's columns). */
function filledCells(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(rec)) {
    const v = rec[k];
    if (v !== '' && v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

/** `fmt.parse`, with a parser bug reported like any bad record so it cannot lose the rest of the file. */
function parseWith(fmt: SourceFormat, rec: Record<string, unknown>, ref: string): ParseResult {
  try {
    return fmt.parse(rec, { ref });
  } catch (err) {
    return { ok: false, reason: `${fmt.id} parser failed: ${errorMessage(err)}` };
  }
}

function safeDetect(f: SourceFormat, rec: Record<string, unknown>): boolean {
  try {
    return f.detect(rec);
  } catch {
    return false;
  }
}

/** Reads one file's chunks through `router`. */
export async function readFileInto(
  router: RecordRouter,
  chunks: AsyncIterable<Uint8Array>,
  name: string,
): Promise<ReadSummary> {
  const summary = await readRecords(chunks, name, (item) => {
    if (item.ok) router.record(item.value, item.ref);
    else {
      router.stats.records += 1;
      router.reject(item.ref, item.reason);
    }
  });
  if (summary.container === 'empty') {
    router.stats.records += 1;
    router.reject(name, 'empty file');
  }
  return summary;
}
