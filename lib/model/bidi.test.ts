import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeBidi, neutralizeBidiDeep } from './bidi';

describe('neutralizeBidi', () => {
  it('makes every bidirectional control visible and leaves other text alone', () => {
    expect(neutralizeBidi('invoice\u202Etxt.exe')).toBe('invoice\uFFFDtxt.exe');
    for (const c of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ]) {
      expect(neutralizeBidi(`a${c}b`)).toBe('a\uFFFDb');
    }
    expect(neutralizeBidi('aws-cli/2.15.0 Python/3.11 مرحبا')).toBe('aws-cli/2.15.0 Python/3.11 مرحبا');
  });
  it('no output holds a bidirectional control, whatever the input (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        (s) => !/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(neutralizeBidi(s)),
      ),
    );
  });
  it('reaches every string of a nested value', () => {
    expect(neutralizeBidiDeep({ a: ['x\u202Ey'], b: { c: '\u2067z', n: 1 } })).toEqual({
      a: ['x\uFFFDy'],
      b: { c: '\uFFFDz', n: 1 },
    });
    const clean = { a: ['x'], b: { c: 'y', n: 1 } };
    expect(neutralizeBidiDeep(clean)).toBe(clean);
    const input = { a: ['x\u202Ey', 'ok'], b: { c: 'y' } };
    const out = neutralizeBidiDeep(input);
    expect(input.a[0]).toBe('x\u202Ey');
    expect(out.b).toBe(input.b);
  });
});
