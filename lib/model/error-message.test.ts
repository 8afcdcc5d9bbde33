/**
 * error-message: the text of anything a `catch` can receive.
 */
import { describe, expect, it } from 'vitest';
import { errorMessage } from './error-message';

describe('errorMessage', () => {
  it('gives an Error its message and anything else its string', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ a: 1 })).toBe('[object Object]');
  });

  it('does not throw for a value that cannot be a string', () => {
    expect(errorMessage(Object.create(null))).toBe('object');
    expect(
      errorMessage({
        toString: () => {
          throw new Error('no');
        },
      }),
    ).toBe('object');
  });
});
