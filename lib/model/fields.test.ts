/**
 * fields: case-insensitive reads (`field` one-off, `reader` cached) agreeing with each other,
 * dotted paths, and the value readers (str, text, bool, num, strArray, JSON kept in strings,
 * asRecord / asObject / asArray).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asArray,
  asObject,
  asRecord,
  bool,
  field,
  isRecord,
  jsonInString,
  jsonInStringTwice,
  num,
  path,
  reader,
  str,
  strArray,
  text,
  type RawRecord,
} from './fields';

describe('field and reader', () => {
  const rec: RawRecord = {
    eventName: 'A',
    useridentity: { Arn: 'arn' },
    at_sign_timestamp: 't',
    Empty: undefined,
    empty: 'e',
  };

  it('read exact keys, other casings and the at_sign_ rewrite of @', () => {
    const g = reader(rec);
    for (const read of [(k: string) => field(rec, k), g]) {
      expect(read('eventName')).toBe('A');
      expect(read('EVENTNAME')).toBe('A');
      expect(read('userIdentity')).toEqual({ Arn: 'arn' });
      expect(read('@timestamp')).toBe('t');
      expect(read('empty')).toBe('e');
      expect(read('Empty')).toBe('e');
      expect(read('missing')).toBeUndefined();
    }
    expect(field(undefined, 'x')).toBeUndefined();
  });

  it('field and reader read only own properties, not the prototype', () => {
    const g = reader({ a: 1 });
    for (const k of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty']) {
      expect(g(k), k).toBeUndefined();
      expect(field({ a: 1 }, k), k).toBeUndefined();
      expect(field({ a: 1 }, k.toUpperCase()), k).toBeUndefined();
    }
    expect(field({ constructor: 'c' }, 'Constructor')).toBe('c');
  });

  it('reader sees the record as it was at its first miss (the index is built once)', () => {
    const r: RawRecord = { Name: 'x' };
    const g = reader(r);
    expect(g('name')).toBe('x');
    r['Other'] = 'y';
    expect(g('Other')).toBe('y'); // exact reads stay live
    expect(g('other')).toBeUndefined();
  });

  it('field and reader agree on records with one spelling per key', () => {
    const key = fc.oneof(
      fc.stringMatching(/^[A-Za-z_]{1,8}$/),
      fc.constantFrom('valueOf', 'constructor', 'toString', '@timestamp', 'at_sign_timestamp'),
    );
    fc.assert(
      fc.property(fc.dictionary(key, fc.string()), key, (d, k) => {
        const lower = new Set<string>();
        for (const dk of Object.keys(d)) {
          if (lower.has(dk.toLowerCase())) return; // two spellings of one key: either may win
          lower.add(dk.toLowerCase());
        }
        expect(reader(d)(k)).toBe(field(d, k));
        expect(reader(d)(k.toUpperCase())).toBe(field(d, k.toUpperCase()));
      }),
      { numRuns: 500 },
    );
  });

  it('path follows dotted keys case-insensitively, undefined through non-records', () => {
    expect(path({ A: { b: { C: 3 } } }, 'a.B.c')).toBe(3);
    expect(path({ a: 'text' }, 'a.b')).toBeUndefined();
    expect(path(null, 'a')).toBeUndefined();
  });
});

describe('value readers', () => {
  it('str: non-empty strings as they are, finite numbers as text', () => {
    expect(str('x')).toBe('x');
    expect(str(' null ')).toBe(' null ');
    expect(str('')).toBeUndefined();
    expect(str(42)).toBe('42');
    expect(str(NaN)).toBeUndefined();
    expect(str(true)).toBeUndefined();
  });

  it('text: str trimmed, without empty or null placeholders', () => {
    expect(text('  x  ')).toBe('x');
    expect(text(7)).toBe('7');
    expect(text('   ')).toBeUndefined();
    expect(text('null')).toBeUndefined();
    expect(text(' null ')).toBeUndefined();
    expect(text('NULL')).toBe('NULL');
    expect(text(null)).toBeUndefined();
    expect(text({})).toBeUndefined();
  });

  it('text never returns an empty or untrimmed string', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const t = text(v);
        expect(t === undefined || (t.length > 0 && t === t.trim() && t !== 'null')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('bool, num, strArray', () => {
    expect([bool(true), bool('False'), bool(' yes '), bool('no'), bool('maybe'), bool(1)]).toEqual([
      true,
      false,
      true,
      false,
      undefined,
      undefined,
    ]);
    expect([num(3), num('4.5'), num(' '), num('x'), num(Infinity)]).toEqual([3, 4.5, undefined, undefined, undefined]);
    expect(strArray(['a', '', 3, 'b'])).toEqual(['a', 'b']);
    expect(strArray('a')).toEqual(['a']);
    expect(strArray([])).toBeUndefined();
  });

  it('jsonInString parses JSON text once; jsonInStringTwice also unwraps a JSON string of JSON', () => {
    const inner = JSON.stringify(['a', 'b']);
    expect(jsonInString(inner)).toEqual(['a', 'b']);
    expect(jsonInString(JSON.stringify(inner))).toBe(inner);
    expect(jsonInStringTwice(JSON.stringify(inner))).toEqual(['a', 'b']);
    expect(jsonInStringTwice(inner)).toEqual(['a', 'b']);
    expect(jsonInStringTwice('"plain"')).toBe('plain');
    expect(jsonInStringTwice('{broken')).toBe('{broken');
    expect(jsonInStringTwice(5)).toBe(5);
  });

  it('asRecord takes records only; asObject also JSON text of one', () => {
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
    expect(asRecord('{"a":1}')).toBeUndefined();
    expect(asRecord([1])).toBeUndefined();
    expect(asObject('{"a":1}')).toEqual({ a: 1 });
    expect(asObject('[1]')).toBeUndefined();
    expect(asObject(null)).toBeUndefined();
    expect(isRecord(asObject({ b: 2 }))).toBe(true);
  });

  it('asArray takes arrays, their JSON text and double-encoded JSON text', () => {
    expect(asArray([1])).toEqual([1]);
    expect(asArray('[1,2]')).toEqual([1, 2]);
    expect(asArray(JSON.stringify('[1,2]'))).toEqual([1, 2]);
    expect(asArray('{"a":1}')).toBeUndefined();
    expect(asArray('x')).toBeUndefined();
  });

  it('no reader throws on any value', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        jsonInStringTwice(v);
        asObject(v);
        asArray(v);
        asRecord(v);
        str(v);
        bool(v);
        num(v);
        strArray(v);
        if (isRecord(v)) reader(v)('Any');
      }),
      { numRuns: 500 },
    );
  });
});
