/**
 * Filling `TokenEvent.details` (lib/model/token-event.ts; the keys are listed in
 * lib/model/README.md): flat, small, and only values the schema accepts.
 */
import type { TokenEvent, TokenEventDetails } from './token-event';

export type DetailValue = TokenEventDetails[string];

/** `e.details[key]` when it is a non-empty string. */
export function detailText(e: TokenEvent, key: string): string | undefined {
  const v = e.details?.[key];
  return typeof v === 'string' && v ? v : undefined;
}

/** Sets `d[key]` (a key named in lib/model/README.md) only to a value worth keeping: not undefined, not '', a finite number, a non-empty list. */
export function putDetail(d: TokenEventDetails, key: string, v: DetailValue | undefined): void {
  if (v === undefined) return;
  if (typeof v === 'string' && v === '') return;
  if (typeof v === 'number' && !Number.isFinite(v)) return;
  if (Array.isArray(v) && v.length === 0) return;
  d[key] = v;
}
