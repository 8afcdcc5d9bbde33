/**
 * "Mark as expected" through the extension's pure parts (issue 10): a tab's finding carries the
 * proposed entry; the request fits the message schema; the entry joins the team's settings file
 * (replacing one of the same scope) and the tab judged again marks that finding allowed and
 * leaves the others; the sidebar's sender reports the background's answer or refusal.
 */
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../engine/settings';
import { AllowEntrySchema } from '../engine/allow-list';
import { analyseTab, applyPageRows, emptyTab } from './tab-state';
import { MarkExpectedSchema, type PageRows } from './protocol';
import { markExpected, markExpectedRequest, withAllowEntry } from './mark-expected';
import { fakeIntel, IP } from '../../test/support/fake-intel';
import { ALICE, DAY, PEOPLE, record, START, workDay } from '../../test/support/month-of-habits';

const AT = START + 30 * DAY + 13.5 * 3_600_000;
const rows = [...Array.from({ length: 31 }, (_, d) => workDay(d)).flat(), record(PEOPLE[0], 1, AT, { ip: IP.PARIS })];
const page: PageRows = {
  type: 'page-rows',
  url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home#/events',
  readerId: 'aws-cloudtrail-events',
  recognized: true,
  reset: true,
  rows,
};
const intel = fakeIntel();

describe('mark as expected', () => {
  it('proposes the entry on the finding, and once in the team settings the findings about that activity are allowed and no other', () => {
    const tab = emptyTab();
    applyPageRows(tab, 0, page);
    const before = analyseTab(tab, intel).view.analysis;
    const target = before.findings.find(
      (f) => f.indicator === 'new-source' && f.evidence.some((e) => e.eventId === `ev-alice-${AT}-1`),
    )!;
    expect(target.proposal?.entry).toMatchObject({ kind: 'cidr', value: `${IP.PARIS}/32`, identity: ALICE });

    const request = markExpectedRequest(
      target,
      { ...target.proposal!.entry, reason: 'Alice in Paris, ticket TRV-9', expires: '2026-12-31' },
      'A. Analyst',
    );
    expect(MarkExpectedSchema.safeParse(request).success).toBe(true);
    expect(request.words).toBe(target.proposal!.words);

    const file = withAllowEntry(
      { disabled: [], allow: [{ kind: 'asn', value: 'AS64500', reason: 'office' }] },
      AllowEntrySchema.parse(request.entry),
    );
    const parsed = parseSettings(file);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.settings.allow.map((a) => a.value)).toEqual(['AS64500', `${IP.PARIS}/32`]);
    const after = analyseTab(tab, intel, undefined, parsed.settings).view.analysis;
    // Allowed: the findings about that one call (first-seen address, and its new country), nothing else.
    const allowed = after.findings.filter((f) => f.allowed);
    expect(allowed.map((f) => f.indicator).sort()).toEqual(['geo-anomaly', 'new-source']);
    for (const f of allowed) expect(f.evidence.map((e) => e.eventId)).toEqual([`ev-alice-${AT}-1`]);
    expect(after.findings.filter((f) => !f.allowed).map((f) => f.title)).toEqual(
      before.findings.filter((f) => !allowed.some((a) => a.title === f.title)).map((f) => f.title),
    );
    expect(allowed.find((f) => f.title === target.title)!.allowed).toContain('Alice in Paris, ticket TRV-9');
    expect(allowed[0]!.proposal).toBeUndefined(); // allowed already: nothing to propose
  });

  it('an entry of the same scope is replaced, not doubled; the rest of the file is kept', () => {
    const entry = AllowEntrySchema.parse({ kind: 'cidr', value: '90.1.1.1/32', identity: ALICE, reason: 'new reason' });
    const file = withAllowEntry(
      {
        indicators: { 'new-source': { minActiveDays: 2 } },
        allow: [
          { kind: 'cidr', value: '90.1.1.1/32', identity: ALICE, reason: 'old' },
          { kind: 'cidr', value: '90.1.1.1/32', reason: 'everyone' },
        ],
      },
      entry,
    );
    expect(file).toEqual({
      indicators: { 'new-source': { minActiveDays: 2 } },
      allow: [{ kind: 'cidr', value: '90.1.1.1/32', reason: 'everyone' }, entry],
    });
    expect(withAllowEntry(undefined, entry)).toEqual({ allow: [entry] });
  });

  it("the sidebar's sender says which cases noted it, or why it was not marked", async () => {
    const finding = { title: 't', identities: [ALICE], tokens: [], proposal: { words: 'w' } };
    const entry = AllowEntrySchema.parse({ kind: 'cidr', value: '90.1.1.1/32', reason: 'r' });
    const sent: unknown[] = [];
    expect(await markExpected(async (m) => (sent.push(m), { ok: true, cases: ['case-1'] }), finding, entry)).toEqual({
      cases: ['case-1'],
    });
    expect(sent[0]).toMatchObject({ type: 'mark-expected', words: 'w', finding: { identities: [ALICE] } });
    await expect(
      markExpected(async () => ({ ok: false, error: 'Not marked: allow.0.value: not a CIDR' }), finding, entry),
    ).rejects.toThrow('Not marked: allow.0.value');
    await expect(markExpected(async () => undefined, finding, entry)).rejects.toThrow(/did not answer/);
    await expect(
      markExpected(
        async () => {
          throw new Error('gone');
        },
        finding,
        entry,
      ),
    ).rejects.toThrow(/did not answer/);
  });
});
