/**
 * Field access on raw records whose key casing is not fixed. Panther test events lower-case
 * top-level keys (`eventname`, `useridentity`), some pipelines rewrite `@timestamp` as
 * `at_sign_timestamp`, Log Analytics exports PascalCase columns. The fast path is an exact
 * property read; only a miss falls back to a case-insensitive lookup: a scan for one-off reads
 * (`field`), a lower-case index built once per record for many reads (`reader`). Also the value
 * readers every source shares: strings, booleans, numbers, and JSON that exports keep as text.
 */
export type RawRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is RawRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const own = (rec: RawRecord, key: string): boolean => Object.prototype.hasOwnProperty.call(rec, key);

/**
 * Read `key` from `rec`, tolerating lower-cased keys, other casings and the `at_sign_` rewrite of
 * `@`. Own properties only: `valueOf` or `constructor` are never read from the prototype.
 */
export function field(rec: RawRecord | undefined, key: string): unknown {
  if (!rec) return undefined;
  const direct = rec[key];
  if (direct !== undefined && own(rec, key)) return direct;
  const lower = key.toLowerCase();
  if (lower !== key) {
    const v = rec[lower];
    if (v !== undefined && own(rec, lower)) return v;
  }
  for (const k in rec) {
    if (k.length === key.length && k.toLowerCase() === lower && own(rec, k)) return rec[k];
  }
  return key.startsWith('@') ? field(rec, 'at_sign_' + key.slice(1)) : undefined;
}

/** A getter over one record, `reader(rec)`: case-insensitive like `field`. */
export type Get = (key: string) => unknown;

/**
 * `field` for many reads over one record: an own-property read first, then a lower-case index of
 * the record's keys, built on the first miss and reused (the first key of each casing with a
 * defined value wins), then the `at_sign_` rewrite of `@`.
 */
export function reader(rec: RawRecord): Get {
  let lower: Map<string, unknown> | undefined;
  return (key: string) => {
    const v = own(rec, key) ? rec[key] : undefined;
    if (v !== undefined) return v;
    if (!lower) {
      lower = new Map();
      for (const k in rec) {
        if (!own(rec, k)) continue;
        const lk = k.toLowerCase();
        if (lower.get(lk) === undefined) lower.set(lk, rec[k]);
      }
    }
    const hit = lower.get(key.toLowerCase());
    if (hit !== undefined || !key.startsWith('@')) return hit;
    return lower.get('at_sign_' + key.slice(1).toLowerCase());
  };
}

/** Follow a dotted path with `field` at each step. */
export function path(rec: unknown, dotted: string): unknown {
  let cur: unknown = rec;
  for (const part of dotted.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = field(cur, part);
  }
  return cur;
}

/** A non-empty string, or undefined. Numbers are stringified; placeholders are kept as they are. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** `str` trimmed, without the empty and `null` placeholders exports write for a missing value. */
export function text(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const t = s.trim();
  return t === '' || t === 'null' ? undefined : t;
}

/** true/false from a boolean or its string spelling (`"False"`, `"true"`). */
export function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === 'yes') return true;
    if (s === 'false' || s === 'no') return false;
  }
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function strArray(v: unknown): string[] | undefined {
  if (Array.isArray(v)) {
    const out = v.filter((x): x is string => typeof x === 'string' && x.length > 0);
    return out.length ? out : undefined;
  }
  if (typeof v === 'string' && v.length) return [v];
  return undefined;
}

/** Parse JSON kept inside a string (Entra `modifiedProperties`, `Oauth Scope Info`); the value itself when not JSON. */
export function jsonInString(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!(t.startsWith('{') || t.startsWith('[') || t.startsWith('"'))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

/** `jsonInString`, and once more when the JSON was itself a string of JSON (double-encoded exports). */
export function jsonInStringTwice(v: unknown): unknown {
  const p = jsonInString(v);
  return typeof p === 'string' && p !== v ? jsonInString(p) : p;
}

/** The value when it is a record (no JSON-text unwrapping: see `asObject`). */
export function asRecord(v: unknown): RawRecord | undefined {
  return isRecord(v) ? v : undefined;
}

/** An object, also when the export kept it as JSON text (Log Analytics dynamic columns). */
export function asObject(v: unknown): RawRecord | undefined {
  if (isRecord(v)) return v;
  if (typeof v === 'string') {
    const p = jsonInString(v);
    if (isRecord(p)) return p;
  }
  return undefined;
}

/** An array, also when kept as JSON text, double-encoded or not. */
export function asArray(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') {
    const p = jsonInStringTwice(v);
    if (Array.isArray(p)) return p;
  }
  return undefined;
}
