/**
 * details: putDetail keeps only values the TokenEvent schema accepts and worth keeping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { putDetail } from './details';
import { TokenEventSchema, type TokenEventDetails } from './token-event';

describe('putDetail', () => {
  it('sets strings, numbers, booleans and string lists; skips undefined, empty and non-finite', () => {
    const d: TokenEventDetails = {};
    putDetail(d, 'a', 'x');
    putDetail(d, 'b', 0);
    putDetail(d, 'c', false);
    putDetail(d, 'd', ['p']);
    putDetail(d, 'e', undefined);
    putDetail(d, 'f', '');
    putDetail(d, 'g', NaN);
    putDetail(d, 'h', Infinity);
    putDetail(d, 'i', []);
    expect(d).toEqual({ a: 'x', b: 0, c: false, d: ['p'] });
    expect(Object.keys(d)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('overwrites an earlier value, but never with nothing', () => {
    const d: TokenEventDetails = { a: 'old' };
    putDetail(d, 'a', undefined);
    expect(d.a).toBe('old');
    putDetail(d, 'a', 'new');
    expect(d.a).toBe('new');
  });

  it('whatever it is given, the details stay valid for the schema', () => {
    const value = fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.array(fc.string()), fc.constant(undefined));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/), value)), (pairs) => {
        const d: TokenEventDetails = {};
        for (const [k, v] of pairs) putDetail(d, k, v);
        expect(() => TokenEventSchema.shape.details.parse(d)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
