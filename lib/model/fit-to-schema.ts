/**
 * Cuts a value down to what a zod schema allows, so that one oversized field chosen by an
 * attacker (a 2,100-character user agent) cannot make a whole case unopenable: every string over
 * its schema's maximum is cut to it and ends with "…", every array over its maximum keeps its
 * first items. Other problems (a wrong type, a missing field) are left for the schema to report.
 * Pure; the input is not changed.
 */
import type { z } from 'zod';

const ELLIPSIS = '…';

/** A string cut to at most `max` UTF-16 units, ending with "…" when anything was cut. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  let cut = s.slice(0, max - 1);
  // Never leave half of a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut + ELLIPSIS;
}

/**
 * `check` is the schema's safeParse, or a check that agrees with it and reports zod's issues
 * when it fails (./case-check.ts parseCase and parseSnapshot: a case's events checked by hand).
 */
export function fitToSchema<T>(
  schema: z.ZodType<T>,
  value: T,
  check: (v: unknown) => z.ZodSafeParseResult<T> = (v) => schema.safeParse(v),
): T {
  return fitted(value, check).value;
}

/**
 * The same, then the value as `check` returns it (its parsed data), or `check`'s error: one
 * check fewer than `check(fitToSchema(…))`, whose last pass already ran it.
 */
export function fitAndParse<T>(value: T, check: (v: unknown) => z.ZodSafeParseResult<T>): z.ZodSafeParseResult<T> {
  return fitted(value, check).result;
}

function fitted<T>(
  value: T,
  check: (v: unknown) => z.ZodSafeParseResult<T>,
): { value: T; result: z.ZodSafeParseResult<T> } {
  let current: unknown = value;
  let r = check(current);
  // Each pass fixes every too-long string and array zod reports; a nested array cut can only
  // reveal nothing new, but allow a few passes for safety.
  for (let pass = 0; pass < 4 && !r.success; pass += 1) {
    const fixes = r.error.issues.filter((i) => i.code === 'too_big' && (i.origin === 'string' || i.origin === 'array'));
    if (fixes.length === 0) break;
    current = structuredClone(current);
    for (const issue of fixes) {
      const max = Number((issue as { maximum: number | bigint }).maximum);
      setAt(current, issue.path, (v) =>
        typeof v === 'string' ? cutText(v, max) : Array.isArray(v) ? v.slice(0, max) : v,
      );
    }
    r = check(current);
  }
  return { value: current as T, result: r };
}

function setAt(root: unknown, path: readonly PropertyKey[], f: (v: unknown) => unknown): void {
  if (path.length === 0) return;
  let node = root as Record<PropertyKey, unknown> | undefined;
  for (const key of path.slice(0, -1)) {
    node = node?.[key] as Record<PropertyKey, unknown> | undefined;
    if (node === null || typeof node !== 'object') return;
  }
  const last = path[path.length - 1]!;
  if (node && Object.prototype.hasOwnProperty.call(node, last)) node[last] = f(node[last]);
}
