import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZodBoolean, ZodEnum, ZodNumber, ZodOptional, ZodString, type z } from 'zod';
import { PartPool } from './part-pool';
import { StringPool } from './string-pool';
import { TokenEventSchema, type TokenEvent } from './token-event';

const event = (n: number, over: Partial<TokenEvent> = {}): TokenEvent => ({
  id: `ev-${n}`,
  time: 1_700_000_000_000 + n,
  provider: 'aws',
  format: 'cloudtrail',
  class: 'api_activity',
  actor: { id: 'arn:aws:iam::111122223333:user/alice', kind: 'human', account: '111122223333', name: 'alice' },
  source: { ip: '203.0.113.7', userAgent: 'aws-cli/2.15.30', clientKind: 'sdk' },
  action: { name: 'ListBuckets', verb: 'list', service: 's3.amazonaws.com' },
  outcome: { success: true },
  credential: { kind: 'long_term_key', id: 'AKIAEXAMPLE0000000001' },
  details: { accountId: '111122223333', region: 'us-east-1', readOnly: true },
  ...over,
});

/** The parts the pool shares, with a value of the right type for each field the schema gives them. */
const PARTS = ['actor', 'source', 'action', 'outcome', 'credential'] as const;
type PartName = (typeof PARTS)[number];

function otherValue(schema: z.ZodType, current: unknown): unknown {
  const inner = schema instanceof ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof ZodBoolean) return current !== true;
  if (inner instanceof ZodNumber) return typeof current === 'number' ? current + 1 : 42;
  if (inner instanceof ZodEnum) return (inner.options as string[]).find((o) => o !== current);
  if (inner instanceof ZodString) return `${String(current ?? '')}-other`;
  throw new Error(`no other value for a ${inner.constructor.name}: teach this test the field's type`);
}

function shapeOf(part: PartName): Record<string, z.ZodType> {
  const s = TokenEventSchema.shape[part];
  const obj = s instanceof ZodOptional ? s.unwrap() : s;
  return (obj as z.ZodObject).shape;
}

describe('PartPool', () => {
  it('gives events with equal parts one shared, frozen copy of each, and keeps values unchanged', () => {
    const pool = new PartPool();
    const a = event(1);
    const b = event(2);
    const before = structuredClone([a, b]);
    pool.event(a);
    pool.event(b);
    expect([a, b]).toEqual(before);
    for (const p of [...PARTS, 'details'] as const) {
      expect(b[p]).toBe(a[p]);
      expect(Object.isFrozen(a[p])).toBe(true);
    }
    // A change that slipped in after the reader would change other events: it throws instead.
    expect(() => {
      (b.source as { ip?: string }).ip = '198.51.100.1';
    }).toThrow(TypeError);
  });

  for (const part of PARTS) {
    it(`tells ${part} parts apart by every field the schema gives them`, () => {
      for (const [field, schema] of Object.entries(shapeOf(part))) {
        const pool = new PartPool();
        const a = event(1);
        const b = event(2);
        const own = { ...(b[part] as Record<string, unknown>) };
        own[field] = otherValue(schema, own[field]);
        (b as unknown as Record<string, unknown>)[part] = own;
        pool.event(a);
        pool.event(b);
        expect(b[part], `${part}.${field}`).not.toBe(a[part]);
        expect((b[part] as Record<string, unknown>)[field], `${part}.${field}`).toEqual(own[field]);
      }
    });
  }

  it('tells details apart by any key or value, and shares lists equal by their items', () => {
    const pool = new PartPool();
    const a = event(1, { details: { region: 'us-east-1', keys: ['k1', 'k2'] } });
    const b = event(2, { details: { region: 'us-east-1', keys: ['k1', 'k2'] } });
    const c = event(3, { details: { region: 'us-east-1', keys: ['k1'] } });
    const d = event(4, { details: { region: 'us-east-1', keys: ['k1', 'k2'], readOnly: false } });
    for (const e of [a, b, c, d]) pool.event(e);
    expect(b.details).toBe(a.details);
    expect(c.details).not.toBe(a.details);
    expect(d.details).not.toBe(a.details);
    expect(d.details).toEqual({ region: 'us-east-1', keys: ['k1', 'k2'], readOnly: false });
  });

  it('is bounded: past its size it starts again, and parts handed out stay as they were', () => {
    const pool = new PartPool(4);
    const events = Array.from({ length: 10 }, (_, i) => event(i, { source: { ip: `198.51.100.${i}` } }));
    const before = structuredClone(events);
    for (const e of events) pool.event(e);
    // Without the bound it would keep 15 parts (6 of the first event, then a new source each);
    // the check runs before each event, so one event's parts (at most 6) may pass it.
    expect(pool.size).toBeLessThan(4 + 6);
    expect(events).toEqual(before);
  });

  it('holds at most a few variants per key: the rest stay unshared, with their own values', () => {
    const pool = new PartPool();
    const events = Array.from({ length: 20 }, (_, i) => event(i, { outcome: { success: false, reason: `r${i}` } }));
    for (const e of events) pool.event(e);
    const again = event(99, { outcome: { success: false, reason: 'r15' } });
    pool.event(again);
    expect(again.outcome).toEqual({ success: false, reason: 'r15' });
    expect(again.outcome).not.toBe(events[15]!.outcome);
  });

  it('on any events: values unchanged, equal parts shared (property)', () => {
    const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
    const arb = fc.record({
      who: pick(['alice', 'bob']),
      ip: pick(['203.0.113.1', '203.0.113.2', undefined]),
      name: pick(['ListBuckets', 'GetObject']),
      ok: fc.boolean(),
      key: pick(['AKIA1', 'ASIA2', undefined]),
      region: pick(['us-east-1', 'eu-west-1']),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 40 }), (rows) => {
        const events = rows.map((r, i) =>
          event(i, {
            actor: { id: `arn:aws:iam::1:user/${r.who}`, kind: 'human' },
            source: r.ip ? { ip: r.ip } : { caller: 'AWS Internal' },
            action: { name: r.name, verb: 'read' },
            outcome: { success: r.ok },
            ...(r.key ? { credential: { kind: 'long_term_key' as const, id: r.key } } : { credential: undefined }),
            details: { region: r.region },
          }),
        );
        const before = structuredClone(events);
        const parts = new PartPool();
        for (const e of events) parts.event(e);
        expect(JSON.stringify(events)).toBe(JSON.stringify(before));
        for (let i = 0; i < events.length; i++) {
          for (let j = 0; j < i; j++) {
            for (const p of ['actor', 'source', 'action', 'outcome', 'details'] as const) {
              const same = JSON.stringify(before[i]![p]) === JSON.stringify(before[j]![p]);
              // Details are shared within an identity.
              if (same && (p !== 'details' || before[i]!.actor.id === before[j]!.actor.id)) {
                expect(events[i]![p]).toBe(events[j]![p]);
              }
            }
          }
        }
      }),
    );
  });

  it("passes over a part kept before the pool started again (one record's events may hold it)", () => {
    const actor = { id: 'arn:aws:iam::1:user/alice', kind: 'human' as const, name: 'alice' };
    const a = event(1, { actor });
    const b = event(2, { actor, source: { ip: '198.51.100.9' } });
    const parts = new PartPool(1);
    parts.event(a);
    expect(Object.isFrozen(b.actor)).toBe(true);
    // Past its size the pool starts again at b, which still holds a's frozen actor.
    expect(() => parts.event(b)).not.toThrow();
    expect(b.actor).toEqual({ id: 'arn:aws:iam::1:user/alice', kind: 'human', name: 'alice' });
  });

  it("holds a new part's repeated strings once, and leaves per-record values out", () => {
    const strings = new StringPool();
    const parts = new PartPool(200_000, strings);
    const events = Array.from({ length: 12 }, (_, i) =>
      event(i, {
        actor: {
          id: `arn:aws:iam::111122223333:user/u${i % 3}`,
          kind: 'human',
          account: '111122223333',
          name: `u${i % 3}`,
        },
        source: { ip: `203.0.113.${i % 2}`, userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0' },
        credential: { kind: 'long_term_key', id: `AKIA00000000000000${i % 3}` },
        details: { accountId: '111122223333', region: 'us-east-1', readOnly: true, secretName: `s-${i}` },
      }),
    );
    const before = structuredClone(events);
    for (const e of events) parts.event(e);
    expect(events).toEqual(before);
    // 3 identities, 3 names, one account, 2 addresses, one user agent, one service, 3 keys, one region;
    // the per-record secret names and ids are not pooled.
    expect(strings.size).toBe(3 + 3 + 1 + 2 + 1 + 1 + 3 + 1);
  });
});
