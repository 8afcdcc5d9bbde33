import { describe, expect, it } from 'vitest';
import { QUERY_LANGUAGES, buildAllQueries } from './index';
import { NORMAL } from '../../test/support/query-scopes';

describe('query languages', () => {
  it('lists every language once and builds them all', () => {
    expect(QUERY_LANGUAGES.map((l) => l.id)).toEqual(['cloudtrail-lake', 'athena', 'kql', 'gcp-logging', 'bigquery', 'okta', 'github']);
    const all = buildAllQueries(NORMAL);
    expect(all).toHaveLength(7);
    for (const { queries } of all) expect(queries.length).toBeGreaterThan(0);
  });
});
