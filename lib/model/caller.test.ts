import { describe, expect, it } from 'vitest';
import { hasCaller } from './caller';

describe('hasCaller', () => {
  it.each([
    ['an ARN', { id: 'arn:aws:iam::111122223333:user/alice', kind: 'human' as const }, true],
    ['a service', { id: 'ec2.amazonaws.com', kind: 'service' as const }, true],
    ['a GitHub user literally called unknown', { id: 'unknown', kind: 'human' as const }, true],
    ["the readers' placeholder", { id: 'unknown', kind: 'unknown' as const }, false],
    ['a redacted GCP principal', { id: 'unknown (redacted)', kind: 'unknown' as const }, false],
    ['an empty id', { id: '', kind: 'unknown' as const }, false],
    ['an account id only', { id: '111122223333', kind: 'unknown' as const }, true],
  ])('%s', (_n, actor, want) => {
    expect(hasCaller({ actor })).toBe(want);
  });
});
