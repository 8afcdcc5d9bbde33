/**
 * Timestamps from every source, to epoch milliseconds UTC. Handles ISO 8601 with 0–9 fractional
 * digits, a space instead of `T`, zone-less times (taken as UTC, never local), epoch seconds,
 * milliseconds, microseconds and nanoseconds as numbers or digit strings (told apart by magnitude),
 * and the Okta/GitHub variants. Every time returned is one `Date` can hold, so `isoTime` never throws. Also the model's
 * convention for a record without a readable time (`eventTime`: kept, time 0, `timeKnown: false`;
 * `rawTimeText`: what the log said, for `details.rawTime`) and the `timeKey` of synthetic ids.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/** `M/D/YYYY, h:mm:ss[.fff] AM|PM` with an optional `UTC`: the Azure portal's display of a UTC time. */
const US_DISPLAY =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*([AaPp][Mm])(?:\s*UTC)?$/;

export function parseTime(v: unknown): number | undefined {
  if (typeof v === 'number') return fromEpoch(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '') return undefined;
  // Digits only: an epoch count from 1973 on (9 digits or more), never a short number Date.parse
  // would read as a year ("0" is 2000-01-01 to it).
  if (/^\d+(\.\d+)?$/.test(s)) return /^\d{9}/.test(s) ? fromEpoch(Number(s)) : undefined;
  const m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    const ms = frac ? Math.floor(Number((frac + '00').slice(0, 3))) : 0;
    let t = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, sec ? +sec : 0, ms);
    if (zone && zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
      t -= sign * offMin * 60_000;
    }
    if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h! > 23 || +mi! > 59) return undefined;
    return Number.isFinite(t) ? t : undefined;
  }
  // The Azure portal's US display form, which Log Analytics CSV exports write under `[UTC]` columns
  // ("3/3/2026, 9:15:02.123 AM"): read here, not left to Date.parse, whose reading of it differs by engine.
  const us = US_DISPLAY.exec(s);
  if (us) {
    const [, mo, d, y, h, mi, sec, frac, ampm] = us;
    let hour = +h!;
    if (hour < 1 || hour > 12 || +mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +mi! > 59 || +sec! > 59)
      return undefined;
    if (ampm!.toUpperCase() === 'PM' && hour !== 12) hour += 12;
    if (ampm!.toUpperCase() === 'AM' && hour === 12) hour = 0;
    const ms = frac ? Math.floor(Number((frac + '00').slice(0, 3))) : 0;
    const t = Date.UTC(+y!, +mo! - 1, +d!, hour, +mi!, +sec!, ms);
    return Number.isFinite(t) ? t : undefined;
  }
  // Last resort for formats with an explicit zone or month names ("Jul 30, 2024, 21:31:10 (UTC)").
  const cleaned = s.replace(/\((UTC|GMT)\)/, 'UTC');
  if (!/(Z|UTC|GMT|[+-]\d{2}:?\d{2})\s*$/i.test(cleaned)) {
    const t = Date.parse(cleaned + ' UTC');
    return Number.isFinite(t) ? t : undefined;
  }
  const t = Date.parse(cleaned);
  return Number.isFinite(t) ? t : undefined;
}

/** The largest time a `Date` holds (ECMA-262 §21.4.1.1): beyond it `toISOString` throws. */
const MAX_DATE_MS = 8.64e15;

function fromEpoch(n: number): number | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  // Seconds until year 5138 are < 1e11; milliseconds since 1973 are ≥ 1e11, microseconds ≥ 1e14,
  // nanoseconds ≥ 1e17 (BigQuery and OTel exports).
  const ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : n < 1e17 ? n / 1e3 : n / 1e6;
  const t = Math.round(ms);
  return t <= MAX_DATE_MS ? t : undefined;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** An event's time fields (lib/model/token-event.ts): a readable time, or 0 with `timeKnown: false`. */
export interface EventTime {
  time: number;
  timeKnown?: false;
}

/**
 * The first readable time among `raws` (a source's time fields in order of preference); with
 * none, time 0 and `timeKnown: false`: the record is kept, and every time-based indicator skips it.
 */
export function eventTime(...raws: unknown[]): EventTime {
  for (const raw of raws) {
    const t = parseTime(raw);
    if (t !== undefined) return { time: t };
  }
  return { time: 0, timeKnown: false };
}

/** The time part of a synthetic id: the epoch milliseconds, or `no-time`. */
export function timeKey(when: EventTime): number | 'no-time' {
  return when.timeKnown === false ? 'no-time' : when.time;
}

/**
 * What the log said in place of a readable time, for `details.rawTime`: the first of `raws` that
 * is there (not undefined, null or empty), as text cut to 64 characters; non-strings as JSON.
 */
export function rawTimeText(...raws: unknown[]): string | undefined {
  for (const r of raws) {
    if (r === undefined || r === null || r === '') continue;
    let s: string | undefined;
    try {
      s = typeof r === 'string' ? r : JSON.stringify(r);
    } catch {
      s = typeof r;
    }
    return s === undefined ? undefined : s.slice(0, 64);
  }
  return undefined;
}
