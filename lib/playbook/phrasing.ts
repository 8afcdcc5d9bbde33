/**
 * How the playbook steps phrase what they found: UTC times, short lists and counted nouns. Pure.
 */

const MAX_LIST = 5;

/** `2026-11-20 02:14:07 UTC` */
export function utc(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown time';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

/** `a, b, c, d, e (+3 more)` */
export function listText(values: readonly string[], max = MAX_LIST): string {
  if (!values.length) return 'none';
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} (+${values.length - max} more)` : shown;
}

/** `1 event`, `3 events` */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
