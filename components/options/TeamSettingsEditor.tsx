/**
 * The team's settings, field by field (issue 10): the verdict and retention, the high-risk
 * countries, working hours per tenant, the allow-list one entry at a time, and every indicator on
 * or off with its thresholds. A view over useTeamSettings' state: the fields come from the
 * schema (lib/engine/settings-form.ts), every edit goes back through the model, and a refused one
 * shows its path and message next to where it was made.
 */
import { isExpired } from '../../lib/engine/allow-list';
import { useEffect, useMemo, useState } from 'react';
import { countryLabel } from '../../lib/intel/risky-countries';
import {
  ALLOW_ENTRY_KINDS,
  countryChoices,
  generalFields,
  indicatorSections,
  issuesAt,
  pathText,
  riskyCountriesOf,
  tenantHoursFields,
  tenantsOf,
  valueAt,
  type SettingField,
} from '../../lib/engine/settings-form';
import type { SettingsIssue } from '../../lib/engine/settings';
import { SettingInput } from './SettingInput';
import { ALLOW_FORM, COUNTRY_FORM, TENANT_FORM, type TeamSettingsEditorState } from './use-team-settings';

const SECTIONS = indicatorSections();
const GENERAL = generalFields();
const COUNTRIES = countryChoices();

function Issues({ issues, prefix }: { issues?: SettingsIssue[]; prefix?: readonly string[] }) {
  const shown = (issues ?? []).filter((i) => !prefix || prefix.every((k, n) => i.at[n] === k));
  if (!shown.length) return null;
  return (
    <ul className="error" aria-label="Refused">
      {shown.map((i, n) => (
        <li key={n}>
          {i.path || '(root)'}: {i.message}
        </li>
      ))}
    </ul>
  );
}

export function TeamSettingsEditor(p: TeamSettingsEditorState) {
  // Thresholds are shown per indicator on demand (some 200 fields in all).
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((o) => (o.has(id) ? new Set([...o].filter((x) => x !== id)) : new Set([...o, id])));
  const field = (f: SettingField) => (
    <SettingInput
      key={pathText(f.path)}
      field={f}
      file={p.file}
      value={valueAt(p.settings, f.path)}
      errors={issuesAt(p.issues[pathText(f.path)], f.path)}
      onCommit={p.onEdit}
    />
  );
  return (
    <>
      {p.problem && <p className="error">{p.problem}</p>}
      <p role="status" className="status">
        {p.status ?? ''}
      </p>

      <section aria-labelledby="general-h">
        <h3 id="general-h">Verdict and baselines</h3>
        {GENERAL.map(field)}
      </section>

      <Countries {...p} />
      <Tenants {...p} field={field} />
      <AllowList {...p} />

      <section aria-labelledby="indicators-h">
        <h3 id="indicators-h">Indicators</h3>
        <p>
          Each indicator on or off, and its thresholds (labelled with their path in the settings file and their
          default).
        </p>
        {SECTIONS.map((s) => {
          const on = !p.settings.disabled.includes(s.id);
          const changed = s.fields.filter((f) => valueAt(p.file, f.path) !== undefined).length;
          return (
            <section key={s.id} aria-labelledby={`ind-${s.id}`} className="indicator">
              <h4 id={`ind-${s.id}`}>
                {s.title} <code>{s.id}</code>
              </h4>
              <label>
                <input type="checkbox" checked={on} onChange={(e) => p.onIndicator(s.id, e.target.checked)} /> Use{' '}
                {s.id}
              </label>
              <Issues issues={p.issues[`indicator:${s.id}`]} />{' '}
              <button
                type="button"
                aria-expanded={open.has(s.id)}
                aria-controls={`thr-${s.id}`}
                onClick={() => toggle(s.id)}
              >
                Thresholds of {s.id}
              </button>{' '}
              <span className="hint">
                {s.fields.length} settings, {changed} set by the team
              </span>
              {open.has(s.id) && (
                <div id={`thr-${s.id}`}>
                  {s.fields.filter((f) => f.kind !== 'countries').map(field)}
                  {s.fields.some((f) => f.kind === 'countries') && (
                    <p className="hint">Its high-risk countries are the list above.</p>
                  )}
                </div>
              )}
            </section>
          );
        })}
      </section>
    </>
  );
}

function Countries(p: TeamSettingsEditorState) {
  const [code, setCode] = useState('');
  const { codes, differ } = riskyCountriesOf(p.settings);
  useEffect(() => setCode(''), [codes.length]); // added: the form is empty again
  return (
    <section aria-labelledby="countries-h">
      <h3 id="countries-h">High-risk countries</h3>
      <p>
        A success from one of these is at least medium (risky-network) and several identities new to one are a
        multi-account signal.
      </p>
      {differ && <p className="hint">The indicators' lists differ in the file; a change here sets one list for all.</p>}
      <ul>
        {codes.map((c) => (
          <li key={c}>
            {countryLabel(c)}{' '}
            <button type="button" onClick={() => p.onRemoveCountry(c)} aria-label={`Remove ${countryLabel(c)}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (code.trim()) p.onAddCountry(code);
        }}
      >
        <label htmlFor="country-add">Add a country (ISO 3166-1 code)</label>{' '}
        <input id="country-add" list="country-codes" value={code} onChange={(e) => setCode(e.target.value)} size={6} />
        <datalist id="country-codes">
          {COUNTRIES.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </datalist>{' '}
        <button type="submit">Add country</button>
      </form>
      <Issues issues={p.issues[COUNTRY_FORM]} />
    </section>
  );
}

function Tenants(p: TeamSettingsEditorState & { field(f: SettingField): React.ReactNode }) {
  const [tenant, setTenant] = useState('');
  const tenants = tenantsOf(p.settings);
  useEffect(() => setTenant(''), [tenants.length]);
  return (
    <section aria-labelledby="tenants-h">
      <h3 id="tenants-h">Working hours per tenant</h3>
      <p>
        A tenant (an AWS account, Entra tenant, GCP project, Okta or GitHub org id, or <code>provider:id</code>) with
        its own working hours and time zone: unusual-time judges its identities on that clock. Empty fields take the
        global setting (indicators.unusual-time).
      </p>
      {tenants.map((t) => (
        <fieldset key={t}>
          <legend>
            Tenant <code>{t}</code>
          </legend>
          {tenantHoursFields(t, p.settings).map(p.field)}
          <button type="button" onClick={() => p.onRemoveTenant(t)} aria-label={`Remove tenant ${t}`}>
            Remove tenant
          </button>
        </fieldset>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          p.onAddTenant(tenant);
        }}
      >
        <label htmlFor="tenant-add">Tenant id</label>{' '}
        <input id="tenant-add" value={tenant} onChange={(e) => setTenant(e.target.value)} size={30} />{' '}
        <button type="submit">Add tenant</button>
      </form>
      <Issues issues={p.issues[TENANT_FORM]} />
    </section>
  );
}

const EMPTY_ENTRY = { kind: 'cidr', value: '', reason: '', identity: '', expires: '' };

function AllowList(p: TeamSettingsEditorState) {
  const [entry, setEntry] = useState(EMPTY_ENTRY);
  const next = String(p.settings.allow.length);
  useEffect(() => setEntry(EMPTY_ENTRY), [next]);
  const issues = p.issues[ALLOW_FORM];
  const errorOf = (k: string) => issuesAt(issues, ['allow', next, k]);
  const input = (k: 'value' | 'reason' | 'identity' | 'expires', label: string, extra: object = {}) => (
    <div className="setting">
      <label htmlFor={`allow-${k}`}>{label}</label>{' '}
      <input
        id={`allow-${k}`}
        value={entry[k]}
        onChange={(e) => setEntry({ ...entry, [k]: e.target.value })}
        aria-invalid={errorOf(k).length > 0}
        aria-describedby={errorOf(k).length ? `allow-${k}-err` : undefined}
        {...extra}
      />
      {errorOf(k).length > 0 && (
        <span id={`allow-${k}-err`} className="error">
          allow.{next}.{k}: {errorOf(k).join('; ')}
        </span>
      )}
    </div>
  );
  const rows = useMemo(
    () => p.settings.allow.map((e, i) => ({ e, i, expired: isExpired(e, p.now) })),
    [p.settings.allow, p.now],
  );
  return (
    <section aria-labelledby="allow-h">
      <h3 id="allow-h">Allow-list</h3>
      <p>
        Activity the team expects, each entry with its reason. Allowed findings stay in the report, marked, and leave
        the verdict.
      </p>
      {rows.length === 0 ? (
        <p>No entries.</p>
      ) : (
        <table>
          <caption>Allow-list entries</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Value</th>
              <th scope="col">Reason</th>
              <th scope="col">Identity</th>
              <th scope="col">Expires</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ e, i, expired }) => (
              <tr key={i} className={expired ? 'expired' : undefined}>
                <td>{e.kind}</td>
                <td>
                  <code>{e.value}</code>
                </td>
                <td>{e.reason}</td>
                <td>{e.identity ?? 'any'}</td>
                <td>{e.expires ? `${e.expires}${expired ? ' (expired)' : ''}` : 'never'}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => p.onRemoveAllow(i)}
                    aria-label={`Remove allow entry ${e.kind} ${e.value}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        aria-label="Add an allow entry"
        onSubmit={(ev) => {
          ev.preventDefault();
          p.onAddAllow(entry);
        }}
      >
        <div className="setting">
          <label htmlFor="allow-kind">Kind</label>{' '}
          <select id="allow-kind" value={entry.kind} onChange={(e) => setEntry({ ...entry, kind: e.target.value })}>
            {ALLOW_ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        {input('value', 'Value (CIDR or IP, ASN, identity, app or client id, user-agent text)', { size: 40 })}
        {input('reason', 'Reason', { size: 40 })}
        {input('identity', 'Only for identity (optional)', { size: 40 })}
        {input('expires', 'Expires (optional)', { type: 'date' })}
        <button type="submit">Add allow entry</button>
      </form>
      <Issues
        issues={issues?.filter(
          (i) => !['value', 'reason', 'identity', 'expires'].some((k) => pathText(i.at) === `allow.${next}.${k}`),
        )}
      />
    </section>
  );
}
