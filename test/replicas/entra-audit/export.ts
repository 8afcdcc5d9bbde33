/**
 * The Entra admin center's own download of the replica's audit events (Audit logs → Download →
 * JSON: Microsoft Graph `directoryAudit` objects), written from the replica's rows (AUDIT_ROWS),
 * never from a reader's output. The portal's CSV download of audit logs is not read by the CLI
 * today (lib/sources/formats/entra-audit.ts has no CSV path), so the JSON one is the export the
 * reader-equivalence test (test/equivalence) compares with.
 */
import { AUDIT_ROWS, type AuditRow } from './app';

/** The target's Graph type, as the directory names it for each of the replica's activities. */
function targetType(activity: string): string {
  if (/service principal|consent/i.test(activity)) return 'ServicePrincipal';
  if (/application/i.test(activity)) return 'Application';
  return 'User';
}

export function directoryAudit(r: AuditRow, i: number): Record<string, unknown> {
  const user = r.actor.includes('@');
  return {
    id: `Directory_${r.correlationId}_${i}`,
    category: r.category,
    correlationId: r.correlationId,
    result: r.status.toLowerCase(),
    resultReason: r.statusReason,
    activityDisplayName: r.activity,
    activityDateTime: r.time,
    loggedByService: r.service,
    operationType: 'Update',
    initiatedBy: user
      ? { user: { userPrincipalName: r.actor, ipAddress: r.actorIp || null, displayName: null, id: null } }
      : { app: { displayName: r.actor, appId: null, servicePrincipalId: null, servicePrincipalName: null } },
    targetResources: [
      {
        displayName: r.target,
        type: targetType(r.activity),
        modifiedProperties: r.modified.map(([displayName, oldValue, newValue]) => ({
          displayName,
          oldValue,
          newValue,
        })),
      },
    ],
    additionalDetails: r.userAgent ? [{ key: 'User-Agent', value: r.userAgent }] : [],
  };
}

export function auditDownloadJson(rows: readonly AuditRow[] = AUDIT_ROWS): string {
  return JSON.stringify(rows.map(directoryAudit), null, 2) + '\n';
}
