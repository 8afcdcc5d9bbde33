/**
 * Azure Activity log (control-plane operations on subscriptions), on portal.azure.com.
 *
 * Where it runs: the top frame (`#view/Microsoft_Azure_Monitoring/AzureMonitoringBrowseBlade/~/
 * activityLog`, `#blade/Microsoft_Azure_ActivityLog/ActivityLogBlade` and its `#view/` form, and a
 * resource's own `…/resource/<id>/activitylog` menu item) AND the React-view iframes on
 * `*.reactblade.portal.azure.net` (`-ms`, `-rc`), because no public source could
 * tell whether this blade is a React view (iframe) or a template blade (top document): both are
 * read. The iframe URL does not say which blade it shows, so `matchesUrl` is true for every
 * such frame and `read()` recognises the activity grid by its columns (Operation name with Time
 * stamp or Event initiated by) — `data-automation-key` first, header text second — and returns
 * `recognized: false` for any other grid. See shared/azure-portal.ts.
 *
 * Record shape: azure-activity has no CSV path, so each row becomes an Activity Log REST-like
 * event (the shape of the portal's JSON download) built from the cells: `operationName{value,
 * localizedValue}` (the grid shows the localized name, e.g. "Create role assignment", used for
 * both), `status{value}`, `eventTimestamp` (the Time stamp cell — `Date#toString` text or en-US —
 * as ISO UTC; the relative "Time" column is not read), `caller` (Event initiated by),
 * `subscriptionId` when the Subscription cell is a GUID, `resourceId`/`resourceGroupName`,
 * `category{value}`, `correlationId`, `eventDataId`, `httpRequest.clientIpAddress`. When the
 * details pane shows the event's JSON (its JSON tab, as text) and it has an `operationName`,
 * that full event replaces the row's record (real operation id, claims with the token's uti);
 * else the pane's label/value pairs fill missing fields. Row id: the Event data ID cell when
 * shown, else a hash of the cells (several events of one operation share a correlation id).
 *
 * Not verified against the live console: whether the grid is in the top document or an iframe,
 * v8 or v9, its column keys, the JSON tab's markup (a Monaco editor would not be read as text).
 */
import type { SiteReader } from '../site-reader';
import {
  gridAnchor,
  gridLog,
  gridRowElement,
  isPortalTop,
  isReactBladeFrame,
  portalRoute,
  readGridLog,
  REACTBLADE_MATCHES,
} from './shared/azure-portal';
import { portalDateToIso, type ColumnSpec } from './shared/fluent-grid';

const COLUMNS: readonly ColumnSpec[] = [
  { out: 'Operation name', aliases: ['operationName', 'Operation'] },
  { out: 'Status', aliases: ['status'] },
  { out: 'Time stamp', aliases: ['Timestamp', 'eventTimestamp', 'Event timestamp'] },
  { out: 'Subscription', aliases: ['subscriptionId', 'Subscription ID'] },
  { out: 'Event initiated by', aliases: ['caller', 'Initiated by'] },
  { out: 'Resource group', aliases: ['resourceGroupName', 'resourceGroup'] },
  { out: 'Resource', aliases: ['resourceId', 'Resource ID'] },
  { out: 'Resource type', aliases: ['resourceType'] },
  { out: 'Event category', aliases: ['category'] },
  { out: 'Level', aliases: ['level'] },
  { out: 'Correlation ID', aliases: ['correlationId'] },
  { out: 'Event data ID', aliases: ['eventDataId'] },
  { out: 'Caller IP address', aliases: ['callerIpAddress', 'clientIpAddress', 'IP address'] },
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "Mon Nov 09 2026 10:12:00 GMT+0100 (Central European Standard Time)" or en-US → ISO UTC. */
export function activityTimeToIso(s: string): string {
  const local = portalDateToIso(s);
  if (local !== s) return local;
  const cleaned = s.replace(/\s*\([^)]*\)\s*$/, '').trim();
  if (/GMT[+-]\d{4}$|GMT$|UTC$/.test(cleaned) && /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d{4} /.test(cleaned)) {
    const t = Date.parse(cleaned);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  return s;
}

function put(rec: Record<string, unknown>, c: Record<string, string>): void {
  const op = c['Operation name'];
  if (op && rec.operationName === undefined) rec.operationName = { value: op, localizedValue: op };
  if (c['Status'] && rec.status === undefined) rec.status = { value: c['Status'], localizedValue: c['Status'] };
  if (c['Time stamp'] && rec.eventTimestamp === undefined) rec.eventTimestamp = activityTimeToIso(c['Time stamp']);
  if (c['Event initiated by'] && rec.caller === undefined) rec.caller = c['Event initiated by'];
  const sub = c['Subscription'];
  if (sub && GUID.test(sub) && rec.subscriptionId === undefined) rec.subscriptionId = sub;
  const res = c['Resource'];
  if (res && res.startsWith('/') && rec.resourceId === undefined) rec.resourceId = res;
  if (c['Resource group'] && rec.resourceGroupName === undefined) rec.resourceGroupName = c['Resource group'];
  if (c['Resource type'] && rec.resourceType === undefined) rec.resourceType = { value: c['Resource type'] };
  if (c['Event category'] && rec.category === undefined) rec.category = { value: c['Event category'] };
  if (c['Level'] && rec.level === undefined) rec.level = c['Level'];
  if (c['Correlation ID'] && rec.correlationId === undefined) rec.correlationId = c['Correlation ID'];
  if (c['Event data ID'] && rec.eventDataId === undefined) rec.eventDataId = c['Event data ID'];
  if (c['Caller IP address'] && rec.httpRequest === undefined)
    rec.httpRequest = { clientIpAddress: c['Caller IP address'] };
}

const LOG = gridLog({
  idPrefix: 'azure-activity-row',
  columns: COLUMNS,
  what: 'an Azure Activity log',
  idColumns: ['Event data ID'],
  accept(cols) {
    return cols.has('Operation name') && (cols.has('Time stamp') || cols.has('Event initiated by'));
  },
  toRecord(cells) {
    const rec: Record<string, unknown> = {};
    put(rec, cells);
    return rec;
  },
  mergePane(rec, { fields, json }) {
    if (json && json.operationName !== undefined) return json;
    const out: Record<string, unknown> = { ...rec };
    put(out, fields);
    return out;
  },
});

const ACTIVITY_ROUTES = [
  /^(?:view|blade)\/Microsoft_Azure_Monitoring\/AzureMonitoringBrowseBlade\/~\/activityLog(?:[/?]|$)/i,
  /^(?:view|blade)\/Microsoft_Azure_ActivityLog\/ActivityLogBlade(?:[/?~]|$)/i,
  /^resource\/subscriptions\/[^?#]+\/activitylog(?:[/?]|$)/i,
];

export const azureActivity: SiteReader = {
  id: 'azure-activity',
  console: 'azure',
  title: 'Azure Activity log',
  matches: ['https://portal.azure.com/*', 'https://*.portal.azure.com/*', ...REACTBLADE_MATCHES],
  matchesUrl(url) {
    if (isReactBladeFrame(url)) return true;
    if (!isPortalTop(url, 'portal-only')) return false;
    const route = portalRoute(url);
    return ACTIVITY_ROUTES.some((r) => r.test(route));
  },
  read: (root) => readGridLog(LOG, root),
  anchor: (root) => gridAnchor(LOG, root),
  rowElement: (root, id) => gridRowElement(LOG, root, id),
};
