import { describe, expect, it } from 'vitest';
import { buildOkta, oktaString } from './okta';
import { EMPTY, HOSTILE, NORMAL } from '../../test/support/query-scopes';

describe('Okta System Log filter', () => {
  it('escapes backslash and double quote', () => {
    expect(oktaString('a\\b"c\r')).toBe('"a\\\\b\\"c"');
  });
  it('normal scope', () => {
    const [q] = buildOkta(NORMAL);
    expect(q?.params).toMatchInlineSnapshot(`
      {
        "filter": "client.ipAddress eq "203.0.113.7" or client.ipAddress eq "2001:db8::1" or securityContext.asNumber eq 64500 or authenticationContext.rootSessionId eq "AKIAEXAMPLE123" or authenticationContext.rootSessionId eq "tok-42" or target.id eq "00000003-0000-0000-c000-000000000000" or actor.alternateId eq "alice@example.com"",
        "since": "2024-05-01T08:00:00Z",
        "sortOrder": "ASCENDING",
        "until": "2024-05-02T08:00:01Z",
      }
    `);
    expect(q?.text).toMatchInlineSnapshot(
      `"/api/v1/logs?since=2024-05-01T08%3A00%3A00Z&until=2024-05-02T08%3A00%3A01Z&filter=client.ipAddress+eq+%22203.0.113.7%22+or+client.ipAddress+eq+%222001%3Adb8%3A%3A1%22+or+securityContext.asNumber+eq+64500+or+authenticationContext.rootSessionId+eq+%22AKIAEXAMPLE123%22+or+authenticationContext.rootSessionId+eq+%22tok-42%22+or+target.id+eq+%2200000003-0000-0000-c000-000000000000%22+or+actor.alternateId+eq+%22alice%40example.com%22&sortOrder=ASCENDING"`,
    );
  });
  it('hostile scope', () => {
    const [q] = buildOkta(HOSTILE);
    expect(q?.params).toMatchInlineSnapshot(`
      {
        "filter": "client.ipAddress eq "1.2.3.4' OR 1=1 --" or client.ipAddress eq "5.6.7.8\\" | DROP" or securityContext.asNumber eq 64501 or authenticationContext.rootSessionId eq "a\\\\b'c\\"d" or authenticationContext.rootSessionId eq "line1line2" or target.id eq "x\\" or 1==1 | take 1 //" or actor.alternateId eq "\\"; DROP TABLE users; --" or actor.alternateId eq "o'brien@example.com"",
        "since": "2024-05-01T08:00:00Z",
        "sortOrder": "ASCENDING",
        "until": "2024-05-02T08:00:01Z",
      }
    `);
    expect(new URLSearchParams(q!.text.split('?')[1]).get('filter')).toBe(q?.params?.filter);
  });
  it('empty lists: no filter, only the window', () => {
    const [q] = buildOkta(EMPTY);
    expect(q?.params).toEqual({ since: '2024-05-01T08:00:00Z', until: '2024-05-02T08:00:01Z', sortOrder: 'ASCENDING' });
    expect(q?.text).toMatchInlineSnapshot(
      `"/api/v1/logs?since=2024-05-01T08%3A00%3A00Z&until=2024-05-02T08%3A00%3A01Z&sortOrder=ASCENDING"`,
    );
  });
});
