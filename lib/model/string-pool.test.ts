import { describe, expect, it } from 'vitest';
import { StringPool } from './string-pool';
import type { TokenEvent } from './token-event';

const event = (n: number): TokenEvent => ({
  id: `ev-${n}`,
  time: 1_700_000_000_000 + n,
  provider: 'aws',
  format: 'cloudtrail',
  class: 'api_activity',
  actor: { id: `arn:aws:iam::111122223333:user/u${n % 3}`, kind: 'human', account: '111122223333', name: `u${n % 3}` },
  source: { ip: `203.0.113.${n % 2}`, userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0' },
  action: { name: 'ListBuckets', verb: 'read', service: 's3.amazonaws.com' },
  outcome: { success: true },
  credential: { kind: 'long_term_key', id: `AKIA00000000000000${n % 3}` },
  details: { accountId: '111122223333', region: 'us-east-1', readOnly: true, secretName: `s-${n}` },
});

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

  it('pools the repeated fields of events without changing them, and leaves per-record values out', () => {
    const pool = new StringPool();
    const events = Array.from({ length: 12 }, (_, i) => event(i));
    const before = structuredClone(events);
    for (const e of events) pool.event(e);
    expect(events).toEqual(before);
    // 3 identities, 3 names, one account, 2 addresses, one user agent, one service, 3 keys, one region;
    // the per-record secret names and ids are not pooled.
    expect(pool.size).toBe(3 + 3 + 1 + 2 + 1 + 1 + 3 + 1);
  });
});
