/**
 * Field access on raw records whose key casing is not fixed. Panther test events lower-case
 * top-level keys (`eventname`, `useridentity`), some pipelines rewrite `@timestamp` as
 * `at_sign_timestamp`. The fast path is an exact property read; only a miss falls back to a
 * case-insensitive scan.
 */
export type RawRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is RawRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read `key` from `rec`, tolerating lower-cased keys and the `at_sign_` rewrite of `@`. */
export function field(rec: RawRecord | undefined, key: string): unknown {
  if (!rec) return undefined;
  const direct = rec[key];
  if (direct !== undefined) return direct;
  const lower = key.toLowerCase();
  if (lower !== key) {
    const v = rec[lower];
    if (v !== undefined) return v;
  }
  if (key.startsWith('@')) {
    const v = rec['at_sign_' + key.slice(1)];
    if (v !== undefined) return v;
  }
  for (const k in rec) {
    if (k.length === key.length && k.toLowerCase() === lower) return rec[k];
  }
  return undefined;
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
