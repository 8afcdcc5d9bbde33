import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baselineFileName,
  historySummary,
  mergeSnapshots,
  parseBaselineFile,
  retain,
  toBaselineFile,
} from './baseline-file';
import type { HistorySnapshot } from './history';

const DAY = 86_400_000;
const snap = (subjects: HistorySnapshot['subjects']): HistorySnapshot => ({ version: 1, subjects });

describe('retain (the retention window)', () => {
  it('drops event times before the window and subjects with nothing inside it, keeping first-seen values of active ones', () => {
    const now = 100 * DAY;
    const out = retain(
      snap({
        'id:active': { times: [10 * DAY, 80 * DAY, 99 * DAY], seen: { ip: { '192.0.2.1': 10 * DAY } } },
        'id:gone': { times: [5 * DAY, 60 * DAY], seen: { ip: { '192.0.2.2': 5 * DAY } } },
      }),
      now,
      30,
    );
    expect(Object.keys(out.subjects)).toEqual(['id:active']);
    expect(out.subjects['id:active']!.times).toEqual([80 * DAY, 99 * DAY]);
    expect(out.subjects['id:active']!.seen.ip).toEqual({ '192.0.2.1': 10 * DAY });
  });
});

describe('mergeSnapshots', () => {
  it('joins times and keeps the earliest first-seen of each value', () => {
    const merged = mergeSnapshots([
      snap({ 'id:a': { times: [1, 5], seen: { ip: { x: 5, y: 1 } } } }),
      snap({ 'id:a': { times: [3], seen: { ip: { x: 3 }, ua: { u: 3 } } }, 'tok:k': { times: [2], seen: {} } }),
    ]);
    expect(merged.subjects['id:a']!.times.sort((a, b) => a - b)).toEqual([1, 3, 5]);
    expect(merged.subjects['id:a']!.seen).toEqual({ ip: { x: 3, y: 1 }, ua: { u: 3 } });
    expect(merged.subjects['tok:k']!.times).toEqual([2]);
  });

  it('does not change the snapshots it merges', () => {
    const a = snap({ 'id:a': { times: [1], seen: { ip: { x: 5 } } } });
    mergeSnapshots([a, snap({ 'id:a': { times: [2], seen: { ip: { x: 1 } } } })]);
    expect(a.subjects['id:a']).toEqual({ times: [1], seen: { ip: { x: 5 } } });
  });
});

describe('historySummary', () => {
  it('counts identities, tokens and days covered', () => {
    expect(
      historySummary(snap({ 'id:a': { times: [0, 23 * DAY], seen: {} }, 'tok:k': { times: [DAY], seen: {} } })),
    ).toEqual({ identities: 1, tokens: 1, days: 23, from: 0, to: 23 * DAY });
    expect(historySummary(snap({}))).toEqual({ identities: 0, tokens: 0, days: 0 });
  });
});

describe('parseBaselineFile', () => {
  it('reads back what toBaselineFile wrote', () => {
    const file = toBaselineFile(
      'aws:111122223333',
      snap({ 'id:a': { times: [1], seen: { country: { GB: 1 } } } }),
      7,
      30,
    );
    expect(parseBaselineFile(JSON.stringify(file), 'f')).toEqual({ ok: true, file });
  });

  it('reads any text or rejects it with a reason, never throwing (fast-check)', () => {
    const shapes = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({
          format: fc.constantFrom('token-triage-baseline', 'other'),
          version: fc.constantFrom(1, 2, '1'),
          tenant: fc.string(),
          savedAt: fc.anything(),
          retentionDays: fc.anything(),
          subjects: fc.anything(),
        })
        .map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(shapes, (text) => {
        const r = parseBaselineFile(text, 'f');
        return r.ok ? r.file.format === 'token-triage-baseline' : r.error.startsWith('f ');
      }),
    );
  });
});

describe('toBaselineFile keeps no raw secret', () => {
  it('masks seen values and subject names that hold one, keeping the rest as learned', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const file = toBaselineFile(
      'aws:1',
      snap({ 'id:alice': { times: [1], seen: { ua: { [`curl/8.0 Bearer ${jwt}`]: 5, 'aws-cli/2.15': 1 } } } }),
      0,
      30,
    );
    expect(JSON.stringify(file)).not.toContain(jwt.slice(4, -4));
    expect(file.subjects['id:alice']!.seen.ua).toEqual({ 'curl/8.0 Bearer eyJh…sw5c': 5, 'aws-cli/2.15': 1 });
  });
});

describe('baselineFileName', () => {
  it('is safe on every file system whatever the tenant says', () => {
    expect(baselineFileName('aws:111122223333')).toBe('aws_111122223333.baseline.json');
    expect(baselineFileName('okta:../../etc/passwd')).toBe('okta_.._.._etc_passwd.baseline.json');
    fc.assert(
      fc.property(
        fc.string(),
        (t) => /^[A-Za-z0-9._-]*\.baseline\.json$/.test(baselineFileName(t)) && !baselineFileName(t).includes('/'),
      ),
    );
  });
});
