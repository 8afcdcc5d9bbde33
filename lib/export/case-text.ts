/**
 * The one cleaning step every case export applies to every string before its own escaping
 * (DESIGN.md, Security: log text is hostile, secrets never leave raw):
 *
 * - C0 and C1 control characters, DEL, U+2028/U+2029 and the bidirectional overrides
 *   (U+202A–U+202E, U+2066–U+2069, which can make text read differently from what it is) are
 *   removed; a tab becomes a space; CR LF and lone CR become LF.
 * - `cleanInline` also turns every newline into a space (table cells, titles, CSV of events).
 * - Every bearer secret is masked with `maskSecretsIn`, once before stripping and once after
 *   (a control character inside a secret must not hide it from the mask).
 *
 * Pure; idempotent: clean(clean(s)) === clean(s).
 */
import { maskSecretsIn } from '../model/secret';

// The bidirectional controls are lib/model/bidi.ts's (embeddings, overrides, isolates, LRM/RLM/ALM).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Multi-line text (notes, commands): controls removed, newlines kept as LF, secrets masked. */
export function cleanText(value: string): string {
  const lf = maskSecretsIn(String(value)).replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, '');
  return maskSecretsIn(lf);
}

/** One-line text: as cleanText, and every newline becomes a space. */
export function cleanInline(value: string): string {
  return cleanText(value).replace(/\n/g, ' ');
}

/** Epoch ms as ISO 8601 UTC, or `unknown time` for a time the record did not carry. */
export function isoOrUnknown(ms: number | undefined, known = true): string {
  if (ms === undefined || !known || !Number.isFinite(ms)) return 'unknown time';
  return new Date(ms).toISOString();
}
