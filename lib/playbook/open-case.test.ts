import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseRecords, type AnalysisView } from '../analysis/analyse';
import { CaseSchema } from '../model/case';
import { caseSnapshot, mergeSnapshots, openCase, snapshotAdds, subjectTitle } from './open-case';
import { maskDeep } from '../model/secret';

const DEMO = new URL('../../demo/cloudtrail-stolen-keys.ndjson', import.meta.url);
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

function demoAnalysis(): AnalysisView {
  const lines = readFileSync(DEMO, 'utf8').split('\n').filter(Boolean);
  return analyseRecords(lines.map((l, i) => ({ value: JSON.parse(l) as unknown, ref: `demo.ndjson:${i + 1}` })));
}

const analysis = demoAnalysis();
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const source = { kind: 'import' as const, label: 'demo.ndjson' };

describe('openCase', () => {
  const c = openCase({
    id: 'case-1',
    analysis,
    subject: { kind: 'identity', id: ALICE },
    source,
    analyst: 'Ana',
    now: 1_000,
  });

  it('keeps only the subject’s findings, strongest first, and every event they cite', () => {
    expect(c.snapshot.findings.length).toBeGreaterThan(0);
    expect(c.snapshot.findings.length).toBeLessThan(analysis.findings.length);
    for (const f of c.snapshot.findings) expect(f.identities).toContain(ALICE);
    const ranks = c.snapshot.findings.map((f) => ['info', 'low', 'medium', 'high'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const ids = new Set(c.snapshot.events.map((e) => e.id));
    for (const f of c.snapshot.findings) for (const ev of f.evidence) expect(ids.has(ev.eventId)).toBe(true);
  });

  it('holds the subject’s own events and not other identities’ unrelated ones', () => {
    const cited = new Set(c.snapshot.findings.flatMap((f) => f.evidence.map((ev) => ev.eventId)));
    for (const e of c.snapshot.events) expect(e.actor === ALICE || cited.has(e.id)).toBe(true);
    const aliceEvents = analysis.events.filter((e) => e.actor === ALICE).length;
    expect(c.snapshot.events.filter((e) => e.actor === ALICE)).toHaveLength(aliceEvents);
  });

  it('takes the subject’s verdict and reasons, and lists the other flagged subjects', () => {
    const own = analysis.subjects.find((s) => s.kind === 'identity' && s.id === ALICE)!;
    expect(c.snapshot.verdict).toBe(own.verdict);
    expect(c.snapshot.reasons).toEqual(own.reasons);
    expect(c.snapshot.related.some((r) => r.id === ALICE && r.kind === 'identity')).toBe(false);
    expect(c.snapshot.related.some((r) => r.id === 'AKIAEXAMPLEALICE0001')).toBe(true);
  });

  it('answers the three questions from the subject’s findings', () => {
    expect(c.snapshot.answers.map((a) => a.questionId)).toEqual([
      'q-unfamiliar-source',
      'q-failures-before-success',
      'q-malicious-patterns',
    ]);
    const malicious = c.snapshot.answers[2]!;
    expect(malicious.answer).toBe('yes');
    for (const i of malicious.findings) expect(c.snapshot.findings[i]).toBeDefined();
  });

  it('starts open, with the analyst and time, and is a valid case', () => {
    expect(CaseSchema.parse(c)).toEqual(c);
    expect(c.status).toBe('open');
    expect(c.statusHistory).toEqual([{ status: 'open', at: 1_000, by: 'Ana' }]);
    expect(c.title).toBe(subjectTitle({ kind: 'identity', id: ALICE }));
  });

  it('a token case follows the token’s events', () => {
    const t = openCase({
      id: 'case-2',
      analysis,
      subject: { kind: 'token', id: 'AKIAEXAMPLEALICE0001' },
      source,
      analyst: 'Ana',
      now: 1,
    });
    expect(t.snapshot.events.length).toBeGreaterThan(0);
    const cited = new Set(t.snapshot.findings.flatMap((f) => f.evidence.map((ev) => ev.eventId)));
    for (const e of t.snapshot.events) expect(e.credentialId === 'AKIAEXAMPLEALICE0001' || cited.has(e.id)).toBe(true);
  });

  it('a subject the analysis does not know gives an empty, benign snapshot', () => {
    const s = caseSnapshot(analysis, { kind: 'identity', id: 'nobody' }, source, 5);
    expect(s).toMatchObject({ verdict: 'benign', findings: [], events: [], reasons: [] });
    expect(s.answers.every((a) => a.answer === 'unknown')).toBe(true);
  });

  it('masks a raw secret wherever the analysis carried one', () => {
    const dirty: AnalysisView = {
      ...analysis,
      findings: analysis.findings.map((f) => ({ ...f, detail: `${f.detail} Authorization: Bearer ${JWT}` })),
      events: analysis.events.map((e) => ({ ...e, userAgent: `curl ${JWT}` })),
    };
    const d = openCase({
      id: 'case-3',
      analysis: dirty,
      subject: { kind: 'identity', id: ALICE },
      source: { kind: 'page', label: `https://x/?t=${JWT}` },
      analyst: 'Ana',
      now: 1,
    });
    const text = JSON.stringify(d);
    expect(text).not.toContain(JWT);
    expect(text).toContain('eyJh…sw5c');
  });

  it('cuts an oversized event field to the schema and drops an unknown key, as CaseSchema would', () => {
    const mine = analysis.events.filter((e) => e.actor === ALICE);
    const long = { ...mine[0]!, userAgent: 'agent '.repeat(350), target: 'target '.repeat(360), extra: 'dropped' };
    const withLong = { ...analysis, events: analysis.events.map((e) => (e === mine[0] ? long : e)) };
    const k = openCase({
      id: 'case-2',
      analysis: withLong,
      subject: { kind: 'identity', id: ALICE },
      source,
      analyst: 'Ana',
      now: 1,
    });
    const cut = k.snapshot.events.find((e) => e.id === long.id)!;
    expect(cut.userAgent).toHaveLength(2_000);
    expect(cut.userAgent!.endsWith('…')).toBe(true);
    expect(cut.target).toHaveLength(2_000);
    expect(cut).not.toHaveProperty('extra');
    expect(CaseSchema.parse(k)).toEqual(k);
    // Every other event as it was.
    const others = k.snapshot.events.filter((e) => e.id !== long.id);
    expect(others).toEqual(c.snapshot.events.filter((e) => e.id !== long.id));
  });

  it('refuses a malformed analysis with zod’s reasons', () => {
    expect(() =>
      openCase({ id: 'bad id!', analysis, subject: { kind: 'identity', id: ALICE }, source, analyst: 'Ana', now: 1 }),
    ).toThrow(/id/);
  });
});

describe('mergeSnapshots', () => {
  const subject = { kind: 'identity' as const, id: ALICE };
  const full = caseSnapshot(analysis, subject, source, 1);
  const early = caseSnapshot({ ...analysis, findings: [], events: analysis.events.slice(0, 20) }, subject, source, 1);
  const late = caseSnapshot(
    { ...analysis, events: analysis.events.slice(20) },
    subject,
    { kind: 'page', label: 'later' },
    2,
  );

  it('keeps every event and finding of both, newest source and time, worse verdict', () => {
    const m = mergeSnapshots(early, late);
    expect(m.events.map((e) => e.id).sort()).toEqual(full.events.map((e) => e.id).sort());
    expect(m.findings.map((f) => f.title).sort()).toEqual(full.findings.map((f) => f.title).sort());
    expect(m).toMatchObject({ takenAt: 2, source: { label: 'later' }, verdict: full.verdict });
    const times = m.events.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('never loses what the case held when the page shows less', () => {
    const m = mergeSnapshots(full, early);
    expect(m.findings).toHaveLength(full.findings.length);
    expect(m.events).toHaveLength(full.events.length);
    expect(m.answers).toEqual(full.answers);
  });

  it('says what a newer analysis would add', () => {
    expect(snapshotAdds(full, early)).toEqual({ events: 0, findings: 0 });
    const adds = snapshotAdds(early, late);
    expect(adds.events).toBeGreaterThan(0);
    expect(adds.findings).toBe(late.findings.length);
  });
});

describe('maskDeep', () => {
  it('masks nested strings and leaves other values', () => {
    expect(maskDeep({ a: [JWT, 3, true, null], b: { c: `x ${JWT}` } })).toEqual({
      a: ['eyJh…sw5c', 3, true, null],
      b: { c: 'x eyJh…sw5c' },
    });
  });
});
