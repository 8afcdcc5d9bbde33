/**
 * Microsoft Entra ID audit logs, on entra.microsoft.com and portal.azure.com: where consents to
 * applications, delegated / app-role grants and application or service-principal credential
 * changes show up.
 *
 * Where it runs: the top frame (`#view/Microsoft_AAD_IAM/AuditLogList.ReactView…`, the older
 * `AuditLogsBlade`, and the Entra menu blades' `~/Audit` section) AND the React-view iframes on
 * `*.reactblade.portal.azure.net` (`-ms`, `-rc`). The iframe URL does not say which blade it
 * shows, so `matchesUrl` is true for every such frame and `read()` recognises the audit grid by
 * its columns (Activity with Initiated by (actor) / Target(s) / Service / Category, and Date) —
 * `data-automation-key` first, header text second — and returns `recognized: false` for any other
 * grid. See shared/azure-portal.ts.
 *
 * Record shape: entra-audit has no CSV path, so each row becomes a Microsoft Graph
 * `directoryAudit`-like object built from the cells: `activityDateTime` (the grid's local en-US
 * date converted to ISO UTC), `activityDisplayName`, `category`, `loggedByService`, `result`
 * (lower case), `resultReason`, `correlationId`, `initiatedBy.user{userPrincipalName,
 * ipAddress}` when the actor cell is a UPN (contains `@`) else `initiatedBy.app{displayName}`,
 * one `targetResources[]` entry from the Target(s) cell (type inferred from the activity name),
 * and `additionalDetails` User-Agent. An open details pane adds Correlation ID, the actor's IP
 * address and UPN, User Agent and, from its Modified Properties grid (Property name / Old value /
 * New value), `targetResources[0].modifiedProperties` — which is what gives a consent its
 * scopes. Row id: the audit id cell when the grid shows one, else a hash of the cells (not the
 * Correlation ID: several audit events of one operation share it).
 *
 * Not verified against the live console: the real column keys, how several targets are listed
 * in one cell (kept as one target), and the details pane markup.
 */
import type { SiteReader } from '../site-reader';
import {
  gridAnchor,
  gridLog,
  gridRowElement,
  isPortalTop,
  isReactBladeFrame,
  portalRoute,
  PORTAL_TOP_MATCHES,
  readGridLog,
  REACTBLADE_MATCHES,
} from './shared/azure-portal';
import { findGrids, norm, portalDateToIso, readGrid, type ColumnSpec } from './shared/fluent-grid';

const COLUMNS: readonly ColumnSpec[] = [
  { out: 'Date', aliases: ['activityDateTime', 'Date (UTC)', 'Activity date time'] },
  { out: 'Service', aliases: ['loggedByService'] },
  { out: 'Category', aliases: ['category'] },
  { out: 'Activity', aliases: ['activityDisplayName', 'Activity Type', 'Activity name'] },
  { out: 'Status', aliases: ['result'] },
  { out: 'Status reason', aliases: ['resultReason'] },
  { out: 'Target(s)', aliases: ['Targets', 'Target', 'targetResources'] },
  { out: 'Initiated by (actor)', aliases: ['Initiated by', 'initiatedBy', 'Actor'] },
  { out: 'Correlation ID', aliases: ['correlationId'] },
  { out: 'User Agent', aliases: ['userAgent'] },
  { out: 'IP address', aliases: ['ipAddress'] },
  { out: 'User Principal Name', aliases: ['userPrincipalName', 'UPN'] },
  { out: 'Audit ID', aliases: ['Id', 'ID', 'auditId'] },
];

const SP_TARGET =
  /service principal|consent to application|app role assignment|delegated permission grant|oauth2permissiongrant/i;

function targetType(activity: string | undefined): string | undefined {
  if (!activity) return undefined;
  if (SP_TARGET.test(activity)) return 'ServicePrincipal';
  if (/application/i.test(activity)) return 'Application';
  if (/user/i.test(activity)) return 'User';
  if (/group/i.test(activity)) return 'Group';
  if (/policy/i.test(activity)) return 'Policy';
  return undefined;
}

function initiatedBy(
  actor: string | undefined,
  ip: string | undefined,
  upn: string | undefined,
): Record<string, unknown> | undefined {
  const u = upn ?? (actor && actor.includes('@') ? actor : undefined);
  if (u)
    return {
      user: {
        userPrincipalName: u,
        ...(actor && actor !== u ? { displayName: actor } : {}),
        ...(ip ? { ipAddress: ip } : {}),
      },
    };
  if (actor) return { app: { displayName: actor } };
  return undefined;
}

function toGraph(c: Record<string, string>): Record<string, unknown> {
  const rec: Record<string, unknown> = {
    activityDateTime: c['Date'] ? portalDateToIso(c['Date']) : undefined,
    activityDisplayName: c['Activity'],
  };
  if (c['Category']) rec.category = c['Category'];
  if (c['Service']) rec.loggedByService = c['Service'];
  if (c['Status']) rec.result = c['Status'].toLowerCase();
  if (c['Status reason']) rec.resultReason = c['Status reason'];
  if (c['Correlation ID']) rec.correlationId = c['Correlation ID'];
  if (c['Audit ID']) rec.id = c['Audit ID'];
  const by = initiatedBy(c['Initiated by (actor)'], c['IP address'], c['User Principal Name']);
  if (by) rec.initiatedBy = by;
  if (c['Target(s)']) rec.targetResources = [{ displayName: c['Target(s)'], type: targetType(c['Activity']) }];
  if (c['User Agent']) rec.additionalDetails = [{ key: 'User-Agent', value: c['User Agent'] }];
  return rec;
}

/** The pane's Modified Properties grid as Graph `modifiedProperties`. */
function modifiedProperties(pane: Element): { displayName: string; oldValue?: string; newValue?: string }[] {
  const out: { displayName: string; oldValue?: string; newValue?: string }[] = [];
  for (const g of findGrids(pane)) {
    const read = readGrid(g);
    const names = read.columns.map((c) => norm(c.key ?? '') + '|' + norm(c.name));
    if (!names.some((n) => n.includes('propertyname')) || !names.some((n) => n.includes('newvalue'))) continue;
    for (const r of read.rows) {
      let name: string | undefined;
      let oldV: string | undefined;
      let newV: string | undefined;
      for (const cell of r.cells) {
        const k = norm(cell.key ?? '') + '|' + norm(cell.header);
        if (k.includes('propertyname')) name = cell.text;
        else if (k.includes('oldvalue')) oldV = cell.text;
        else if (k.includes('newvalue')) newV = cell.text;
      }
      if (name)
        out.push({ displayName: name, ...(oldV ? { oldValue: oldV } : {}), ...(newV ? { newValue: newV } : {}) });
    }
  }
  return out;
}

const LOG = gridLog({
  idPrefix: 'entra-audit-row',
  columns: COLUMNS,
  what: 'an Entra audit log',
  idColumns: ['Audit ID'],
  accept(cols) {
    return (
      cols.has('Date') &&
      cols.has('Activity') &&
      (cols.has('Initiated by (actor)') || cols.has('Target(s)') || cols.has('Service') || cols.has('Category'))
    );
  },
  toRecord: (cells) => toGraph(cells),
  mergePane(rec, { el, fields }) {
    const cur: Record<string, unknown> = { ...rec };
    if (fields['Correlation ID'] && cur.correlationId === undefined) cur.correlationId = fields['Correlation ID'];
    if (fields['Status reason'] && cur.resultReason === undefined) cur.resultReason = fields['Status reason'];
    if (fields['User Agent'] && cur.additionalDetails === undefined)
      cur.additionalDetails = [{ key: 'User-Agent', value: fields['User Agent'] }];
    const ip = fields['IP address'];
    const upn = fields['User Principal Name'];
    const by = cur.initiatedBy as { user?: Record<string, unknown>; app?: Record<string, unknown> } | undefined;
    if (ip || upn) {
      const actorText = by?.user?.userPrincipalName ?? by?.app?.displayName;
      cur.initiatedBy = initiatedBy(
        typeof actorText === 'string' ? actorText : undefined,
        ip,
        upn ?? (by?.user?.userPrincipalName as string | undefined),
      );
    }
    const mods = modifiedProperties(el);
    if (mods.length) {
      const targets = Array.isArray(cur.targetResources)
        ? [...(cur.targetResources as Record<string, unknown>[])]
        : [{}];
      targets[0] = { ...targets[0], modifiedProperties: mods };
      cur.targetResources = targets;
    }
    return cur;
  },
});

const AUDIT_BLADE = /^(?:view|blade)\/Microsoft_AAD_IAM\/(?:AuditLogList\.ReactView|AuditLogsBlade)(?:[/?~]|$)/i;
const AUDIT_MENU = /^(?:view|blade)\/Microsoft_AAD_IAM\/[A-Za-z]+MenuBlade\/~\/Audit(?:[/?]|$)/i;

export const entraAudit: SiteReader = {
  id: 'entra-audit',
  console: 'azure',
  title: 'Microsoft Entra ID audit logs',
  matches: [...PORTAL_TOP_MATCHES, ...REACTBLADE_MATCHES],
  matchesUrl(url) {
    if (isReactBladeFrame(url)) return true;
    if (!isPortalTop(url)) return false;
    const route = portalRoute(url);
    return AUDIT_BLADE.test(route) || AUDIT_MENU.test(route);
  },
  read: (root) => readGridLog(LOG, root),
  anchor: (root) => gridAnchor(LOG, root),
  rowElement: (root, id) => gridRowElement(LOG, root, id),
};
