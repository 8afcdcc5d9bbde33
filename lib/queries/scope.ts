/**
 * Shared input and helpers for the scope queries (lib/queries): the case scope an analyst takes
 * to the org's own log engine, and the value hygiene every language builder applies first.
 * Values come from hostile logs: control characters are stripped (never escaped), values are
 * trimmed and de-duplicated, empties dropped, ASNs must be safe non-negative integers, and the
 * window is checked (valid dates, from <= to) and rounded outward to whole seconds.
 * Each language file does its own quoting on top of this; nothing here is language-specific
 * except `sqlQuote`, the standard-SQL literal shared by the CloudTrail Lake and Athena builders.
 */

export interface Scope {
  ips: string[];
  asns: number[];
  tokenIds: string[];
  appIds: string[];
  identities: string[];
  from: Date;
  to: Date;
}

/** One ready query. `params` holds request parameters for APIs that take them (Okta). */
export interface ScopeQuery {
  title: string;
  text: string;
  params?: Readonly<Record<string, string>>;
}

export interface QueryLanguage {
  id: string;
  label: string;
  build(scope: Scope): ScopeQuery[];
}

// C0 controls, DEL, C1 controls, and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function stripControl(value: string): string {
  return value.replace(CONTROL, '');
}

/** Strips control characters, trims, drops empties and duplicates (first occurrence wins). */
export function cleanValues(values: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of values) {
    const v = stripControl(String(raw)).trim();
    if (v === '' || seen.has(v)) continue;
    seen.add(v);
    out.push(v);
  }
  return out;
}

/** Keeps ASNs that are integers in 0..2^32-1, de-duplicated. */
export function cleanAsns(asns: readonly number[]): number[] {
  const out: number[] = [];
  for (const n of asns) {
    if (Number.isSafeInteger(n) && n >= 0 && n <= 4294967295 && !out.includes(n)) out.push(n);
  }
  return out;
}

export interface Window {
  /** from, rounded down to the second: 2024-05-01T08:00:00Z */
  from: string;
  /** to, rounded up to the second */
  to: string;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function timeWindow(scope: Pick<Scope, 'from' | 'to'>): Window {
  const from = scope.from.getTime();
  const to = scope.to.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('scope window: invalid date');
  if (from > to) throw new RangeError('scope window: from is after to');
  return { from: isoSeconds(Math.floor(from / 1000) * 1000), to: isoSeconds(Math.ceil(to / 1000) * 1000) };
}

/** A standard SQL string literal: single quotes, embedded quotes doubled. */
export function sqlQuote(value: string): string {
  return `'${stripControl(value).replace(/'/g, "''")}'`;
}

/** A SQL identifier path we refuse to quote: letters, digits, _ and dots, each part starting with a letter or _. */
export function checkSqlName(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name)) {
    throw new Error(`${what}: not a plain SQL name: ${JSON.stringify(name)}`);
  }
  return name;
}
