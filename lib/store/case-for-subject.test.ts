import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCase } from '../../test/support/cases';
import { CaseStore } from './cases';
import { TriageDb } from './db';
import { caseForSubject } from './case-for-subject';

const dbs: TriageDb[] = [];
afterEach(() => dbs.splice(0).forEach((d) => d.close()));

function store(): CaseStore {
  const db = new TriageDb('t', { indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  return new CaseStore(db);
}

const c = sampleCase();
const analysis = {
  findings: c.snapshot.findings,
  subjects: [{ kind: 'identity' as const, id: c.subject.id, verdict: 'escalate' as const, reasons: ['r'] }],
  events: c.snapshot.events,
  eventsOmitted: 0,
};
let n = 0;
const input = () => ({
  analysis,
  subject: c.subject,
  source: { kind: 'page' as const, label: 'https://x' },
  analyst: 'Ana',
  now: 5,
  newId: () => `id-${++n}`,
});

describe('caseForSubject', () => {
  it('creates a case the first time and finds it the second', async () => {
    const s = store();
    const first = await caseForSubject(s, input());
    expect(first.created).toBe(true);
    const again = await caseForSubject(s, input());
    expect(again).toEqual({ id: first.id, created: false });
    const stored = (await s.getCase(first.id)).value!;
    expect(stored.subject).toEqual(c.subject);
    expect(stored.snapshot.findings).toHaveLength(c.snapshot.findings.length);
  });

  it('opens a new case when the subject’s earlier case is closed', async () => {
    const s = store();
    const first = await caseForSubject(s, input());
    await s.setStatus(first.id, 'closed', 'Ana', 9);
    const next = await caseForSubject(s, input());
    expect(next.created).toBe(true);
    expect(next.id).not.toBe(first.id);
  });
});
