/**
 * The contract every log format implements: a cheap per-record shape test and a parse into
 * TokenEvents. One file per format under lib/sources/formats, listed in lib/sources/index.ts.
 * Records come from the container layer (lib/sources/containers) already split: a JSON object
 * from NDJSON/arrays/wrappers, or a CSV row as an object keyed by the header.
 */
import { errorMessage } from '../model/error-message';
import type { RawRecord } from '../model/fields';
import type { Provider, TokenEvent } from '../model/token-event';

export interface ParseContext {
  /** `file:line` or `file#index`, copied to TokenEvent.ref. */
  ref: string;
}

export type ParseResult = { ok: true; events: TokenEvent[] } | { ok: false; reason: string };

export interface SourceFormat {
  /** Stable id, also TokenEvent.format (e.g. `cloudtrail`, `entra-signin`). */
  id: string;
  provider: Provider;
  /** Human title for reports and docs. */
  title: string;
  /** True when the record has this format's shape. Must be cheap and must not throw. */
  detect(rec: RawRecord): boolean;
  /** Normalize one record. Never throws: a record it cannot read returns a reason. */
  parse(rec: RawRecord, ctx: ParseContext): ParseResult;
  /**
   * The vendor's own record id, when the format says so for an event, names one record: a second
   * event with that id in the same scan is the same record exported twice (overlapping UAL
   * searches repeat records) and is dropped, counted in `duplicates`.
   */
  uniqueRecordId?(e: TokenEvent): boolean;
}

export const ok = (...events: TokenEvent[]): ParseResult => ({ ok: true, events });
export const reject = (reason: string): ParseResult => ({ ok: false, reason });

/** The reason for a record whose parse threw: `unreadable <what>: <message>`. */
export const unreadable = (what: string, err: unknown): ParseResult =>
  reject(`unreadable ${what}: ${errorMessage(err)}`);

/**
 * A format's `detect` and `parse` held to the contract: a detect that throws answers false, a
 * parse that throws rejects the record as `unreadable <what>`.
 */
export function neverThrowing(
  what: string,
  detect: (rec: RawRecord) => boolean,
  parse: (rec: RawRecord, ctx: ParseContext) => ParseResult,
): Pick<SourceFormat, 'detect' | 'parse'> {
  return {
    detect(rec: RawRecord): boolean {
      try {
        return detect(rec);
      } catch {
        return false;
      }
    },
    parse(rec: RawRecord, ctx: ParseContext): ParseResult {
      try {
        return parse(rec, ctx);
      } catch (err) {
        return unreadable(what, err);
      }
    },
  };
}
