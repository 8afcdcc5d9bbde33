/**
 * Filling `TokenEvent.details` (lib/model/token-event.ts; the keys are listed in
 * lib/model/README.md): flat, small, and only values the schema accepts.
 */
import type { TokenEventDetails } from './token-event';

export type DetailValue = TokenEventDetails[string];

/** Sets `d[key]` (a key named in lib/model/README.md) only to a value worth keeping: not undefined, not '', a finite number, a non-empty list. */
export function putDetail(d: TokenEventDetails, key: string, v: DetailValue | undefined): void {
  if (v === undefined) return;
  if (typeof v === 'string' && v === '') return;
  if (typeof v === 'number' && !Number.isFinite(v)) return;
  if (Array.isArray(v) && v.length === 0) return;
  d[key] = v;
}
