import { describe, expect, it } from 'vitest';
import { checkSqlName, cleanAsns, cleanValues, sqlQuote, stripControl, timeWindow } from './scope';

describe('scope helpers', () => {
  it('strips control characters, trims and de-duplicates', () => {
    expect(stripControl('a\nb\r\tc\u0000\u007f\u0085\u2028d')).toBe('abcd');
    expect(cleanValues([' x ', 'x', '\n', '', 'y\nz'])).toEqual(['x', 'yz']);
  });
  it('keeps only integer ASNs in range', () => {
    expect(cleanAsns([1, 1, 1.5, -3, Number.NaN, 4294967296, 4294967295])).toEqual([1, 4294967295]);
  });
  it('rounds the window outward to seconds and checks it', () => {
    expect(
      timeWindow({ from: new Date('2024-05-01T08:00:00.900Z'), to: new Date('2024-05-01T09:00:00.100Z') }),
    ).toEqual({
      from: '2024-05-01T08:00:00Z',
      to: '2024-05-01T09:00:01Z',
    });
    expect(() => timeWindow({ from: new Date('x'), to: new Date() })).toThrow(RangeError);
    expect(() => timeWindow({ from: new Date(2), to: new Date(1) })).toThrow(RangeError);
  });
  it('quotes standard SQL strings and checks names', () => {
    expect(sqlQuote("it's\n")).toBe("'it''s'");
    expect(checkSqlName('db.cloudtrail_logs', 't')).toBe('db.cloudtrail_logs');
    expect(() => checkSqlName('t; DROP TABLE x', 't')).toThrow();
  });
});
