/**
 * From bytes to TokenEvents: containers split the file into records, each record is routed to
 * the format that recognises it (the last format that matched is tried first, so a homogeneous
 * file costs one detect per record), and everything unreadable is counted with its place and
 * reason. An unknown shape is reported, never guessed.
 */
import type { TokenEvent } from '../model/token-event';
import { errorMessage } from '../model/error-message';
import { isRecord } from '../model/fields';
import type { SourceFormat } from './source-format';
import { SOURCE_FORMATS } from './index';
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
  private readonly formats: readonly SourceFormat[];

  constructor(private readonly opts: ReadOptions) {
    this.formats = opts.formats ?? SOURCE_FORMATS;
  }

  record(value: unknown, ref: string): void {
    this.stats.records += 1;
    if (!isRecord(value)) {
      this.reject(ref, `not a log record (a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`);
      return;
    }
    const fmt = this.route(value);
    if (!fmt) {
      this.reject(ref, `unknown record shape (keys: ${Object.keys(value).slice(0, 8).join(', ') || 'none'})`);
      return;
    }
    let res;
    try {
      res = fmt.parse(value, { ref });
    } catch (err) {
      // A parser bug must not lose the rest of the file; it is reported like any bad record.
      res = { ok: false as const, reason: `${fmt.id} parser failed: ${errorMessage(err)}` };
    }
    if (!res.ok) {
      this.reject(ref, `${fmt.title}: ${res.reason}`);
      return;
    }
    this.stats.parsed += 1;
    this.stats.byFormat[fmt.id] = (this.stats.byFormat[fmt.id] ?? 0) + 1;
    for (const e of res.events) {
      if (fmt.uniqueRecordId?.(e)) {
        const key = fmt.id + '\u0000' + e.id;
        if (this.seenIds.has(key)) {
          this.stats.duplicates = (this.stats.duplicates ?? 0) + 1;
          continue;
        }
        this.seenIds.add(key);
      }
      this.stats.events += 1;
      this.opts.onEvent(e);
    }
  }

  reject(ref: string, reason: string): void {
    this.stats.rejected += 1;
    const key = reason.replace(/\(keys: .*\)$/, '').replace(/\(.*\)$/, '').trim();
    this.stats.rejectedByReason[key] = (this.stats.rejectedByReason[key] ?? 0) + 1;
    this.opts.onReject?.({ ref, reason });
  }

  private route(rec: Record<string, unknown>): SourceFormat | undefined {
    if (this.last && safeDetect(this.last, rec)) return this.last;
    for (const f of this.formats) {
      if (f !== this.last && safeDetect(f, rec)) {
        this.last = f;
        return f;
      }
    }
    return undefined;
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
export async function readFileInto(router: RecordRouter, chunks: AsyncIterable<Uint8Array>, name: string): Promise<ReadSummary> {
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
