/**
 * "Marked as expected" recorded in the case of the finding's subject (issue 10): appended to the
 * case-wide note of each open case, never a closed one, masked, and in the case's exports.
 */
// First: fake-indexeddb must be a global before Dexie loads (it is in extension pages).
import { fakeIdb } from '../../test/support/store';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCase } from '../../test/support/cases';
import { CaseStore } from './cases';
import { NoteStore } from './notes';
import type { TriageDb } from './db';
import { recordMarkedExpected } from './marked-expected';
import { caseExport } from '../export/case-exports';

const opened: TriageDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const SUBJECT = { kind: 'identity' as const, id: 'arn:aws:iam::111122223333:user/ci-deploy' };
const AT = Date.UTC(2026, 9, 1, 12, 0);
const MARK = {
  words: `${SUBJECT.id}'s activity from 203.0.113.9 (this address only)`,
  reason: 'CI runner egress, ticket OPS-7',
  expires: '2026-12-31',
  finding: 'ci-deploy used from an IP address never seen before',
};

describe('recordMarkedExpected', () => {
  it("appends the line to the open case's general note, and the exports carry it", async () => {
    const db = fakeIdb().open();
    opened.push(db);
    const c = sampleCase();
    await new CaseStore(db).createCase(c);
    await new NoteStore(db).saveNote(c.id, 'general', 'Called the owner.', 'A. Analyst', AT - 1);
    expect(
      await recordMarkedExpected(db, [SUBJECT, { kind: 'token', id: 'AKIA-NONE' }], MARK, 'B. Analyst', AT),
    ).toEqual([c.id]);
    const note = await db.notes.get([c.id, 'general']);
    expect(note?.text).toBe(
      `Called the owner.\nMarked as expected (2026-10-01 12:00 UTC, B. Analyst): ${MARK.words}. Reason: ` +
        `CI runner egress, ticket OPS-7. Until 2026-12-31. Finding: ${MARK.finding}`,
    );
    expect(note?.updatedAt).toBe(AT);
    const notes = await db.notes.where('caseId').equals(c.id).toArray();
    const stored = (await db.cases.get(c.id))!;
    for (const id of ['markdown', 'json', 'servicenow-work-notes'] as const) {
      expect(caseExport(id).render({ case: stored, notes, containment: [], exportedAt: AT }), id).toContain(
        'Marked as expected (2026-10-01 12:00 UTC, B. Analyst)',
      );
    }
  });

  it('leaves closed cases and other subjects alone, and masks a secret in the reason', async () => {
    const db = fakeIdb().open();
    opened.push(db);
    const c = sampleCase();
    await new CaseStore(db).createCase({ ...c, status: 'closed' });
    expect(await recordMarkedExpected(db, [SUBJECT], MARK, 'B', AT)).toEqual([]);
    expect(await db.notes.count()).toBe(0);

    const open = { ...sampleCase(), id: 'case-0002' };
    await new CaseStore(db).createCase(open);
    const pat = 'ghp_Pl4ntGh7Xz2Kq9Wv4Rm1Td8Yb3Nc6Ls5Hj0A';
    expect(await recordMarkedExpected(db, [SUBJECT], { ...MARK, reason: `token ${pat}` }, 'B', AT)).toEqual([
      'case-0002',
    ]);
    expect(JSON.stringify(await db.notes.toArray())).not.toContain(pat.slice(4, 16));
  });
});
