import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { cutText, fitAndParse, fitToSchema } from './fit-to-schema';

const Schema = z.object({
  ua: z.string().max(10),
  tags: z.array(z.string().max(3)).max(2),
  nested: z.object({ name: z.string().max(5).optional() }),
  n: z.number(),
});

describe('cutText', () => {
  it('keeps short text and cuts long text to the limit, ending with …', () => {
    expect(cutText('short', 10)).toBe('short');
    expect(cutText('abcdefghijkl', 5)).toBe('abcd…');
    expect(cutText('abcdefghijkl', 5)).toHaveLength(5);
  });
  it('never leaves half a surrogate pair', () => {
    expect(cutText('abc😀def', 5)).toBe('abc…');
  });
});

describe('fitToSchema', () => {
  it('cuts strings and arrays at any depth so the value parses, leaving the input unchanged', () => {
    const input = { ua: 'x'.repeat(2_100), tags: ['a', 'bbbb', 'c'], nested: { name: 'longname' }, n: 1 };
    const out = fitToSchema(Schema, input);
    expect(Schema.safeParse(out).success).toBe(true);
    expect(out).toEqual({ ua: `${'x'.repeat(9)}…`, tags: ['a', 'bb…'], nested: { name: 'long…' }, n: 1 });
    expect(input.ua).toHaveLength(2_100);
  });
  it('leaves other problems for the schema to report', () => {
    const out = fitToSchema(Schema, { ua: 'x'.repeat(50), tags: [], nested: {}, n: 'one' } as never);
    const r = Schema.safeParse(out);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['n']);
  });
  it('fitAndParse gives the check of the fitted value (its data, or its error), as check(fitToSchema(…)) would', () => {
    const check = (v: unknown) => Schema.safeParse(v);
    const good = { ua: 'x'.repeat(50), tags: ['a'], nested: {}, n: 1, extra: 'dropped by zod' };
    const r = fitAndParse(good as never, check);
    expect(r).toEqual(check(fitToSchema(Schema, good as never)));
    expect(r.data).toEqual({ ua: `${'x'.repeat(9)}…`, tags: ['a'], nested: {}, n: 1 });
    const bad = fitAndParse({ ua: 'x'.repeat(50), tags: [], nested: {}, n: 'one' } as never, check);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['n']);
  });
  it('any strings of any length fit (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }),
        (ua, tags) => {
          expect(Schema.safeParse(fitToSchema(Schema, { ua, tags, nested: { name: ua }, n: 0 })).success).toBe(true);
        },
      ),
    );
  });
});
