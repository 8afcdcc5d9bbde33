import { describe, expect, it } from 'vitest';
import { StringPool } from './string-pool';

describe('StringPool', () => {
  it('keeps one entry per distinct value and returns the value unchanged', () => {
    const pool = new StringPool();
    const a = JSON.parse('"arn:aws:iam::111122223333:user/alice"') as string;
    const b = JSON.parse('"arn:aws:iam::111122223333:user/alice"') as string;
    expect(pool.of(a)).toBe(a);
    expect(pool.of(b)).toBe('arn:aws:iam::111122223333:user/alice');
    expect(pool.of('other')).toBe('other');
    expect(pool.size).toBe(2);
  });

  it('is bounded: past its size it starts again', () => {
    const pool = new StringPool(3);
    for (const s of ['a', 'b', 'c']) pool.of(s);
    expect(pool.size).toBe(3);
    expect(pool.of('d')).toBe('d');
    expect(pool.size).toBe(1);
  });
});
