/**
 * Whole real sessions (../shared/corpus/sessions, read in place) judged the way an analyst judges
 * them: the verdict within the session's labelled bound, the attack's records flagged, the hard
 * negatives (console traffic, sign-in plumbing, the admin's own clicks) not flagged. Benign
 * sessions carry no high finding at all. Skips, saying so, when ../shared is not beside the clone.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngine } from '../../lib/engine/run';
import { severityRank } from '../../lib/engine/types';
import { VERDICTS } from '../../lib/engine/verdict';
import { loadOfflineIntel } from '../../lib/node/load-intel';
import { scanFile } from '../corpus/corpus-support';
import { HAS_CORPUS } from '../support/shared-material';
import { SESSIONS as SESSIONS_DIR } from '../support/shared-material';
import { type RecordSet, SESSIONS } from './sessions';

const DIR = SESSIONS_DIR;
const HAS_SESSIONS = HAS_CORPUS && existsSync(DIR);
if (!HAS_SESSIONS) console.warn(`sessions suite skipped: ${DIR} not found`);

const rank = (v: string): number => (VERDICTS as readonly string[]).indexOf(v);

describe.skipIf(!HAS_SESSIONS)(`whole sessions at ${DIR}`, async () => {
  const intel = HAS_SESSIONS ? await loadOfflineIntel() : undefined;

  it('has an expectation for every session folder', () => {
    const folders = readdirSync(DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
      .map((d) => d.name)
      .sort();
    expect(SESSIONS.map((s) => s.folder).sort()).toEqual(folders);
  });

  const summary: string[] = [];
  for (const c of SESSIONS) {
    describe(c.folder, async () => {
      const scan = HAS_SESSIONS ? await scanFile(join(DIR, c.folder, c.file)) : undefined;
      const result = scan ? runEngine(scan.events, { intel }) : undefined;
      const flagged = (result?.findings ?? []).filter((f) => severityRank(f.severity) >= severityRank('medium'));
      const citedBy = (id: string) => flagged.filter((f) => f.events.includes(id));
      const picked = (set: RecordSet) => {
        const ev = scan!.events.filter(set.pick);
        if (set.count === -1) expect(ev.length, `${set.what}: selector matches nothing`).toBeGreaterThan(0);
        else expect(ev.length, `${set.what}: records matched`).toBe(set.count);
        return ev;
      };
      if (result)
        summary.push(
          `${c.folder.padEnd(40)} ${c.label.padEnd(7)} ${result.verdict.padEnd(10)} medium+ findings: ` +
            `${flagged.map((f) => `${f.indicator}:${f.severity}`).join(', ') || 'none'}`,
        );

      it('reads every record', () => {
        expect(scan!.stats.records).toBe(c.records);
        expect(scan!.rejections).toEqual([]);
      });

      it(`gives a verdict from ${c.min} to ${c.max}`, () => {
        expect(
          rank(result!.verdict),
          `verdict ${result!.verdict}; reasons: ${result!.reasons.join(' | ')}`,
        ).toBeGreaterThanOrEqual(rank(c.min));
        expect(
          rank(result!.verdict),
          `verdict ${result!.verdict}; reasons: ${result!.reasons.join(' | ')}`,
        ).toBeLessThanOrEqual(rank(c.max));
      });

      if (c.label === 'benign') {
        it('raises no high finding', () => {
          expect(
            result!.findings.filter((f) => f.severity === 'high').map((f) => `${f.indicator}: ${f.title}`),
          ).toEqual([]);
        });
      }

      for (const set of c.mustFlag) {
        it(`flags ${set.what}`, () => {
          const missed = picked(set)
            .filter((e) => citedBy(e.id).length === 0)
            .map((e) => `${e.id} ${e.action.name}`);
          expect(missed).toEqual([]);
        });
      }

      for (const set of c.mustNotFlag) {
        it(`does not flag ${set.what}`, () => {
          const hit = picked(set).flatMap((e) =>
            citedBy(e.id).map((f) => `${e.id} ${e.action.name} ← ${f.indicator}:${f.severity} ${f.title}`),
          );
          expect([...new Set(hit)]).toEqual([]);
        });
      }

      for (const set of c.mayFlag ?? []) {
        it(`flags ${set.what} at most at medium`, () => {
          const high = picked(set).flatMap((e) =>
            citedBy(e.id)
              .filter((f) => f.severity === 'high')
              .map((f) => `${e.id} ← ${f.indicator}: ${f.title}`),
          );
          expect(high).toEqual([]);
        });
      }
    });
  }

  it('prints the verdict per session', () => {
    console.log(`sessions:\n  ${summary.join('\n  ')}`);
    expect(summary).toHaveLength(SESSIONS.length);
  });
});
