/**
 * The containment registry as a whole: every provider has a builder and a test file, action ids
 * are stable, unique and prefixed, every action serves one of the playbook's three containment
 * items and every item is served by every provider; placeholders and `missing` agree; the plan
 * puts relevant providers first; output is deterministic and never carries a secret.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostileCase, sampleCase } from '../../../test/support/cases';
import type { Case } from '../../model/case';
import { T1550_001 } from '../t1550-001';
import { CONTAINMENT_BUILDERS, CONTAINMENT_PROVIDERS, containmentPlan } from './index';
import {
  BREAKOUTS,
  JWT,
  awsRoleCase,
  caseWith,
  entraCase,
  ev,
  gcpCase,
  githubCase,
  hostileProviderCase,
  oktaCase,
  placeholdersIn,
  workspaceCase,
} from '../../../test/support/containment-cases';
import type { ContainmentAction, ContainmentItemId } from './types';

const HERE = dirname(fileURLToPath(import.meta.url));
const ITEMS: ContainmentItemId[] = ['c-revoke-reauth', 'c-review-policies', 'c-audit-monitoring'];

const CASES: [string, () => Case][] = [
  ['sample', sampleCase],
  ['hostile', hostileCase],
  ['aws role', awsRoleCase],
  ['entra', () => entraCase()],
  ['gcp', gcpCase],
  ['okta', () => oktaCase()],
  ['okta id', () => oktaCase(true)],
  ['workspace', workspaceCase],
  ['github', githubCase],
  ['no events', () => caseWith([])],
  ...BREAKOUTS.map((h, i): [string, () => Case] => [`hostile provider ${i}`, () => hostileProviderCase(h)]),
];

const allActions = (c: Case): ContainmentAction[] => containmentPlan(c).flatMap((p) => p.actions);

describe('CONTAINMENT_BUILDERS', () => {
  it('has a builder, a label and a test file for every provider, and nothing else', () => {
    expect(Object.keys(CONTAINMENT_BUILDERS).sort()).toEqual([...CONTAINMENT_PROVIDERS].sort());
    for (const p of CONTAINMENT_PROVIDERS) {
      expect(CONTAINMENT_BUILDERS[p].label.length).toBeGreaterThan(0);
      expect(typeof CONTAINMENT_BUILDERS[p].build).toBe('function');
      expect(existsSync(join(HERE, `${p}.ts`)), `${p}.ts`).toBe(true);
      expect(existsSync(join(HERE, `${p}.test.ts`)), `${p}.test.ts`).toBe(true);
    }
  });

  it("the three item ids are the playbook's containment items", () => {
    expect(T1550_001.containment.map((i) => i.id)).toEqual(ITEMS);
  });

  it.each(CASES)('%s: ids unique, prefixed, stable; items valid and all served per provider', (_name, make) => {
    const c = make();
    const reference = allActions(sampleCase()).map((a) => a.id);
    const plan = containmentPlan(c);
    const ids = plan.flatMap((p) => p.actions.map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...reference].sort());
    for (const p of plan) {
      expect(p.actions.length).toBeGreaterThan(0);
      for (const a of p.actions) {
        expect(a.provider).toBe(p.provider);
        expect(a.id.startsWith(`${p.provider}-`)).toBe(true);
        expect(a.id).toMatch(/^[a-z0-9][a-z0-9:._-]{0,199}$/); // a checklist / note key (lib/model/case.ts)
        expect(ITEMS).toContain(a.playbookItem);
        expect(['bash', 'powershell', 'http', 'console']).toContain(a.language);
        expect(a.title.length).toBeGreaterThan(0);
        expect(a.why.length).toBeGreaterThan(20);
        expect(a.why.split(/(?<=[.!?])\s+(?=[A-Z(])/).length, `${a.id}: one or two sentences`).toBeLessThanOrEqual(2);
        expect(a.command.length).toBeGreaterThan(0);
      }
      for (const item of ITEMS)
        expect(
          p.actions.some((a) => a.playbookItem === item),
          `${p.provider} ${item}`,
        ).toBe(true);
    }
  });

  it.each(CASES)(
    '%s: missing lists exactly the placeholders left in the command; no JWT, no hostile text',
    (_name, make) => {
      for (const a of allActions(make())) {
        expect([...a.missing].sort(), a.id).toEqual(placeholdersIn(a.command).sort());
        for (const text of [a.command, a.title, a.why, ...a.missing]) {
          expect(text).not.toMatch(JWT);
          for (const h of BREAKOUTS) expect(text).not.toContain(h);
        }
      }
    },
  );
});

describe('containmentPlan', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('puts the providers the events came from first', () => {
    expect(containmentPlan(sampleCase()).map((p) => [p.provider, p.relevant])).toEqual([
      ['aws', true],
      ['entra', false],
      ['gcp', false],
      ['okta', false],
      ['workspace', false],
      ['github', false],
    ]);
  });

  it('maps azure and m365 events to entra and keeps provider order within each group', () => {
    const c = caseWith([
      ev({ id: '1', provider: 'okta', actor: 'a@example.com', action: 'x' }),
      ev({ id: '2', provider: 'm365', actor: 'a@example.com', action: 'x' }),
      ev({ id: '3', provider: 'azure', actor: 'a@example.com', action: 'x' }),
    ]);
    expect(containmentPlan(c).map((p) => [p.provider, p.relevant])).toEqual([
      ['entra', true],
      ['okta', true],
      ['aws', false],
      ['gcp', false],
      ['workspace', false],
      ['github', false],
    ]);
  });

  it('with no events, every provider is shown, none relevant', () => {
    const plan = containmentPlan(caseWith([]));
    expect(plan.map((p) => p.provider)).toEqual([...CONTAINMENT_PROVIDERS]);
    expect(plan.every((p) => !p.relevant)).toBe(true);
  });

  it('is deterministic: the clock does not matter and the case is not modified', () => {
    for (const [, make] of CASES.slice(0, 10)) {
      const c = make();
      const before = structuredClone(c);
      vi.useFakeTimers();
      vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
      const a = containmentPlan(c);
      vi.setSystemTime(new Date('2001-06-01T12:00:00Z'));
      const b = containmentPlan(c);
      vi.useRealTimers();
      expect(a).toEqual(b);
      expect(c).toEqual(before);
    }
  });
});
