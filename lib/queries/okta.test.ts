import { describe, expect, it } from 'vitest';
import { buildOkta, oktaString } from './okta';
import { EMPTY, HOSTILE, NORMAL } from '../../test/support/query-scopes';

describe('Okta System Log filter', () => {
  it('escapes backslash and double quote', () => {
    expect(oktaString('a\\b"c\r')).toBe('"a\\\\b\\"c"');
  });
  it('normal scope', async () => {
    const [q] = buildOkta(NORMAL);
    await expect(JSON.stringify(q?.params, null, 2)).toMatchFileSnapshot('./__golden__/okta-normal-params.json');
    await expect(q?.text).toMatchFileSnapshot('./__golden__/okta-normal-url.txt');
  });
  it('hostile scope', async () => {
    const [q] = buildOkta(HOSTILE);
    await expect(JSON.stringify(q?.params, null, 2)).toMatchFileSnapshot('./__golden__/okta-hostile-params.json');
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
