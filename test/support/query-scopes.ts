/**
 * Scopes shared by the lib/queries tests: a normal case, one built from hostile strings
 * (quotes, backslashes, newlines, SQL/KQL injection attempts, pipes) and one with empty lists,
 * plus `sqlStringLiterals`, which lists the string literals node-sql-parser found in an AST.
 */
import type { Scope } from '../../lib/queries/scope';

const from = new Date('2024-05-01T08:00:00.250Z');
const to = new Date('2024-05-02T08:00:00.250Z');

export const NORMAL: Scope = {
  ips: ['203.0.113.7', '2001:db8::1'],
  asns: [64500],
  tokenIds: ['AKIAEXAMPLE123', 'tok-42'],
  appIds: ['00000003-0000-0000-c000-000000000000'],
  identities: ['alice@example.com'],
  from,
  to,
};

export const HOSTILE: Scope = {
  ips: ["1.2.3.4' OR 1=1 --", '5.6.7.8" | DROP'],
  asns: [1.5, -1, Number.NaN, 64501],
  tokenIds: ['a\\b\'c"d', 'line1\nline2\r\t'],
  appIds: ['x" or 1==1 | take 1 //'],
  identities: ['"; DROP TABLE users; --', "o'brien@example.com\u0000\u2028"],
  from,
  to,
};

export const EMPTY: Scope = { ips: [], asns: [], tokenIds: [], appIds: [], identities: [' ', '\n'], from, to };

/** The string literals in a node-sql-parser AST, in document order, as the parser reports them. */
export function sqlStringLiterals(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) sqlStringLiterals(n, out);
  } else if (node && typeof node === 'object') {
    const rec = node as Record<string, unknown>;
    if (typeof rec.type === 'string' && rec.type.endsWith('_string') && typeof rec.value === 'string')
      out.push(rec.value);
    for (const v of Object.values(rec)) sqlStringLiterals(v, out);
  }
  return out;
}
