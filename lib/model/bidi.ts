/**
 * Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the
 * LRM/RLM/ALM marks) make log text read differently from what it is: `exe.txt` shown for
 * `txt.exe`, a user agent that hides its tail. Wherever log text is shown to a person (the CLI
 * report, the sidebar and the cases built from it) each one becomes a visible U+FFFD, so the
 * analyst sees that something was there. The exports strip them (lib/export/case-text.ts).
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every bidirectional control replaced by U+FFFD. */
export function neutralizeBidi(text: string): string {
  BIDI_CONTROLS.lastIndex = 0;
  return BIDI_CONTROLS.test(text) ? text.replace(BIDI_CONTROLS, '\uFFFD') : text;
}

/**
 * Every string of a plain JSON-like value with its bidirectional controls neutralized. Copy on
 * write: a value with none (the usual case, on every page analysis) comes back as it is.
 */
export function neutralizeBidiDeep<T>(value: T): T {
  if (typeof value === 'string') return neutralizeBidi(value) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const n = neutralizeBidiDeep(v);
      if (n !== v) (out ??= [...value])[i] = n;
    });
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const n = neutralizeBidiDeep(v);
      if (n !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = n;
    }
    return (out ?? value) as T;
  }
  return value;
}
