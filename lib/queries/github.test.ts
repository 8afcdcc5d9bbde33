import { describe, expect, it } from 'vitest';
import { buildGitHub, githubValue } from './github';
import { EMPTY, HOSTILE, NORMAL } from '../../test/support/query-scopes';

describe('GitHub audit log search', () => {
  it('quotes values with spaces or colons, strips quotes and controls', () => {
    expect(githubValue('1.2.3.4')).toBe('1.2.3.4');
    expect(githubValue('2001:db8::1')).toBe('"2001:db8::1"');
    expect(githubValue('a "b"\nc')).toBe('"a bc"');
  });
  it('normal scope', () => {
    expect(buildGitHub(NORMAL).map((q) => q.text)).toMatchInlineSnapshot(`
      [
        "actor_ip:203.0.113.7 created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "actor_ip:"2001:db8::1" created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "hashed_token:AKIAEXAMPLE123 created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "hashed_token:tok-42 created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "actor:alice@example.com created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
      ]
    `);
  });
  it('hostile scope', () => {
    expect(buildGitHub(HOSTILE).map((q) => q.text)).toMatchInlineSnapshot(`
      [
        "actor_ip:"1.2.3.4' OR 1=1 --" created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "actor_ip:"5.6.7.8 | DROP" created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "hashed_token:a\\b'cd created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "hashed_token:line1line2 created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "actor:"; DROP TABLE users; --" created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
        "actor:o'brien@example.com created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
      ]
    `);
  });
  it('empty lists: the window alone', () => {
    expect(buildGitHub(EMPTY).map((q) => q.text)).toMatchInlineSnapshot(`
      [
        "created:>=2024-05-01T08:00:00Z created:<=2024-05-02T08:00:01Z",
      ]
    `);
  });
});
