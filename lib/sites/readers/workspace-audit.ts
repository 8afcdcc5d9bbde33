/**
 * Google Workspace Admin audit pages (`https://admin.google.com/ac/reporting/audit/<app>`, app ∈
 * login, token, admin; an optional `/u/<n>` account prefix). Google's
 * DOM is obfuscated, so the reader keys on ARIA (`role=grid` → `row` → `gridcell`, tied to
 * `columnheader` by `aria-colindex`) and on the English header text.
 *
 * Each row becomes a Reports API activity, the shape lib/sources/formats/workspace-reports.ts
 * parses (it has no flat shape without an `id` object):
 * `{kind, id:{time, applicationName, uniqueQualifier}, actor:{email}, ipAddress,
 *   events:[{name, parameters:[{name, value|multiValue|boolValue}]}]}`.
 * - applicationName: from the document URL when it is an audit URL, else from the page title
 *   ("OAuth log events" → token), else from the columns (Client ID/Scope → token, Login type → login).
 * - event name: the API name for the label shown ("Authorize" → `authorize`, "Suspicious login" →
 *   `suspicious_login`, admin labels → UPPER_SNAKE); unknown labels are snake-cased.
 * - Date: `<time datetime>` when present, else the shown text ("May 12, 2026, 1:10:44 PM GMT-4")
 *   read as an ISO time; text that does not parse is passed as it is (the format keeps the
 *   event with an unknown time).
 * - other columns are event parameters: App name → app_name, Client ID → client_id (admin:
 *   API_CLIENT_NAME), Scope → scope multiValue (admin: API_SCOPES), Login type, Login failure type,
 *   Is suspicious (boolValue), and any other column snake-cased. Description is skipped.
 * The page shows no uniqueQualifier: the row id (`ws:<hash of the cells>`) stands in for it.
 * UNVERIFIED against the live console: the roles, the header texts and the event labels; other
 * UI languages are not recognised (the note says so).
 */
import { isoTime, parseTime } from '../../model/time';
import type { PageRow, ReadResult, SiteReader } from '../site-reader';
import {
  bodyRows,
  cellsByColumn,
  datetimeIn,
  findGridByHeaders,
  hashId,
  textOf,
  textPieces,
  type Grid,
  readGridRows,
  headerRowOf,
} from './shared/aria-grid';

type App = 'login' | 'token' | 'admin';
const PATH = /^(?:\/u\/\d+)?\/ac\/reporting\/audit\/(login|token|admin)\/?$/;

const DATE_COLS = ['date', 'time', 'event time', 'timestamp'];
const EVENT_COLS = ['event', 'event name'];
const ACTOR_COLS = ['actor', 'user', 'actor email', 'user email'];
const IP_COLS = ['ip address', 'ip', 'actor ip address'];
const SKIP_COLS = new Set(['description', '']);

/** Column header → parameter name (and kind), per application where they differ. */
const PARAMS: Record<string, { name: string; kind?: 'multi' | 'bool'; admin?: string }> = {
  'app name': { name: 'app_name' },
  'application name': { name: 'app_name' },
  'client id': { name: 'client_id', admin: 'API_CLIENT_NAME' },
  'oauth client id': { name: 'client_id', admin: 'API_CLIENT_NAME' },
  'api client name': { name: 'client_id', admin: 'API_CLIENT_NAME' },
  scope: { name: 'scope', kind: 'multi', admin: 'API_SCOPES' },
  scopes: { name: 'scope', kind: 'multi', admin: 'API_SCOPES' },
  'api scopes': { name: 'scope', kind: 'multi', admin: 'API_SCOPES' },
  'login type': { name: 'login_type' },
  'login failure type': { name: 'login_failure_type' },
  'login challenge method': { name: 'login_challenge_method', kind: 'multi' },
  'is suspicious': { name: 'is_suspicious', kind: 'bool' },
  'client type': { name: 'client_type' },
  'api name': { name: 'api_name' },
  'method name': { name: 'method_name' },
  'role name': { name: 'ROLE_NAME' },
  'setting name': { name: 'SETTING_NAME' },
  'affected user': { name: 'USER_EMAIL' },
  'target user': { name: 'USER_EMAIL' },
};

/** Event labels shown → Reports API event names. */
const EVENT_NAMES: Record<App, Record<string, string>> = {
  login: {
    'successful login': 'login_success',
    'login success': 'login_success',
    'failed login': 'login_failure',
    'login failure': 'login_failure',
    'suspicious login': 'suspicious_login',
    'suspicious login blocked': 'suspicious_login',
    'suspicious login (less secure app)': 'suspicious_login_less_secure_app',
    'suspicious programmatic login': 'suspicious_programmatic_login',
    'login challenge': 'login_challenge',
    'login verification': 'login_verification',
    logout: 'logout',
    'government-backed attack': 'gov_attack_warning',
    'leaked password': 'account_disabled_password_leak',
  },
  token: {
    authorize: 'authorize',
    'oauth authorize': 'authorize',
    revoke: 'revoke',
    'oauth revoke': 'revoke',
    activity: 'activity',
    request: 'request',
  },
  admin: {
    'authorize api client access': 'AUTHORIZE_API_CLIENT_ACCESS',
    'remove api client access': 'REMOVE_API_CLIENT_ACCESS',
    'assign role': 'ASSIGN_ROLE',
    'grant admin privilege': 'GRANT_ADMIN_PRIVILEGE',
    'create user': 'CREATE_USER',
    'change password': 'CHANGE_PASSWORD',
    'add to trusted oauth2 apps': 'ADD_TO_TRUSTED_OAUTH2_APPS',
  },
};

function snake(s: string): string {
  return s
    .trim()
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function eventName(app: App, label: string): string {
  const l = label.trim();
  if (/^[a-z][a-z0-9_]*$/.test(l) || /^[A-Z][A-Z0-9_]*$/.test(l)) return l;
  const known = EVENT_NAMES[app][l.toLowerCase()];
  if (known) return known;
  const s = snake(l);
  return app === 'admin' ? s.toUpperCase() : s.toLowerCase();
}

/** "May 12, 2026, 1:10:44 PM GMT-4" → ISO; unparsable text as it is. */
function readDate(cell: Element | undefined): string | undefined {
  const dt = datetimeIn(cell);
  const raw = dt ?? textOf(cell);
  if (!raw) return undefined;
  const cleaned = raw
    .replace(/[\u202f\u00a0]/g, ' ')
    .replace(
      /\b(GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/,
      (_m, _z: string, sign: string, h: string, m?: string) => `GMT${sign}${h.padStart(2, '0')}:${m ?? '00'}`,
    );
  const ms = parseTime(cleaned);
  return ms === undefined ? raw : isoTime(ms);
}

function docOf(root: ParentNode): Document | null {
  if ((root as Node).nodeType === 9) return root as Document;
  return (root as Node).ownerDocument ?? null;
}

/** The audit application of the page: URL, then title/heading, then columns. */
function appOf(root: ParentNode, grid: Grid): App | undefined {
  const doc = docOf(root);
  try {
    const m = doc?.URL ? PATH.exec(new URL(doc.URL).pathname) : null;
    if (m) return m[1] as App;
  } catch {
    // about:blank and the like: fall through.
  }
  const title =
    `${doc?.title ?? ''} ${textOf(root.querySelector('h1'))} ${grid.el.getAttribute('aria-label') ?? ''}`.toLowerCase();
  if (/\boauth\b|\btoken\b/.test(title)) return 'token';
  if (/\blogin\b/.test(title)) return 'login';
  if (/\badmin\b/.test(title)) return 'admin';
  const names = new Set(grid.columns.map((c) => c.name));
  if (names.has('client id') || names.has('scope') || names.has('app name')) return 'token';
  if (names.has('login type') || names.has('is suspicious')) return 'login';
  return undefined;
}

interface Param {
  name: string;
  value?: string;
  multiValue?: string[];
  boolValue?: boolean;
}

function readRow(row: Element, grid: Grid, app: App): PageRow | null {
  const cells = cellsByColumn(row, grid.columns);
  let date: Element | undefined;
  let label = '';
  let actor = '';
  let ip = '';
  const params: Param[] = [];
  const texts: string[] = [];
  for (const col of grid.columns) {
    const cell = cells.get(col.name);
    if (!cell) continue;
    const text = textOf(cell);
    texts.push(text);
    if (DATE_COLS.includes(col.name)) date = cell;
    else if (EVENT_COLS.includes(col.name)) label = text;
    else if (ACTOR_COLS.includes(col.name)) actor = text;
    else if (IP_COLS.includes(col.name)) ip = text;
    else if (!SKIP_COLS.has(col.name) && text !== '') {
      const spec = Object.prototype.hasOwnProperty.call(PARAMS, col.name)
        ? PARAMS[col.name]!
        : { name: snake(col.name).toLowerCase() };
      const name = app === 'admin' && spec.admin ? spec.admin : spec.name;
      if (!name || name === '__proto__') continue;
      if (spec.kind === 'multi')
        params.push({
          name,
          multiValue: textPieces(cell)
            .flatMap((t) => t.split(/[\s,]+/))
            .filter(Boolean),
        });
      else if (spec.kind === 'bool' && /^(true|false|yes|no)$/i.test(text))
        params.push({ name, boolValue: /^(true|yes)$/i.test(text) });
      else params.push({ name, value: text });
    }
  }
  if (!label) return null;
  const id = hashId('ws', [app, ...texts]);
  const activityId: Record<string, unknown> = { applicationName: app, uniqueQualifier: id };
  const time = readDate(date);
  if (time) activityId['time'] = time;
  const record: Record<string, unknown> = {
    kind: 'admin#reports#activity',
    id: activityId,
    actor: actor ? { email: actor } : {},
    events: [{ name: eventName(app, label), parameters: params }],
  };
  if (ip) record['ipAddress'] = ip;
  return { id, record };
}

function findTable(root: ParentNode): Grid | null {
  return findGridByHeaders(root, [DATE_COLS, EVENT_COLS]);
}

export const workspaceAudit: SiteReader = {
  id: 'workspace-audit',
  console: 'workspace',
  title: 'Google Workspace Admin audit (login, token, admin)',
  matches: ['https://admin.google.com/*'],

  matchesUrl(url: URL): boolean {
    return url.protocol === 'https:' && url.hostname === 'admin.google.com' && PATH.test(url.pathname);
  },

  read(root: ParentNode): ReadResult {
    try {
      const grid = findTable(root);
      if (!grid) {
        return {
          recognized: false,
          rows: [],
          note: 'No audit grid with "Date" and "Event" columns on this page yet (only the English UI is read).',
        };
      }
      const app = appOf(root, grid);
      if (!app)
        return {
          recognized: false,
          rows: [],
          note: 'Audit grid found, but not which log it shows (login, token or admin).',
        };
      return readGridRows(grid, (r) => readRow(r, grid, app), 'an event');
    } catch (err) {
      return { recognized: false, rows: [], note: `Workspace audit page could not be read: ${String(err)}` };
    }
  },

  anchor(root: ParentNode): Element | null {
    const grid = findTable(root);
    if (!grid) return null;
    return headerRowOf(grid);
  },

  rowElement(root: ParentNode, rowId: string): Element | null {
    const grid = findTable(root);
    if (!grid) return null;
    const app = appOf(root, grid);
    if (!app) return null;
    for (const r of bodyRows(grid.el)) if (readRow(r, grid, app)?.id === rowId) return r;
    return null;
  },
};
