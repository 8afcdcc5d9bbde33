/**
 * The Entra admin center's own download of the replica's sign-ins (Sign-in logs → Download →
 * CSV), one file per tab as the portal writes them (InteractiveSignIns_…csv,
 * NonInteractiveSignIns_…csv, ServicePrincipalSignIns_…csv, MSISignIns_…csv), written from the
 * replica's rows (SIGNIN_ROWS), never from a reader's output. The column titles are the
 * download's own; a column whose value the replica's story does not hold is left empty, as the
 * portal leaves it. For the reader-equivalence tests (test/equivalence).
 */
import { SIGNIN_ROWS, type SignInRow, type Tab } from './app';

/** The user sign-in download's columns (interactive and non-interactive), in the portal's order. */
export const USER_CSV_COLUMNS = [
  'Date (UTC)',
  'Request ID',
  'User agent',
  'Correlation ID',
  'User ID',
  'User',
  'Username',
  'User type',
  'Cross tenant access type',
  'Incoming token type',
  'Authentication Protocol',
  'Unique token identifier',
  'Original transfer method',
  'Client credential type',
  'Application',
  'Application ID',
  'Resource',
  'Resource ID',
  'Resource tenant ID',
  'Home tenant ID',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
  'Client app',
  'Device ID',
  'Browser',
  'Operating System',
  'Compliant',
  'Managed',
  'Join Type',
  'Multifactor authentication result',
  'Authentication requirement',
  'Session ID',
  'Autonomous system number',
  'Token issuer type',
  'Conditional Access',
  'Is Interactive',
] as const;

/**
 * The user columns without "Is Interactive": a download that says which table it is only by its
 * file name (NonInteractiveSignIns_…csv). The CLI does not read the table from the file name.
 */
export const USER_CSV_COLUMNS_NO_TABLE = USER_CSV_COLUMNS.filter((c) => c !== 'Is Interactive');

export const SP_CSV_COLUMNS = [
  'Date (UTC)',
  'Request ID',
  'Correlation ID',
  'Service principal ID',
  'Service principal name',
  'Application',
  'Application ID',
  'Resource',
  'Resource ID',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
  'Client credential type',
  'Conditional Access',
  'Autonomous system number',
] as const;

export const MI_CSV_COLUMNS = [
  'Date (UTC)',
  'Request ID',
  'Correlation ID',
  'Managed Identity type',
  'Service principal ID',
  'Service principal name',
  'Application',
  'Application ID',
  'Resource',
  'Resource ID',
  'IP address',
  'Location',
  'Status',
  'Sign-in error code',
  'Failure reason',
  'Conditional Access',
] as const;

export const FILE_OF_TAB: Record<Tab, string> = {
  interactive: 'InteractiveSignIns_2026-11-09_2026-11-10.csv',
  'non-interactive': 'NonInteractiveSignIns_2026-11-09_2026-11-10.csv',
  'service-principal': 'ServicePrincipalSignIns_2026-11-09_2026-11-10.csv',
  'managed-identity': 'MSISignIns_2026-11-09_2026-11-10.csv',
};

export function columnsOfTab(tab: Tab): readonly string[] {
  return tab === 'service-principal' ? SP_CSV_COLUMNS : tab === 'managed-identity' ? MI_CSV_COLUMNS : USER_CSV_COLUMNS;
}

/** One row of the download: ISO UTC time, the portal's values. */
export function downloadRow(r: SignInRow): Record<string, string> {
  const user = r.tab === 'interactive' || r.tab === 'non-interactive';
  return {
    'Date (UTC)': r.time,
    'Request ID': r.requestId,
    'User agent': r.userAgent,
    ...(user
      ? { User: r.user ?? '', Username: r.upn ?? '', 'User type': 'Member', 'Is Interactive': String(r.interactive) }
      : {}),
    ...(!user ? { 'Service principal ID': r.spId ?? '', 'Service principal name': r.spName ?? '' } : {}),
    ...(r.tab === 'managed-identity' ? { 'Managed Identity type': r.miType ?? '' } : {}),
    ...(r.tab === 'service-principal' ? { 'Client credential type': 'clientSecret' } : {}),
    'Incoming token type': r.incoming,
    'Unique token identifier': r.uti,
    Application: r.app,
    'Application ID': r.appId,
    Resource: r.resource,
    'IP address': r.ip,
    Location: r.location,
    Status: r.status,
    'Sign-in error code': r.errorCode,
    'Client app': r.clientApp,
    'Session ID': r.sessionId,
    'Autonomous system number': r.asn,
  };
}

/** The rows of one tab's download. */
export function tabRows(tab: Tab, rows: readonly SignInRow[] = SIGNIN_ROWS): Record<string, string>[] {
  return rows.filter((r) => r.tab === tab).map(downloadRow);
}
