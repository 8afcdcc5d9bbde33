/**
 * "Mark as expected" (issue 10): the entry proposed for a finding is the narrowest that allows it
 * (one address, else its network; a client's product token; an application), scoped to the one
 * identity of the evidence; once in the team's settings it takes that finding out of the verdict
 * and leaves every finding with evidence outside it as it was. No single entry: no proposal.
 */
import { describe, expect, it } from 'vitest';
import { ParseCache } from '../analysis/analyse';
import { ALICE, DAY, PEOPLE, record, START, workDay } from '../../test/support/month-of-habits';
import { fakeIntel, IP } from '../../test/support/fake-intel';
import { AllowEntrySchema, applyAllowList, proposeAllowEntry } from './allow-list';
import { runEngine } from './run';
import { defaultSettings } from './settings';
import type { TokenEvent } from '../model/token-event';
import type { Finding } from './types';
import type { IntelProvider } from '../intel/intel-provider';

const HOUR = 3_600_000;
const INTEL = fakeIntel();
/** Day 30, 13:30: inside Alice's working hours, so the hour is not what is new. */
const AT = START + 30 * DAY + 13 * HOUR + 30 * 60_000;
const parse = (rows: { id: string; record: Record<string, unknown> }[]): TokenEvent[] => {
  const cache = new ParseCache();
  return rows.flatMap((r) => cache.parse(r.record, `0/${r.id}`).events);
};
const month = () => Array.from({ length: 30 }, (_, d) => workDay(d)).flat();

/** The month, then `extra` on day 30; each finding with its proposal, and the run again with the proposal allowed. */
function judge(extra: ReturnType<typeof record>[], pick: (f: Finding) => boolean, intel?: IntelProvider) {
  const events = parse([...month(), ...workDay(30), ...extra]);
  const byId = new Map(events.map((e) => [e.id, e]));
  const network = (e: TokenEvent) => (e.source.ip && intel ? intel.lookup(e.source.ip) : undefined);
  const before = runEngine(events, { intel, now: START });
  const target = before.findings.find(pick);
  expect(target, before.findings.map((f) => `${f.indicator}: ${f.title}`).join('\n')).toBeDefined();
  const proposal = proposeAllowEntry(target!, (id) => byId.get(id), network);
  expect(proposal).toBeDefined();
  expect(AllowEntrySchema.safeParse(proposal!.entry).success).toBe(true);
  const after = runEngine(events, { intel, now: START, settings: { ...defaultSettings(), allow: [proposal!.entry] } });
  const allowed = after.findings.filter((f) => f.allowedBy);
  return {
    before,
    after,
    target: target!,
    proposal: proposal!,
    allowed,
    extraIds: new Set(parse(extra).map((e) => e.id)),
  };
}

const key = (f: Finding) => `${f.indicator}|${f.title}|${f.events.join(',')}`;

describe('proposeAllowEntry', () => {
  it('one address: this identity from this /32; the finding leaves the verdict, nothing else is allowed', () => {
    const r = judge(
      [record(PEOPLE[0], 1, AT, { ip: IP.PARIS })],
      (f) => f.indicator === 'new-source' && f.events.includes(`ev-alice-${AT}-1`),
      INTEL,
    );
    expect(r.proposal.entry).toMatchObject({ kind: 'cidr', value: `${IP.PARIS}/32`, identity: ALICE });
    expect(r.proposal.words).toBe(`${ALICE}'s activity from ${IP.PARIS} (this address only)`);
    expect(r.proposal.entry.reason).toMatch(
      /^Expected: .* from 90\.1\.1\.1 \(this address only\); marked from the finding "/,
    );
    expect(r.allowed.map(key)).toContain(key(r.target));
    // Only findings about that activity are allowed; everything else is judged as before.
    for (const f of r.allowed) expect(f.events.every((id) => r.extraIds.has(id))).toBe(true);
    const untouched = (fs: Finding[]) =>
      fs
        .filter((f) => !f.events.every((id) => r.extraIds.has(id)))
        .map(key)
        .sort();
    expect(untouched(r.after.findings)).toEqual(untouched(r.before.findings));
    expect(r.after.subjects.find((s) => s.subject === `id:${ALICE}`)?.score ?? 0).toBeLessThanOrEqual(
      r.before.subjects.find((s) => s.subject === `id:${ALICE}`)?.score ?? 0,
    );
  });

  it('several addresses of one network: this identity from this ASN', () => {
    const extra = [record(PEOPLE[0], 1, AT, { ip: IP.HOME }), record(PEOPLE[0], 2, AT + 10 * 60_000, { ip: IP.HOME2 })];
    const r = judge(extra, (f) => f.indicator === 'new-source' && f.events.includes(`ev-alice-${AT}-1`), INTEL);
    expect(r.proposal.entry).toMatchObject({ kind: 'asn', value: 'AS7922', identity: ALICE });
    expect(r.proposal.words).toBe(`${ALICE}'s activity from network AS7922 (Comcast Cable)`);
    expect(r.allowed.map(key)).toContain(key(r.target));
    for (const f of r.allowed) expect(f.events.every((id) => r.extraIds.has(id))).toBe(true);
  });

  it('a client this identity does not use: its product token for this identity, not the address it came from', () => {
    const r = judge(
      [record(PEOPLE[0], 1, AT, { ua: 'python-requests/2.31.0' })],
      (f) => f.indicator === 'suspicious-client',
      INTEL,
    );
    expect(r.proposal.entry).toMatchObject({ kind: 'user-agent', value: 'python-requests/', identity: ALICE });
    expect(r.allowed.map(key)).toEqual([key(r.target)]); // her usual address is not allowed: nothing else is
  });

  const ev = (id: string, over: { ip?: string; actor?: string; ua?: string; app?: string } = {}): TokenEvent =>
    ({
      id,
      provider: 'entra',
      class: 'authentication',
      time: Date.UTC(2026, 9, 1),
      ref: id,
      actor: { id: over.actor ?? 'alice@contoso.example', kind: 'human' },
      action: { name: 'Sign-in activity', verb: 'auth' },
      source: { ...(over.ip ? { ip: over.ip } : {}), ...(over.ua ? { userAgent: over.ua } : {}) },
      outcome: { success: true },
      ...(over.app ? { app: { id: over.app, name: 'Graph Explorer' } } : {}),
    }) as TokenEvent;
  const finding = (indicator: Finding['indicator'], events: string[], over: Partial<Finding> = {}): Finding => ({
    indicator,
    severity: 'medium',
    title: 'a finding',
    detail: 'd',
    events,
    identities: ['alice@contoso.example'],
    tokens: [],
    time: 0,
    ...over,
  });
  const lookup = (events: TokenEvent[]) => {
    const byId = new Map(events.map((e) => [e.id, e]));
    return (id: string) => byId.get(id);
  };

  it('an application this identity has not used: the application for this identity', () => {
    const events = [
      ev('a1', { app: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064', ip: IP.HOME }),
      ev('a2', { app: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064', ip: IP.MOBILE }),
      ev('b1', { app: '1950a258-227b-4e31-a9cf-717495945fc2', ip: IP.HOME }),
    ];
    const target = finding('oauth-consent', ['a1', 'a2']);
    const other = finding('oauth-consent', ['b1']);
    const p = proposeAllowEntry(target, lookup(events));
    expect(p?.entry).toMatchObject({
      kind: 'app',
      value: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064',
      identity: 'alice@contoso.example',
    });
    expect(p?.words).toBe(
      "alice@contoso.example's activity with the application Graph Explorer (de8bc8b5-d9f9-48b1-a8ad-b748da725064)",
    );
    const judged = applyAllowList([target, other], [p!.entry], 0, lookup(events), () => undefined);
    expect(judged.map((f) => !!f.allowedBy)).toEqual([true, false]);
  });

  it('evidence of several identities from one address: the address for everyone', () => {
    const events = [ev('x1', { ip: IP.HOSTING }), ev('x2', { ip: IP.HOSTING, actor: 'bob@contoso.example' })];
    const p = proposeAllowEntry(finding('multi-account', ['x1', 'x2']), lookup(events));
    expect(p?.entry).toMatchObject({ kind: 'cidr', value: `${IP.HOSTING}/32` });
    expect(p?.entry.identity).toBeUndefined();
    expect(p?.words).toBe(`all activity from ${IP.HOSTING} (this address only)`);
  });

  it('no single entry, a finding already allowed or evidence not at hand: no proposal', () => {
    const events = [ev('t1', { ip: IP.HOME, ua: 'curl/8.4' }), ev('t2', { ip: IP.PARIS, ua: 'python-requests/2.31' })];
    expect(proposeAllowEntry(finding('geo-anomaly', ['t1', 't2']), lookup(events))).toBeUndefined();
    expect(
      proposeAllowEntry(finding('geo-anomaly', ['t1', 't2']), lookup(events), (e) => INTEL.lookup(e.source.ip!)),
    ).toBeUndefined(); // two networks
    expect(
      proposeAllowEntry(
        finding('new-source', ['t1'], { allowedBy: [{ kind: 'cidr', value: IP.HOME, reason: 'home' }] }),
        lookup(events),
      ),
    ).toBeUndefined();
    expect(proposeAllowEntry(finding('new-source', ['gone']), lookup(events))).toBeUndefined();
    // A browser is no family: "Mozilla/" would allow every browser.
    const browsers = [ev('m1', { ua: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' })];
    expect(proposeAllowEntry(finding('suspicious-client', ['m1']), lookup(browsers))).toBeUndefined();
  });
});
