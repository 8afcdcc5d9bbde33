import { describe, expect, it } from 'vitest';
import { buildCaseDocument } from './case-document';
import { caseTheHive, theHiveSeverity, theHiveStatus } from './case-thehive';
import { hostileInput, sampleInput } from '../../test/support/case-fixtures';
import { HOSTILE } from '../../test/support/cases';

// TheHive 5's default observable types.
const DATA_TYPES = new Set([
  'autonomous-system',
  'domain',
  'file',
  'filename',
  'fqdn',
  'hash',
  'hostname',
  'ip',
  'mail',
  'mail-subject',
  'other',
  'regexp',
  'registry',
  'uri_path',
  'url',
  'user-agent',
]);

describe('TheHive bundle', () => {
  const b = caseTheHive(sampleInput());
  it('is an InputCase: severity 1–4, TLP/PAP amber, status, tags, flag', () => {
    expect(b.case.severity).toBe(3);
    expect(b.case.tlp).toBe(2);
    expect(b.case.pap).toBe(2);
    expect(b.case.status).toBe('InProgress');
    expect(b.case.flag).toBe(true);
    expect(b.case.tags).toEqual(expect.arrayContaining(['mitre:T1550.001', 'verdict:escalate', 'provider:aws']));
    expect(b.case).not.toHaveProperty('observables');
  });
  it('has one task per playbook section, in order, with status from the analyst work', () => {
    expect(b.case.tasks.map((t) => [t.title, t.status, t.order])).toEqual([
      ['Questions for Analysis', 'InProgress', 0],
      ['Additional Analysis Steps for L1', 'InProgress', 1],
      ['Decision for Escalation', 'Completed', 2],
      ['T2 Analyst Actions', 'Waiting', 3],
      ['Containment and Further Analysis', 'Waiting', 4],
    ]);
    expect(b.case.tasks[2]!.description).toContain('Key used from a VPS at 02:14 UTC; IAM write.');
    expect(b.case.tasks[4]!.description).toContain('Key deactivated at 03:20 UTC.');
  });
  it('observables use TheHive data types, with ioc from flagged events', () => {
    for (const o of [...b.observables, ...caseTheHive(hostileInput()).observables]) {
      expect(DATA_TYPES.has(o.dataType)).toBe(true);
      expect(o.data.length).toBeGreaterThan(0);
      expect(o.sighted).toBe(true);
    }
    expect(b.observables.find((o) => o.data === '203.0.113.66')).toMatchObject({ dataType: 'ip', ioc: true });
    expect(b.observables.find((o) => o.data === '198.51.100.10')).toMatchObject({ dataType: 'ip', ioc: false });
    expect(b.observables.find((o) => o.data === 'AS14061')).toMatchObject({ dataType: 'autonomous-system' });
    expect(b.observables.find((o) => o.data === 'python-requests/2.31')).toMatchObject({ dataType: 'user-agent' });
  });
  it('escapes log text in observable messages, which TheHive renders as Markdown', () => {
    const input = hostileInput();
    for (const e of input.case.snapshot.events) e.asOrg = HOSTILE.markdown;
    const hostile = caseTheHive(input).observables.filter((o) => o.message.includes('bold'));
    expect(hostile.length).toBeGreaterThan(0);
    for (const o of hostile) {
      expect(o.message).not.toContain('**bold**');
      expect(o.message).not.toContain('[click](');
      expect(o.message).not.toMatch(/(^|[^\\])<img/);
    }
  });
  it('maps verdict to severity and status to TheHive status', () => {
    const d = buildCaseDocument(sampleInput());
    expect(theHiveSeverity({ ...d, verdict: 'benign' })).toBe(1);
    expect(theHiveSeverity({ ...d, verdict: 'suspicious' })).toBe(2);
    expect(theHiveSeverity({ ...d, findings: [{ ...d.findings[0]!, severity: 'high' }] })).toBe(4);
    expect(theHiveStatus({ ...d, status: 'open' }, undefined)).toBe('New');
    expect(theHiveStatus({ ...d, status: 'contained' }, 'escalate')).toBe('InProgress');
    expect(theHiveStatus({ ...d, status: 'closed' }, 'escalate')).toBe('TruePositive');
    expect(theHiveStatus({ ...d, status: 'closed', statusHistory: [] }, 'do-not-escalate')).toBe('FalsePositive');
    expect(theHiveStatus({ ...d, status: 'closed', statusHistory: [] }, undefined)).toBe('Indeterminate');
  });
  it('a closed case gets a summary', () => {
    const input = sampleInput();
    input.case.status = 'closed';
    expect(caseTheHive(input).case.summary).toBe('Closed as TruePositive. Verdict: Escalate to Tier 2.');
  });
});
