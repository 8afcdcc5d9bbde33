import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { looksLikeSecret, maskSecret, maskSecretsIn } from './secret';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const GHP = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

describe('maskSecret / looksLikeSecret', () => {
  it('keeps four characters each side, nothing of a short value', () => {
    expect(maskSecret(JWT)).toBe('eyJh…sw5c');
    expect(maskSecret('short')).toBe('…');
  });
  it('recognises bearer secrets, not identifiers', () => {
    expect(looksLikeSecret(JWT)).toBe(true);
    expect(looksLikeSecret(GHP)).toBe(true);
    expect(looksLikeSecret('AKIAEXAMPLEALICE0001')).toBe(false);
    expect(looksLikeSecret('arn:aws:iam::111122223333:user/alice')).toBe(false);
  });
});

describe('maskSecretsIn', () => {
  it('masks secrets embedded in text and keeps the rest', () => {
    expect(maskSecretsIn(`Authorization: Bearer ${JWT} from 1.2.3.4`)).toBe('Authorization: Bearer eyJh…sw5c from 1.2.3.4');
    expect(maskSecretsIn(`token=${GHP}&x=1`)).toBe(`token=ghp_…q7R8&x=1`);
    expect(maskSecretsIn('aws-cli/2.15.0 Python/3.11')).toBe('aws-cli/2.15.0 Python/3.11');
  });
  it('never leaves a JWT in any surrounding text', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => !maskSecretsIn(`${a} ${JWT} ${b}`).includes(JWT)));
  });
});
