/**
 * time: parseTime on every source's spellings (fractions up to 9 digits, zone-less = UTC, offsets,
 * epoch seconds and milliseconds), never throwing; eventTime's fallbacks, timeKey and rawTimeText.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventTime, isoTime, parseTime, rawTimeText, timeKey } from './time';

const T = Date.UTC(2025, 0, 15, 9, 30, 45, 123);

describe('parseTime: known formats', () => {
  it('reads ISO 8601 with 0 to 9 fractional digits, truncating to milliseconds', () => {
    expect(parseTime('2025-01-15T09:30:45.1234567Z')).toBe(T); // Entra / Log Analytics: 7 digits
    expect(parseTime('2025-01-15T09:30:45.123456789Z')).toBe(T);
    expect(parseTime('2025-01-15T09:30:45.123Z')).toBe(T);
    expect(parseTime('2025-01-15T09:30:45.1Z')).toBe(T - 23);
    expect(parseTime('2025-01-15T09:30:45Z')).toBe(T - 123);
    expect(parseTime('2025-01-15T09:30Z')).toBe(Date.UTC(2025, 0, 15, 9, 30));
  });

  it('takes a zone-less time as UTC, never local, with T or a space', () => {
    expect(parseTime('2025-01-15 09:30:45.123')).toBe(T);
    expect(parseTime('2025-01-15T09:30:45.123')).toBe(T);
    expect(parseTime('2025-01-15 09:30:45,123')).toBe(T);
    expect(parseTime('  2025-01-15 09:30:45.123  ')).toBe(T);
  });

  it('applies offsets and UTC spellings', () => {
    expect(parseTime('2025-01-15T11:30:45.123+02:00')).toBe(T);
    expect(parseTime('2025-01-15T04:30:45.123-0500')).toBe(T);
    expect(parseTime('2025-01-15T09:30:45.123 UTC')).toBe(T);
    expect(parseTime('2025-01-15T09:30:45.123z')).toBe(T);
  });

  it('reads epoch milliseconds and epoch seconds, as numbers or digit strings', () => {
    expect(parseTime(T)).toBe(T);
    expect(parseTime(String(T))).toBe(T);
    expect(parseTime(1736933445)).toBe(T - 123);
    expect(parseTime('1736933445')).toBe(T - 123);
    expect(parseTime(1736933445.123)).toBe(T);
    expect(parseTime('1736933445.123')).toBe(T);
  });

  it('reads epoch microseconds and nanoseconds by their magnitude, never as a date past year 9999', () => {
    expect(parseTime(T * 1000)).toBe(T);
    expect(parseTime(String(T * 1000))).toBe(T);
    expect(parseTime(T * 1_000_000)).toBe(T);
    expect(parseTime(`${T}000000`)).toBe(T);
    expect(parseTime(1e300)).toBeUndefined();
  });

  it('reads month-name spellings with an explicit zone (the CloudTrail console)', () => {
    expect(parseTime('Jul 30, 2024, 21:31:10 (UTC)')).toBe(Date.UTC(2024, 6, 30, 21, 31, 10));
  });

  it("reads the Azure portal's display form that Log Analytics CSV exports write under [UTC] columns, as UTC", () => {
    expect(parseTime('3/3/2026, 9:15:02.123 AM')).toBe(Date.UTC(2026, 2, 3, 9, 15, 2, 123));
    expect(parseTime('12/31/2025, 11:59:59.9999 PM')).toBe(Date.UTC(2025, 11, 31, 23, 59, 59, 999));
    expect(parseTime('1/1/2026, 12:00:00 AM')).toBe(Date.UTC(2026, 0, 1, 0, 0, 0));
    expect(parseTime('1/1/2026, 12:30:00 PM UTC')).toBe(Date.UTC(2026, 0, 1, 12, 30, 0));
    expect(parseTime('13/1/2026, 1:00:00 AM')).toBeUndefined();
    expect(parseTime('1/1/2026, 13:00:00 PM')).toBeUndefined();
  });
  it('gives undefined for what is not a time', () => {
    for (const v of [
      '',
      '   ',
      'redacted',
      'n/a',
      '...',
      '2025-13-01T00:00:00Z',
      '2025-01-15T25:00:00Z',
      '2025-01-32T00:00:00Z',
      '0',
      '1',
      '12',
      '2024',
    ]) {
      expect(parseTime(v), v).toBeUndefined();
    }
    for (const v of [0, -1, NaN, Infinity, -Infinity, null, undefined, true, {}, [], ['2025-01-15T09:30:45Z']]) {
      expect(parseTime(v), String(v)).toBeUndefined();
    }
  });
});

describe('parseTime: properties', () => {
  // A time is an integer of milliseconds that isoTime can print (Date's range), or undefined.
  const isTimeOrUndefined = (t: number | undefined): boolean =>
    t === undefined || (Number.isInteger(t) && Math.abs(t) <= 8.64e15 && isoTime(t).length > 0);

  it('any string: an integer of milliseconds or undefined, never a throw', () => {
    fc.assert(
      fc.property(fc.string(), (s) => isTimeOrUndefined(parseTime(s))),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => isTimeOrUndefined(parseTime(s))),
      { numRuns: 1000 },
    );
  });

  it('any number: an integer of milliseconds or undefined, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger()), (n) => isTimeOrUndefined(parseTime(n))),
      { numRuns: 2000 },
    );
  });

  it('any value at all: never a throw', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => isTimeOrUndefined(parseTime(v))),
      { numRuns: 1000 },
    );
  });

  it('date-shaped strings round-trip through isoTime, with or without Z, T or a space', () => {
    const date = fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2090-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(date, fc.constantFrom('T', ' '), fc.constantFrom('Z', ''), (d, sep, zone) => {
        const iso = isoTime(d.getTime());
        expect(parseTime(iso.slice(0, -1).replace('T', sep) + zone)).toBe(d.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('epoch seconds and milliseconds of the same instant agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000_000, max: 99_999_999_999 }), (s) => {
        expect(parseTime(s)).toBe(s * 1000);
        expect(parseTime(s * 1000)).toBe(s * 1000);
      }),
      { numRuns: 500 },
    );
  });
});

describe('eventTime, timeKey, rawTimeText', () => {
  it('takes the first readable of several candidates; none readable is time 0, timeKnown false', () => {
    expect(eventTime('2025-01-15T09:30:45.123Z')).toEqual({ time: T });
    expect(eventTime(undefined, 'redacted', T, '2020-01-01T00:00:00Z')).toEqual({ time: T });
    expect(eventTime('redacted', null, '')).toEqual({ time: 0, timeKnown: false });
    expect(eventTime()).toEqual({ time: 0, timeKnown: false });
  });

  it('names the time part of a synthetic id', () => {
    expect(timeKey({ time: T })).toBe(T);
    expect(timeKey({ time: 0, timeKnown: false })).toBe('no-time');
  });

  it('keeps what the log said: the first present candidate, as text, at most 64 characters', () => {
    expect(rawTimeText(undefined, null, '', 'redacted', 'later')).toBe('redacted');
    expect(rawTimeText(undefined, 0)).toBe('0');
    expect(rawTimeText({ $date: 'x' })).toBe('{"$date":"x"}');
    expect(rawTimeText(['a', 1])).toBe('["a",1]');
    expect(rawTimeText('x'.repeat(100))).toBe('x'.repeat(64));
    expect(rawTimeText()).toBeUndefined();
    expect(rawTimeText(undefined, null, '')).toBeUndefined();
    expect(rawTimeText(10n)).toBe('bigint');
  });

  it('rawTimeText never throws and never returns more than 64 characters', () => {
    fc.assert(
      fc.property(fc.array(fc.anything()), (raws) => {
        const s = rawTimeText(...raws);
        expect(s === undefined || (typeof s === 'string' && s.length <= 64)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
