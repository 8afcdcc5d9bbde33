// @vitest-environment jsdom
/**
 * The options page's settings editor (issue 10) as the analyst uses it: fields labelled by their
 * path and default, an edit saved through the same validation as the CLI, a wrong value refused
 * next to its field with nothing stored, allow entries, countries and tenants one by one. The
 * store is memory here (extension storage on the page).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { OptionsView } from '../OptionsView';
import { useTeamSettings, type TeamSettingsStore } from './use-team-settings';
import { parseSettings } from '../../lib/engine/settings';
import type { SettingsFile } from '../../lib/engine/settings-form';

afterEach(cleanup);

const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
const NOW = Date.UTC(2026, 11, 6);

/** A store in memory that validates like saveTeamSettings, and counts the saves. */
function memoryStore(initial?: unknown) {
  const s = { raw: initial, saves: 0 };
  const store: TeamSettingsStore = {
    load: async () => ({ raw: s.raw }),
    save: async (file: SettingsFile) => {
      const p = parseSettings(file);
      if (!p.ok) return p;
      s.saves++;
      s.raw = structuredClone(file);
      return { ok: true, raw: s.raw };
    },
  };
  return { s, store };
}

function Page({
  store,
  analyst,
  onAnalyst,
}: {
  store: TeamSettingsStore;
  analyst?: string;
  onAnalyst?(n: string): void;
}) {
  const editor = useTeamSettings(store, () => NOW);
  return (
    <OptionsView
      hosts={[]}
      onAdd={() => undefined}
      onRemove={() => undefined}
      editor={editor}
      analyst={analyst}
      onAnalystChange={onAnalyst}
    />
  );
}

/** Shows an indicator's thresholds (collapsed until asked for). */
async function expand(id: string) {
  const button = await screen.findByRole('button', { name: `Thresholds of ${id}` });
  await act(async () => void fireEvent.click(button));
}

async function commit(label: string, value: string) {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  await act(async () => {
    fireEvent.change(input, { target: { value } });
    fireEvent.blur(input);
  });
  return input;
}
const described = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');

describe("the options page's settings editor", () => {
  it('labels each generated field with its path and default, and saves a valid edit as the settings file', async () => {
    const { s, store } = memoryStore({ allow: [] });
    render(<Page store={store} />);
    await expand('unusual-time');
    const field = await screen.findByLabelText('indicators.unusual-time.minBaselineEvents');
    expect(described(field)).toContain('default 30');
    expect(screen.getByLabelText('baseline.retentionDays')).toBeTruthy();
    expect(screen.getByLabelText('verdict.escalateScore')).toBeTruthy();
    expect(
      (screen.getByLabelText('indicators.unusual-time.offHoursFallback') as HTMLSelectElement).options.length,
    ).toBe(4);
    await commit('indicators.unusual-time.minBaselineEvents', '12');
    await waitFor(() =>
      expect(s.raw).toEqual({ allow: [], indicators: { 'unusual-time': { minBaselineEvents: 12 } } }),
    );
    expect(screen.getByRole('status').textContent).toMatch(/^Saved indicators\.unusual-time\.minBaselineEvents/);
    // Retention in the learning switch follows the setting.
    await commit('baseline.retentionDays', '45');
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: /Learn what is normal/ }).parentElement!.textContent).toContain(
        'last 45 days per tenant',
      ),
    );
  });

  it('refuses a wrong value next to its field with the path and message, and stores nothing', async () => {
    const team = { indicators: { 'unusual-time': { offHoursStart: 19 } } };
    const { s, store } = memoryStore(structuredClone(team));
    render(<Page store={store} />);
    await expand('unusual-time');
    await waitFor(() =>
      expect((screen.getByLabelText('indicators.unusual-time.offHoursStart') as HTMLInputElement).value).toBe('19'),
    );
    const input = await commit('indicators.unusual-time.offHoursStart', '24');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(described(input)).toMatch(/indicators\.unusual-time\.offHoursStart: .*23/);
    expect(input.value).toBe('24'); // what was typed stays, to be corrected
    const letters = await commit('indicators.unusual-time.minBaselineEvents', 'twelve');
    expect(described(letters)).toMatch(/indicators\.unusual-time\.minBaselineEvents: .*number/);
    expect(s.saves).toBe(0);
    expect(s.raw).toEqual(team);
    expect(screen.getByRole('status').textContent).toMatch(
      /^Refused, nothing changed: indicators\.unusual-time\.minBaselineEvents/,
    );
    // Corrected, it saves and the error goes.
    const fixed = await commit('indicators.unusual-time.offHoursStart', '18');
    await waitFor(() => expect(s.raw).toEqual({ indicators: { 'unusual-time': { offHoursStart: 18 } } }));
    expect(screen.getByLabelText('indicators.unusual-time.offHoursStart').getAttribute('aria-invalid')).toBe('false');
    expect(fixed).toBeTruthy();
  });

  it('switches an indicator off and on', async () => {
    const { s, store } = memoryStore();
    render(<Page store={store} />);
    const box = await screen.findByRole('checkbox', { name: 'Use unusual-time' });
    await act(async () => void fireEvent.click(box));
    await waitFor(() => expect(s.raw).toEqual({ disabled: ['unusual-time'] }));
    await act(async () => void fireEvent.click(screen.getByRole('checkbox', { name: 'Use unusual-time' })));
    await waitFor(() => expect(s.raw).toEqual({}));
  });

  it('adds allow entries one by one (a wrong one refused by its field), shows expired ones, removes them; reasons are text', async () => {
    const { s, store } = memoryStore({
      allow: [{ kind: 'asn', value: 'AS64500', reason: EVIL, expires: '2026-01-31' }],
    });
    const { container } = render(<Page store={store} />);
    const table = await screen.findByRole('table', { name: 'Allow-list entries' });
    expect(within(table).getAllByRole('row')[1]!.textContent).toContain('2026-01-31 (expired)');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    const form = screen.getByRole('form', { name: 'Add an allow entry' });
    fireEvent.change(within(form).getByLabelText('Kind'), { target: { value: 'cidr' } });
    fireEvent.change(within(form).getByLabelText(/^Value/), { target: { value: 'office' } });
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'office egress' } });
    await act(async () => void fireEvent.click(within(form).getByRole('button', { name: 'Add allow entry' })));
    expect(described(within(form).getByLabelText(/^Value/))).toContain(
      'allow.1.value: not a CIDR or IP address: office',
    );
    expect(s.saves).toBe(0);
    fireEvent.change(within(form).getByLabelText(/^Value/), { target: { value: '203.0.113.0/24' } });
    fireEvent.change(within(form).getByLabelText('Only for identity (optional)'), { target: { value: 'alice' } });
    fireEvent.change(within(form).getByLabelText('Expires (optional)'), { target: { value: '2027-06-30' } });
    await act(async () => void fireEvent.click(within(form).getByRole('button', { name: 'Add allow entry' })));
    await waitFor(() => expect((s.raw as { allow: unknown[] }).allow).toHaveLength(2));
    expect((s.raw as { allow: unknown[] }).allow[1]).toEqual({
      kind: 'cidr',
      value: '203.0.113.0/24',
      reason: 'office egress',
      identity: 'alice',
      expires: '2027-06-30',
    });
    expect((within(form).getByLabelText(/^Value/) as HTMLInputElement).value).toBe(''); // the form is empty again
    const row = within(screen.getByRole('table', { name: 'Allow-list entries' })).getAllByRole('row')[2]!;
    expect(row.textContent).toContain('2027-06-30');
    expect(row.textContent).not.toContain('expired');
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Remove allow entry asn AS64500' })));
    await waitFor(() =>
      expect((s.raw as { allow: { value: string }[] }).allow.map((e) => e.value)).toEqual(['203.0.113.0/24']),
    );
  });

  it('high-risk countries by ISO code, named; an unknown code refused', async () => {
    const { s, store } = memoryStore();
    render(<Page store={store} />);
    await screen.findByRole('button', { name: 'Remove Russia (RU)' });
    const input = screen.getByLabelText('Add a country (ISO 3166-1 code)');
    fireEvent.change(input, { target: { value: 'xx' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Add country' })));
    expect(screen.getByRole('list', { name: 'Refused' }).textContent).toMatch(
      /riskyCountries\.5: not an ISO 3166-1 alpha-2 country code/,
    );
    expect(s.saves).toBe(0);
    fireEvent.change(input, { target: { value: 'sy' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Add country' })));
    await screen.findByRole('button', { name: 'Remove Syria (SY)' });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Remove Russia (RU)' })));
    await waitFor(() =>
      expect(s.raw).toEqual({
        indicators: {
          'risky-network': { riskyCountries: ['CU', 'IR', 'KP', 'BY', 'SY'] },
          'multi-account': { riskyCountries: ['CU', 'IR', 'KP', 'BY', 'SY'] },
        },
      }),
    );
  });

  it('working hours per tenant: added, given a clock, refused out of range, removed', async () => {
    const { s, store } = memoryStore();
    render(<Page store={store} />);
    fireEvent.change(await screen.findByLabelText('Tenant id'), { target: { value: '444455556666' } });
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Add tenant' })));
    const tz = await screen.findByLabelText('tenants.444455556666.unusualTime.timezoneOffsetMinutes');
    expect(described(tz)).toContain('empty: the global setting (0)');
    await commit('tenants.444455556666.unusualTime.timezoneOffsetMinutes', '900');
    expect(described(screen.getByLabelText('tenants.444455556666.unusualTime.timezoneOffsetMinutes'))).toMatch(
      /tenants\.444455556666\.unusualTime\.timezoneOffsetMinutes: /,
    );
    await commit('tenants.444455556666.unusualTime.timezoneOffsetMinutes', '600');
    await act(
      async () =>
        void fireEvent.change(screen.getByLabelText('tenants.444455556666.unusualTime.offHoursFallback'), {
          target: { value: 'fixed' },
        }),
    );
    await waitFor(() =>
      expect(s.raw).toEqual({
        tenants: { '444455556666': { unusualTime: { timezoneOffsetMinutes: 600, offHoursFallback: 'fixed' } } },
      }),
    );
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Remove tenant 444455556666' })));
    await waitFor(() => expect(s.raw).toEqual({}));
  });

  it("the analyst's name is committed on leaving the field", async () => {
    const names: string[] = [];
    const { store } = memoryStore();
    render(<Page store={store} analyst="Ana" onAnalyst={(n) => names.push(n)} />);
    await commit('Your name for cases', 'Ana Lyst');
    expect(names).toEqual(['Ana Lyst']);
  });
});
