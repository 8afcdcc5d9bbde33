/**
 * No research codes in the product. Codes such as "E60", "SP12", "AZ5", "I9" or "§5" point into
 * ../shared/research/detections.md and ../shared/DESIGN.md, which do not ship: an analyst reading
 * "per Elastic E60" cannot look it up. Product text names the public rule instead, and comments
 * point at docs/detections.md by indicator id. This test scans the shipped folders and the README
 * for the code pattern, minus an allow-list of real values that look like codes, and fails naming
 * file:line. It also runs its own matcher on planted strings, so it is known to be able to fail.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** What is scanned: the folders that ship or document the product, and the README. */
const SCANNED = ['lib', 'components', 'cli', 'entrypoints', 'demo', 'docs', 'README.md'];

/** Text files only (docs/screenshots holds PNGs). */
const TEXT = /\.(ts|tsx|js|mjs|cjs|md|json|ndjson|jsonl|html|css|txt|ya?ml|csv)$/i;

/**
 * The codes of the research notes: Sigma S1…, Elastic E1…, Splunk SP1…, Panther P1…, Sentinel AZ1…,
 * Stratus ST1…, Okta OK1…, indicator rows I1…, with an optional row letter (E101b, P18a), and
 * section signs (§5, § 3.2). K, G, O, D and F are the other single-letter prefixes used in notes.
 */
const CODE = /\b(?:SP|AZ|ST|OK|[ESPKGODFI])\d{1,3}[a-z]?\b|§\s?\d/g;

/**
 * Real values that the pattern also matches. A hit is allowed only when one of these matches a
 * span of the line that covers the whole hit.
 */
const ALLOWED: readonly { pattern: RegExp; why: string }[] = [
  // Amazon S3 is a service name: "S3 console", "S3 objects", "S3 log delivery", "AWS::S3::Bucket".
  // Only in those phrases, so "Sigma S3" (a rule code) is still caught.
  { pattern: /\bS3(?= console| objects| log delivery| bucket|::)/gi, why: 'Amazon S3, the AWS service' },
  // "O365 Multiple Mailboxes Accessed via API": Splunk's own rule title, shown as a finding's source.
  { pattern: /\bO365\b/g, why: 'Office 365 in a Splunk rule title' },
  // F3 Netze e.V., an association running Tor exit relays (lib/intel/network-kind.ts, with its ASN).
  { pattern: /\bF3 Netze\b/g, why: 'a network operator name' },
  // The ECMAScript specification's own section number (lib/model/time.ts: the largest Date).
  { pattern: /ECMA-262 §\d+(?:\.\d+)*/g, why: 'a section of the ECMAScript specification' },
  // Percent-encoded bytes in URLs (%E2%82, %E0%A4): hex, not codes.
  { pattern: /%[0-9A-Fa-f]{2}/g, why: 'URL percent-encoding' },
  // Microsoft's licence tiers ("Needs Entra ID P2" in the Entra containment steps).
  { pattern: /\b(?:Entra ID|Azure AD) P[12]\b/g, why: 'an Entra ID licence tier' },
];

const posix = (p: string): string => p.split(sep).join('/');

/** The research codes in one line that no allow-list entry explains. */
function codesIn(line: string): string[] {
  const covered: [number, number][] = [];
  for (const { pattern } of ALLOWED) {
    for (const m of line.matchAll(
      new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'),
    )) {
      covered.push([m.index, m.index + m[0].length]);
    }
  }
  const found: string[] = [];
  for (const m of line.matchAll(CODE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!covered.some(([a, b]) => a <= start && end <= b)) found.push(m[0]);
  }
  return found;
}

function filesUnder(rel: string): string[] {
  const abs = join(root, rel);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return TEXT.test(rel) ? [rel] : [];
  const out: string[] = [];
  for (const name of readdirSync(abs)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    out.push(...filesUnder(posix(join(rel, name))));
  }
  return out;
}

interface Hit {
  where: string;
  codes: string[];
}

function scan(files: readonly string[]): Hit[] {
  const hits: Hit[] = [];
  for (const rel of files) {
    const lines = readFileSync(join(root, rel), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const codes = codesIn(line);
      if (codes.length) hits.push({ where: `${rel}:${i + 1}`, codes });
    });
  }
  return hits;
}

const all = SCANNED.flatMap(filesUnder).map((f) => posix(relative(root, join(root, f))));

describe('research codes', () => {
  it('the matcher catches planted codes and passes the allowed look-alikes', () => {
    expect(codesIn('scripting client per Elastic E60')).toEqual(['E60']);
    expect(codesIn('see DESIGN §5 and detections.md § 3.2')).toEqual(['§5', '§ 3']);
    expect(codesIn('Splunk SP12, Sentinel AZ5, Panther P18a, Okta OK5b, row I9, Sigma S3')).toEqual([
      'SP12',
      'AZ5',
      'P18a',
      'OK5b',
      'I9',
      'S3',
    ]);
    expect(codesIn('E6–E9, E101b')).toEqual(['E6', 'E9', 'E101b']);
    expect(
      codesIn(
        'S3 console, AWS::S3::Bucket, "O365 Multiple Mailboxes", F3 Netze e.V., %E2%82, ECMA-262 §21.4.1.1, Needs Entra ID P2.',
      ),
    ).toEqual([]);
    // An allowed look-alike does not cover a code beside it.
    expect(codesIn('S3 console (Sigma S3), P2 tier')).toEqual(['S3', 'P2']);
    // Words and identifiers that only contain letters and digits are not codes.
    expect(codesIn('IPv4, S3Console/0.4, I2C, E2E, AKIA1234, sha256, T1550.001')).toEqual([]);
  });

  it('scans a real set of files', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContain('lib/engine/indicators/token-minting.ts');
    expect(all).toContain('README.md');
  });

  it('no research code in lib/, components/, cli/, entrypoints/, demo/, docs/ or the README', () => {
    const hits = scan(all);
    expect(hits.map((h) => `${h.where}: ${h.codes.join(', ')}`)).toEqual([]);
  });
});
