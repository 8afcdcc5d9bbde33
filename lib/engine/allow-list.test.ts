import { describe, expect, it } from 'vitest';
import { AllowListSchema, applyAllowList, allowedText, type AllowEntry } from './allow-list';
import { parseSettings } from './settings';
import { runEngine } from './run';
import type { Finding } from './types';
import type { TokenEvent } from '../model/token-event';

const ev = (
  id: string,
  over: { ip?: string; actor?: string; ua?: string; app?: string; asn?: number } = {},
): TokenEvent =>
  ({
    id,
    provider: 'aws',
    class: 'api_activity',
    time: Date.UTC(2026, 9, 1),
    ref: id,
    actor: { id: over.actor ?? 'arn:aws:iam::1:user/alice', kind: 'human' },
    action: { name: 'ListBuckets', verb: 'list' },
    source: {
      ...(over.ip ? { ip: over.ip } : {}),
      ...(over.ua ? { userAgent: over.ua } : {}),
      ...(over.asn ? { asn: over.asn } : {}),
    },
    outcome: { success: true },
    ...(over.app ? { app: { id: over.app } } : {}),
  }) as TokenEvent;

const finding = (events: string[]): Finding => ({
  indicator: 'new-source',
  severity: 'medium',
  title: 't',
  detail: 'd',
  events,
  identities: ['arn:aws:iam::1:user/alice'],
  tokens: [],
  time: 0,
});
const entries = (x: unknown[]): AllowEntry[] => AllowListSchema.parse(x);
const apply = (fs: Finding[], list: AllowEntry[], events: TokenEvent[], now = Date.UTC(2026, 9, 2)) => {
  const byId = new Map(events.map((e) => [e.id, e]));
  return applyAllowList(
    fs,
    list,
    now,
    (id) => byId.get(id),
    () => undefined,
  );
};

describe('allow-list entries', () => {
  const events = [
    ev('office', { ip: '203.0.113.7' }),
    ev('office6', { ip: '2001:db8::5' }),
    ev('vps', { ip: '45.155.205.233' }),
    ev('bot', { actor: 'arn:aws:iam::1:user/ci-bot', ip: '198.51.100.9' }),
    ev('tf', { ua: 'APN/1.0 HashiCorp/1.0 Terraform/1.7.5' }),
    ev('app', { app: 'd3590ed6-52b3-4102-aeff-aad2292ab01c' }),
    ev('asn', { ip: '192.0.2.1', asn: 64500 }),
  ];
  it('allows a finding whose every record matches, and names the entry and its reason', () => {
    const [f] = apply(
      [finding(['office', 'office6'])],
      entries([
        { kind: 'cidr', value: '203.0.113.0/24', reason: 'office egress' },
        { kind: 'cidr', value: '2001:db8::/32', reason: 'office v6' },
      ]),
      events,
    );
    expect(f!.allowedBy).toEqual([
      { kind: 'cidr', value: '203.0.113.0/24', reason: 'office egress' },
      { kind: 'cidr', value: '2001:db8::/32', reason: 'office v6' },
    ]);
    expect(allowedText(f!.allowedBy!)).toBe(
      "allowed by the team's list: cidr 203.0.113.0/24 (office egress); cidr 2001:db8::/32 (office v6)",
    );
  });

  it('never hides a finding with one record outside the list', () => {
    const [f] = apply(
      [finding(['office', 'vps'])],
      entries([{ kind: 'cidr', value: '203.0.113.0/24', reason: 'office egress' }]),
      events,
    );
    expect(f!.allowedBy).toBeUndefined();
  });

  it('matches each kind: identity, app, user-agent family, ASN, a single address', () => {
    const one = (id: string, x: unknown) => apply([finding([id])], entries([x]), events)[0]!.allowedBy?.length ?? 0;
    expect(one('bot', { kind: 'identity', value: 'arn:aws:iam::1:user/ci-bot', reason: 'automation' })).toBe(1);
    expect(one('app', { kind: 'app', value: 'd3590ed6-52b3-4102-aeff-aad2292ab01c', reason: 'Office' })).toBe(1);
    expect(one('tf', { kind: 'user-agent', value: 'terraform', reason: 'IaC' })).toBe(1);
    expect(one('asn', { kind: 'asn', value: 'AS64500', reason: 'our cloud' })).toBe(1);
    expect(one('vps', { kind: 'cidr', value: '45.155.205.233', reason: 'pentest box' })).toBe(1);
    expect(one('vps', { kind: 'cidr', value: '45.155.205.0/25', reason: 'x' })).toBe(0); // .233 is in the upper half
    expect(one('office', { kind: 'user-agent', value: 'terraform', reason: 'IaC' })).toBe(0);
  });

  it('scopes an entry to one identity when it says so', () => {
    const list = entries([
      { kind: 'cidr', value: '198.51.100.0/24', reason: 'CI runners', identity: 'arn:aws:iam::1:user/ci-bot' },
    ]);
    const other = ev('other', { ip: '198.51.100.10' });
    const [forBot, forAlice] = apply([finding(['bot']), finding(['other'])], list, [...events, other]);
    expect(forBot!.allowedBy).toHaveLength(1);
    expect(forAlice!.allowedBy).toBeUndefined();
  });

  it('stops applying after its expiry (a date means the end of that day, UTC)', () => {
    const list = entries([{ kind: 'cidr', value: '203.0.113.0/24', reason: 'event venue', expires: '2026-10-01' }]);
    expect(apply([finding(['office'])], list, events, Date.UTC(2026, 9, 1, 23))[0]!.allowedBy).toHaveLength(1);
    expect(apply([finding(['office'])], list, events, Date.UTC(2026, 9, 2, 0, 1))[0]!.allowedBy).toBeUndefined();
  });

  it('refuses a bad entry with its path, through the settings schema', () => {
    const r = parseSettings({
      allow: [
        { kind: 'cidr', value: '203.0.113.0/33', reason: 'x' },
        { kind: 'asn', value: 'Amazon', reason: 'x' },
        { kind: 'cidr', value: '10.0.0.0/8' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^allow\.0\.value: not a CIDR/),
        expect.stringMatching(/^allow\.1\.value: not an ASN/),
        expect.stringMatching(/^allow\.2\.reason: /),
      ]),
    );
  });
});

describe('the engine with an allow-list', () => {
  it('keeps an allowed finding in the report and out of the verdict', () => {
    // Three records from a Tor exit and nothing else: high without the list.
    const tor = [0, 1, 2].map((i) => ({ ...ev(`t${i}`, { ip: '185.220.101.44' }), time: Date.UTC(2026, 9, 1, 3, i) }));
    const intel = { lookup: () => ({ kind: 'tor' as const, asn: 60729, country: 'DE' }) };
    const cold = runEngine(tor, { intel });
    expect(cold.verdict).not.toBe('benign');
    const settings = parseSettings({
      allow: [{ kind: 'cidr', value: '185.220.101.0/24', reason: 'red team exercise, ticket SEC-42' }],
    });
    if (!settings.ok) throw new Error(settings.errors.join());
    const allowed = runEngine(tor, { intel, settings: settings.settings, now: Date.UTC(2026, 9, 2) });
    expect(allowed.findings.length).toBe(cold.findings.length);
    expect(allowed.findings.every((f) => f.allowedBy?.[0]?.reason === 'red team exercise, ticket SEC-42')).toBe(true);
    expect(allowed.verdict).toBe('benign');
  });
});
