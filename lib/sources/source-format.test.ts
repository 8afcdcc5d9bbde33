/**
 * source-format: the contract's helpers. `neverThrowing` turns a throwing detect into false and a
 * throwing parse into an `unreadable <what>` reason; `ok` / `reject` build the two results.
 */
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../model/fields';
import type { TokenEvent } from '../model/token-event';
import { neverThrowing, ok, reject, unreadable, type ParseContext } from './source-format';

const event: TokenEvent = {
  id: 'e1',
  time: 1,
  provider: 'okta',
  format: 'x',
  class: 'authentication',
  actor: { id: 'a', kind: 'human' },
  source: {},
  action: { name: 'n', verb: 'auth' },
  outcome: { success: true },
};

describe('source-format helpers', () => {
  it('ok carries the events, reject the reason', () => {
    expect(ok(event, event)).toEqual({ ok: true, events: [event, event] });
    expect(reject('why')).toEqual({ ok: false, reason: 'why' });
  });

  it('unreadable names the record kind and the thrown message', () => {
    expect(unreadable('audit record', new Error('boom'))).toEqual({
      ok: false,
      reason: 'unreadable audit record: boom',
    });
    expect(unreadable('finding', 'text thrown')).toEqual({ ok: false, reason: 'unreadable finding: text thrown' });
  });

  it('neverThrowing passes results through and turns throws into false / a reason', () => {
    const seen: [RawRecord, ParseContext][] = [];
    const f = neverThrowing(
      'test record',
      (rec) => {
        if (rec['throw']) throw new Error('detect failed');
        return rec['mine'] === true;
      },
      (rec, ctx) => {
        seen.push([rec, ctx]);
        if (rec['throw']) throw new TypeError('x is undefined');
        return rec['bad'] ? reject('not readable') : ok({ ...event, ref: ctx.ref });
      },
    );
    expect(f.detect({ mine: true })).toBe(true);
    expect(f.detect({})).toBe(false);
    expect(f.detect({ throw: 1 })).toBe(false);
    expect(f.parse({}, { ref: 'f:1' })).toEqual({ ok: true, events: [{ ...event, ref: 'f:1' }] });
    expect(f.parse({ bad: 1 }, { ref: 'f:2' })).toEqual({ ok: false, reason: 'not readable' });
    expect(f.parse({ throw: 1 }, { ref: 'f:3' })).toEqual({
      ok: false,
      reason: 'unreadable test record: x is undefined',
    });
    expect(seen.map(([, ctx]) => ctx.ref)).toEqual(['f:1', 'f:2', 'f:3']);
  });
});
