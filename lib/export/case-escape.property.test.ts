/**
 * Property tests of the escapers over arbitrary strings: nothing special is left unescaped, and
 * undoing the escapes gives back the cleaned text (so escaping loses nothing but what cleaning
 * removes on purpose). CSV parse-back recovers the cleaned text, modulo the formula prefix.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { escapeCsvCell, FORMULA_START } from './case-csv';
import { escapeJira, escapeJiraMultiline } from './case-jira';
import { escapeMarkdown } from './case-markdown';
import { escapeServiceNow } from './case-servicenow';
import { cleanInline, cleanText } from './case-text';

// Strings rich in what the escapers care about, mixed with arbitrary Unicode.
const NASTY = '\\`*_{}[]<>()#+-.!|~&=$?^@"\',;:/h1bq \t\r\n\u0000\u001b\u007f\u0085\u009b\u2028\u2029\u202e';
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 60 }),
  fc.string({
    unit: fc.oneof(fc.constantFrom(...NASTY), fc.constantFrom('a', 'Z', '1', ' ', 'é', '𝔘')),
    maxLength: 80,
  }),
);
const RUNS = { numRuns: 500 };

const MD_INLINE = '\\`*_[]<>|~&$@#';
const MD_ESCAPABLE = `${MD_INLINE}+-=>.)`;
const JIRA_SPECIAL = '{}[]*_?-+^~|!#';

describe('escapeMarkdown', () => {
  it('leaves no inline opener unescaped, opens no block at the start, and unescaping gives back the cleaned text', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = escapeMarkdown(s);
        let back = '';
        for (let i = 0; i < out.length; i++) {
          const ch = out[i]!;
          if (ch === '\\') {
            const next = out[i + 1];
            expect(next !== undefined && MD_ESCAPABLE.includes(next)).toBe(true);
            back += next;
            i++;
          } else {
            expect(MD_INLINE.includes(ch)).toBe(false);
            back += ch;
          }
        }
        expect(back).toBe(cleanInline(s));
        // what would open a block at the start of a line is escaped there
        expect(out).not.toMatch(/^\s*(>|[+\-=](\s|$|[-=]))/);
        expect(out).not.toMatch(/^\s*\d{1,9}[.)](\s|$)/);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\n\r\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      }),
      RUNS,
    );
  });
});

describe('escapeJira', () => {
  function decode(out: string): string {
    let back = '';
    for (let i = 0; i < out.length; i++) {
      const ch = out[i]!;
      if (ch === '\\') {
        const next = out[i + 1];
        expect(next !== undefined && JIRA_SPECIAL.includes(next)).toBe(true);
        back += next;
        i++;
      } else if (ch === '&') {
        const m = /^&(amp|#92|#\d+);/.exec(out.slice(i));
        expect(m).not.toBeNull();
        back += m![1] === 'amp' ? '&' : String.fromCharCode(Number(m![1]!.slice(1)));
        i += m![0].length - 1;
      } else {
        expect(JIRA_SPECIAL.includes(ch)).toBe(false);
        back += ch;
      }
    }
    return back;
  }
  it('leaves no markup character or backslash unescaped, and decoding gives back the cleaned text', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(decode(escapeJira(s))).toBe(cleanInline(s));
      }),
      RUNS,
    );
  });
  it('multi-line: no line starts a heading or quote block', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(text, fc.constantFrom('h1. x', ' h6.', 'bq. q', 'H2.y')), { maxLength: 5 }),
        (lines) => {
          const out = escapeJiraMultiline(lines.join('\n'));
          for (const line of out.split('\n')) expect(line).not.toMatch(/^\s*(h[1-6]|bq)\./i);
          expect(out.split('\n').map(decode).join('\n')).toBe(cleanText(lines.join('\n')));
        },
      ),
      RUNS,
    );
  });
});

describe('escapeServiceNow', () => {
  it('never leaves a [code] tag', () => {
    const withTags = fc
      .array(
        fc.oneof(text, fc.constantFrom('[code]', '[/code]', '[ CoDe ]', '[/ code]', '[', ']', 'code', '/', '\u0000')),
        { maxLength: 8 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(withTags, (s) => {
        expect(escapeServiceNow(s)).not.toMatch(/\[\s*\/?\s*code\s*\]/i);
      }),
      RUNS,
    );
  });
});

describe('escapeCsvCell', () => {
  it('parses back to the cleaned text (plus the formula prefix), never as a formula', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), (cells) => {
        // A leading sentinel column: papaparse reads a lone empty field as no row at all.
        const line = ['x', ...cells.map(escapeCsvCell)].join(',');
        const parsed = Papa.parse<string[]>(line, { newline: '\r\n', delimiter: ',' }).data.flat().slice(1);
        const expected = cells.map((c) => {
          const v = cleanText(c);
          return FORMULA_START.test(v) ? `'${v}` : v;
        });
        expect(parsed).toEqual(expected);
        for (const p of parsed) expect(p).not.toMatch(/^\s*[=+\-@\t\r]/);
      }),
      RUNS,
    );
  });
});
