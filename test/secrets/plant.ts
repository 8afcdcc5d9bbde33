/**
 * Planting and scanning for the planted-secrets test: one made-up secret of every kind
 * (test/support/secret-kinds.ts) written into every free-text field of real log records (the
 * shapes of test/fixtures, which are the shapes the page readers and the exports give), and the
 * scan that finds any part of one in any text the product keeps or writes.
 */
import Papa from 'papaparse';
import type { RawRecord } from '../../lib/model/fields';
import { leakNeedles, maskedText, type SecretKind } from '../support/secret-kinds';

/** Record ids: suffixed per planted copy, so each copy is its own record (no "repeated record"). */
const ID_KEY =
  /^(eventid|event id|uuid|insertid|_document_id|id|uniquequalifier|request id|requestid|correlation id|correlationid)$/i;
/**
 * Fields a format reads as times, addresses or enums: left as they are, so the record still
 * parses and the planted text reaches the fields the product keeps. Everything else that is a
 * non-empty string (user agents, names, ARNs, actions, request parameters, error messages,
 * resource names, session names, messages, URLs…) gets the secret appended.
 */
const STRUCTURAL_KEY = new RegExp(
  'time|date|published|timestamp|created_at|@timestamp|^ip$|ipaddress|ip address|callerip|sourceip' +
    '|actor_ip|client_ip|^ip_|version|^type$|^@type$|eventtype|severity|^level$|^result$|^status$' +
    '|outcome|category|readonly|read-only|region|location|country|^lat$|^lon$|geolocation|eventsource' +
    '|event source|managementevent|recipientaccountid|accountid',
  'i',
);

/** A copy of `record` with `k.text` appended to every free-text string and `-p<n>` to its ids. */
export function plantRecord(record: RawRecord, k: SecretKind, n: number): RawRecord {
  return walk(record, undefined, k, n) as RawRecord;
}

function walk(v: unknown, key: string | undefined, k: SecretKind, n: number): unknown {
  if (typeof v === 'string') {
    if (v === '' || key === undefined) return v;
    if (ID_KEY.test(key)) return `${v}-p${n}`;
    if (STRUCTURAL_KEY.test(key)) return v;
    const t = v.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        // JSON kept as text (CloudTrail's "CloudTrail event" column, Okta's debugData values): planted inside.
        return JSON.stringify(walk(JSON.parse(t), key, k, n));
      } catch {
        // not JSON: plain text
      }
    }
    return `${v} ${k.text}`;
  }
  if (Array.isArray(v)) return v.map((x) => walk(x, key, k, n));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [kk, x] of Object.entries(v)) out[kk] = walk(x, kk, k, n);
    // A secret under a secret-named key, as request parameters and config objects carry one.
    if (k.id === 'secret-named-key' && key !== undefined) out.client_secret = k.secret;
    return out;
  }
  return v;
}

/** Records as an exported file of the given container. */
export function fileOf(records: readonly RawRecord[], container: 'json' | 'ndjson' | 'csv' | 'records-json'): string {
  if (container === 'csv') return Papa.unparse(records as Record<string, unknown>[]);
  if (container === 'ndjson') return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  if (container === 'records-json') return JSON.stringify({ Records: records });
  return JSON.stringify(records);
}

export interface Leak {
  where: string;
  kind: string;
  found: string;
  context: string;
}

/**
 * Every planted secret (or 12-character slice of one) in `text`. Also looks at the text with
 * backslashes removed: Markdown and Jira escape `_`, `~`, `*` inside a value, which would hide a
 * leaked secret from a plain search.
 */
export function leaksIn(where: string, text: string, kinds: readonly SecretKind[]): Leak[] {
  const variants = [text, text.replace(/\\/g, '')];
  // Every window of each needle length is looked up once (the outputs are megabytes, the needles
  // thousands): linear in the text instead of one indexOf per needle.
  const byLength = new Map<number, Set<string>>();
  const needles = kinds.map((k) => leakNeedles(k));
  for (const list of needles)
    for (const n of list) {
      let set = byLength.get(n.length);
      if (!set) byLength.set(n.length, (set = new Set()));
      set.add(n);
    }
  const found = new Map<string, { hay: string; at: number }>();
  for (const hay of variants) {
    for (const [len, set] of byLength) {
      for (let i = 0; i + len <= hay.length; i++) {
        const w = hay.slice(i, i + len);
        if (set.has(w) && !found.has(w)) found.set(w, { hay, at: i });
      }
    }
  }
  const out: Leak[] = [];
  kinds.forEach((k, i) => {
    const needle = needles[i]!.find((n) => found.has(n));
    if (needle === undefined) return;
    const { hay, at } = found.get(needle)!;
    out.push({ where, kind: k.id, found: needle, context: hay.slice(Math.max(0, at - 80), at + needle.length + 40) });
  });
  return out;
}

/** The kind's masked text as a JSON string body (how a JSON dump carries it). */
export const maskedInJson = (k: SecretKind): string => JSON.stringify(maskedText(k)).slice(1, -1);
