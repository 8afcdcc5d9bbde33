/**
 * The SELECT Athena and CloudTrail Lake share, parsed by a real SQL parser in each engine's
 * dialect: every hostile value of the scope stays exactly one string literal.
 */
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { buildAthena } from './athena';
import { buildCloudTrailLake } from './cloudtrail-lake';
import { HOSTILE, sqlStringLiterals } from '../../test/support/query-scopes';

const ENGINES = [
  {
    name: 'Athena',
    database: 'athena',
    build: () => buildAthena(HOSTILE),
    window: ['2024-05-01T08:00:00Z', '2024-05-02T08:00:01Z'],
  },
  {
    name: 'CloudTrail Lake',
    database: 'trino',
    build: () => buildCloudTrailLake(HOSTILE),
    window: ['2024-05-01 08:00:00', '2024-05-02 08:00:01'],
  },
] as const;

describe.each(ENGINES)('$name: the shared CloudTrail SELECT', ({ database, build, window }) => {
  it('keeps every hostile value one literal', () => {
    const [q] = build();
    // node-sql-parser reads backslash escapes that Trino does not have, turning our literal `\b`
    // into a backspace; put it back before comparing.
    const literals = sqlStringLiterals(new Parser().astify(q!.text, { database })).map((s) =>
      s.replace(/''/g, "'").split('\u0008').join('\\b'),
    );
    expect(literals).toEqual([
      ...window,
      "1.2.3.4' OR 1=1 --",
      '5.6.7.8" | DROP',
      'a\\b\'c"d',
      'line1line2',
      '"; DROP TABLE users; --',
      "o'brien@example.com",
      '"; DROP TABLE users; --',
      "o'brien@example.com",
    ]);
  });
});
