import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseRecords, Collector, MAX_EVENTS_IN_VIEW } from './analyse';
import type { IntelProvider } from '../intel/intel-provider';

const lines = readFileSync(new URL('../../demo/cloudtrail-stolen-keys.ndjson', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);
const records = lines.map((l, i) => ({ value: JSON.parse(l) as unknown, ref: `0/row-${i}` }));

describe('the view’s events', () => {
  const view = analyseRecords(records);

  it('carries every event in time order, each with the record it came from', () => {
    expect(view.events).toHaveLength(view.stats.events);
    expect(view.eventsOmitted).toBe(0);
    const times = view.events.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const e of view.events) expect(e.ref).toMatch(/^0\/row-\d+$/);
  });

  it('marks each event with the indicators whose findings cite it', () => {
    for (const f of view.findings) {
      for (const ev of f.evidence) expect(view.events.find((e) => e.id === ev.eventId)?.flagged).toContain(f.indicator);
    }
    const cited = new Set(view.findings.flatMap((f) => f.evidence.map((ev) => ev.eventId)));
    for (const e of view.events) expect(e.flagged.length > 0).toBe(cited.has(e.id));
  });

  it('keeps every cited event and the most recent others when over the cap', () => {
    const many = [];
    const base = records.map((r) => r.value as Record<string, unknown>);
    for (let i = 0; many.length < MAX_EVENTS_IN_VIEW + 500; i++) {
      const r = base[i % base.length]!;
      // copies of the benign records with fresh ids, older than the attack
      if (i >= base.length)
        many.push({ ...r, eventID: `copy-${i}`, eventTime: '2026-10-01T10:00:00Z', sourceIPAddress: '24.16.201.77' });
      else many.push(r);
    }
    const big = analyseRecords(many.map((value, i) => ({ value, ref: `f:${i}` })));
    expect(big.events).toHaveLength(MAX_EVENTS_IN_VIEW);
    expect(big.eventsOmitted).toBe(big.stats.events - MAX_EVENTS_IN_VIEW);
    const kept = new Set(big.events.map((e) => e.id));
    for (const f of big.findings) for (const ev of f.evidence) expect(kept.has(ev.eventId)).toBe(true);
  });
});

describe('the intel the analysis is given', () => {
  it('makes a VPS address a risky location (the background passes the packed tables)', () => {
    const vps: IntelProvider = {
      lookup: (ip) =>
        ip === '159.89.14.201'
          ? { kind: 'hosting', asn: 14061, asOrg: 'DigitalOcean, LLC', country: 'DE' }
          : { kind: 'unknown' },
    };
    const without = analyseRecords(records);
    const withIntel = analyseRecords(records, [], vps);
    expect(without.findings.map((f) => f.indicator)).not.toContain('risky-network');
    expect(withIntel.findings.map((f) => f.indicator)).toContain('risky-network');
    expect(withIntel.verdict).toBe('escalate');
  });
});

describe('what the Collector keeps of each event’s record', () => {
  const judged = (refs: 'record' | 'event' | 'none') => {
    const c = new Collector({}, refs);
    lines.forEach((l, i) => c.record(JSON.parse(l) as unknown, `demo.ndjson:${i + 1}`));
    return { c, result: c.judge().result };
  };

  it("'none' keeps no ref on the events and judges them as 'event' does", () => {
    const none = judged('none');
    const event = judged('event');
    expect(none.c.events.length).toBeGreaterThan(0);
    expect(none.c.events.every((e) => e.ref === undefined)).toBe(true);
    expect(event.c.events.every((e) => /^demo\.ndjson:\d+$/.test(e.ref ?? ''))).toBe(true);
    expect(JSON.stringify(none.result)).toBe(JSON.stringify(event.result));
    const cited = event.result.findings[0]!.events[0]!;
    expect(event.c.refsFor(cited)).toHaveLength(1);
    expect(none.c.refsFor(cited)).toEqual([]);
  });
});
