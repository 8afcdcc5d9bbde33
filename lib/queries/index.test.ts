/**
 * The query-language registry as the UI uses it: every registered language (QUERY_LANGUAGES, never
 * a list kept here) has a unique id and a label, and buildAllQueries builds each of them, in
 * registry order, with at least one query for a normal scope.
 */
import { describe, expect, it } from 'vitest';
import { QUERY_LANGUAGES, buildAllQueries } from './index';
import { NORMAL } from '../../test/support/query-scopes';

describe('query languages', () => {
  it('registers each language once, with a label', () => {
    expect(QUERY_LANGUAGES.length).toBeGreaterThan(0);
    expect(new Set(QUERY_LANGUAGES.map((l) => l.id)).size).toBe(QUERY_LANGUAGES.length);
    for (const l of QUERY_LANGUAGES) expect(l.label.trim(), l.id).not.toBe('');
  });

  it('builds every registered language, in registry order', () => {
    const all = buildAllQueries(NORMAL);
    expect(all.map(({ language }) => language.id)).toEqual(QUERY_LANGUAGES.map((l) => l.id));
    for (const { language, queries } of all) {
      expect(queries.length, language.id).toBeGreaterThan(0);
      for (const q of queries) expect(q.text.trim(), `${language.id}: ${q.title}`).not.toBe('');
    }
  });
});
