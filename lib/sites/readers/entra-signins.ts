/**
 * Microsoft Entra ID sign-in logs, on entra.microsoft.com and portal.azure.com: the four tabs
 * (user sign-ins interactive / non-interactive, service principal, managed identity).
 *
 * Where it runs: the top frame (`#view/Microsoft_AAD_IAM/SignInLogsList.ReactView…`, the older
 * `SignInEventsV3Blade` / `SignInsEventsV2Blade` / `SignInEventsBlade`, and the Entra menu
 * blades' `~/SignIns` section) AND the React-view iframes on `*.reactblade.portal.azure.net`
 * (`-ms`, `-rc`), where the grid really is. The iframe URL does not say which blade it shows
 * (iframes are prewarmed and reused), so `matchesUrl` is true for every such frame and `read()`
 * recognises the sign-in grid by its columns — `data-automation-key` first (language
 * independent), header text second — and returns `recognized: false` for any other grid (audit
 * log, activity log, users…). See shared/azure-portal.ts.
 *
 * Grid: Fluent UI v8 DetailsList or v9 DataGrid (shared/fluent-grid.ts). Each row becomes the
 * record the portal's own CSV download would hold — keys are the CSV column titles ("Date
 * (UTC)", "Request ID", "Username", "IP address"…) — so entra-signin's portal-CSV path parses
 * it. The grid's Date is shown in the browser's local time; en-US text is converted to ISO UTC
 * with the same browser's clock. Which table a row is from is carried the way that CSV path reads
 * it: the selected tab (`[role=tab][aria-selected=true]`) or, failing that, the columns give
 * "Is Interactive" true/false for user sign-ins; service-principal rows keep their "Service
 * principal ID" (and no user columns); managed-identity rows get "Client credential type"
 * `managedIdentity` when the grid shows no "Managed identity type". Row id: the Request ID
 * cell, else the Correlation ID cell, else a hash of the cells. An open details pane (label /
 * value pairs) adds its fields to the row it names by Request ID, else to the selected row.
 *
 * Not verified against the live console: the real column keys (the aliases below cover Graph
 * property names and the English header titles), the details pane markup, whether the grid is
 * v8 or v9 today, and date formats other than en-US and ISO.
 */
import type { SiteReader } from '../site-reader';
import {
  isPortalTop,
  isReactBladeFrame,
  portalRoute,
  PORTAL_TOP_MATCHES,
  REACTBLADE_MATCHES,
  gridAnchor,
  gridLog,
  gridRowElement,
  readGridLog,
} from './shared/azure-portal';
import { norm, portalDateToIso, selectedTabText, type ColumnSpec } from './shared/fluent-grid';

const COLUMNS: readonly ColumnSpec[] = [
  {
    out: 'Date (UTC)',
    aliases: ['Date', 'createdDateTime', 'Created date time', 'Date (local)', 'Created date time (UTC)'],
  },
  { out: 'Request ID', aliases: ['requestId', 'id', 'Request Id'] },
  { out: 'Correlation ID', aliases: ['correlationId'] },
  { out: 'User', aliases: ['userDisplayName', 'User display name'] },
  { out: 'Username', aliases: ['userPrincipalName', 'User principal name', 'UPN'] },
  { out: 'User ID', aliases: ['userId', 'User object ID'] },
  { out: 'User type', aliases: ['userType'] },
  { out: 'Application', aliases: ['appDisplayName', 'Application name', 'App'] },
  { out: 'Application ID', aliases: ['appId', 'App ID'] },
  { out: 'Resource', aliases: ['resourceDisplayName', 'Resource name'] },
  { out: 'Resource ID', aliases: ['resourceId'] },
  { out: 'IP address', aliases: ['ipAddress', 'IP', 'Client IP address'] },
  { out: 'Location', aliases: ['location'] },
  { out: 'Status', aliases: ['status', 'Result'] },
  { out: 'Sign-in error code', aliases: ['errorCode', 'Error code'] },
  { out: 'Failure reason', aliases: ['failureReason'] },
  { out: 'Client app', aliases: ['clientAppUsed', 'Client app used'] },
  { out: 'User agent', aliases: ['userAgent'] },
  { out: 'Incoming token type', aliases: ['incomingTokenType'] },
  { out: 'Authentication Protocol', aliases: ['authenticationProtocol'] },
  { out: 'Authentication requirement', aliases: ['authenticationRequirement'] },
  { out: 'Multifactor authentication result', aliases: ['mfaResult'] },
  { out: 'Conditional Access', aliases: ['conditionalAccessStatus'] },
  { out: 'Autonomous system number', aliases: ['autonomousSystemNumber', 'ASN'] },
  { out: 'Session ID', aliases: ['sessionId'] },
  { out: 'Unique token identifier', aliases: ['uniqueTokenIdentifier'] },
  { out: 'Cross tenant access type', aliases: ['crossTenantAccessType'] },
  { out: 'Token issuer type', aliases: ['tokenIssuerType'] },
  { out: 'Original transfer method', aliases: ['originalTransferMethod'] },
  { out: 'Client credential type', aliases: ['clientCredentialType'] },
  { out: 'Service principal ID', aliases: ['servicePrincipalId', 'Managed identity ID', 'Managed Identity Id'] },
  { out: 'Service principal name', aliases: ['servicePrincipalName', 'Managed identity name'] },
  { out: 'Managed identity type', aliases: ['managedIdentityType'] },
  { out: 'Device ID', aliases: ['deviceId'] },
  { out: 'Browser', aliases: ['browser'] },
  { out: 'Operating System', aliases: ['operatingSystem'] },
  { out: 'Home tenant ID', aliases: ['homeTenantId'] },
  { out: 'Is Interactive', aliases: ['isInteractive', 'Interactive'] },
];

/** Columns only a sign-in grid has (with Date, three of these make it ours). */
const SIGNIN_MARKERS = [
  'Request ID',
  'IP address',
  'Application',
  'Username',
  'User',
  'Sign-in error code',
  'Service principal ID',
  'Service principal name',
  'Unique token identifier',
  'Session ID',
  'Incoming token type',
  'Conditional Access',
  'Location',
  'Resource',
];
const STRONG = [
  'Request ID',
  'IP address',
  'Application',
  'Sign-in error code',
  'Service principal ID',
  'Unique token identifier',
  'Conditional Access',
];

export type SignInTable = 'interactive' | 'non-interactive' | 'service-principal' | 'managed-identity';

/** The sign-in table a tab title names, by its words (v8 Pivot / v9 TabList). */
export function tableOfTab(title: string | undefined): SignInTable | undefined {
  if (!title) return undefined;
  const t = norm(title);
  if (t.includes('noninteractive')) return 'non-interactive';
  if (t.includes('serviceprincipal')) return 'service-principal';
  if (t.includes('managedidentit')) return 'managed-identity';
  if (t.includes('interactive')) return 'interactive';
  return undefined;
}

function tableOf(root: ParentNode, cols: ReadonlySet<string>): SignInTable | undefined {
  for (const tab of Array.from(root.querySelectorAll('[role="tab"][aria-selected="true"]'))) {
    const t = tableOfTab(tab.textContent ?? undefined);
    if (t) return t;
  }
  const fallback = tableOfTab(selectedTabText(root));
  if (fallback) return fallback;
  if (cols.has('Managed identity type')) return 'managed-identity';
  if (cols.has('Service principal ID') && !cols.has('Username') && !cols.has('User')) return 'service-principal';
  return undefined;
}

function withTable(rec: Record<string, unknown>, table: SignInTable | undefined): Record<string, unknown> {
  if (table === 'interactive' || table === 'non-interactive') {
    if (rec['Is Interactive'] === undefined) rec['Is Interactive'] = table === 'interactive' ? 'true' : 'false';
  } else if (table === 'managed-identity') {
    if (rec['Managed identity type'] === undefined && rec['Client credential type'] === undefined)
      rec['Client credential type'] = 'managedIdentity';
  }
  return rec;
}

const LOG = gridLog({
  idPrefix: 'entra-signin-row',
  columns: COLUMNS,
  what: 'an Entra sign-in log',
  idColumns: ['Request ID', 'Correlation ID'],
  accept(cols) {
    if (!cols.has('Date (UTC)')) return false;
    let n = 0;
    for (const m of SIGNIN_MARKERS) if (cols.has(m)) n += 1;
    return n >= 3 && STRONG.some((s) => cols.has(s));
  },
  toRecord(cells, { root, cols }) {
    const rec: Record<string, unknown> = { ...cells };
    const d = cells['Date (UTC)'];
    if (d) rec['Date (UTC)'] = portalDateToIso(d);
    return withTable(rec, tableOf(root, cols));
  },
  mergePane(rec, { fields }) {
    const out: Record<string, unknown> = { ...rec };
    for (const [k, v] of Object.entries(fields)) {
      if (out[k] === undefined) out[k] = k === 'Date (UTC)' ? portalDateToIso(v) : v;
    }
    return out;
  },
});

const SIGNIN_BLADE =
  /^(?:view|blade)\/Microsoft_AAD_IAM\/(?:SignInLogsList\.ReactView|SignInEventsV3Blade|SignInsEventsV2Blade|SignInEventsBlade)(?:[/?~]|$)/i;
const SIGNIN_MENU = /^(?:view|blade)\/Microsoft_AAD_IAM\/[A-Za-z]+MenuBlade\/~\/SignIns(?:[/?]|$)/i;

export const entraSignins: SiteReader = {
  id: 'entra-signins',
  console: 'azure',
  title: 'Microsoft Entra ID sign-in logs',
  matches: [...PORTAL_TOP_MATCHES, ...REACTBLADE_MATCHES],
  matchesUrl(url) {
    if (isReactBladeFrame(url)) return true;
    if (!isPortalTop(url)) return false;
    const route = portalRoute(url);
    return SIGNIN_BLADE.test(route) || SIGNIN_MENU.test(route);
  },
  read: (root) => readGridLog(LOG, root),
  anchor: (root) => gridAnchor(LOG, root),
  rowElement: (root, id) => gridRowElement(LOG, root, id),
};
