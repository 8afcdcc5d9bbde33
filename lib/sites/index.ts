/**
 * The registry of console page readers. A meta-test checks that every reader here has tests, a
 * replica page and a README line, and that every reader's URLs match no other reader.
 * Readers are added one line each (keep this list sorted by console).
 */
import type { SiteReader } from './site-reader';
import { awsCloudtrailEvents } from './readers/aws-cloudtrail-events';
import { entraSignins } from './readers/entra-signins';
import { entraAudit } from './readers/entra-audit';
import { azureActivity } from './readers/azure-activity';
import { gcpLogsExplorer } from './readers/gcp-logs-explorer';
import { oktaSystemLog } from './readers/okta-system-log';
import { workspaceAudit } from './readers/workspace-audit';
import { githubAuditLog } from './readers/github-audit-log';
import { selectedJson } from './readers/selected-json';

export const SITE_READERS: readonly SiteReader[] = [
  awsCloudtrailEvents,
  entraSignins,
  entraAudit,
  azureActivity,
  gcpLogsExplorer,
  oktaSystemLog,
  workspaceAudit,
  githubAuditLog,
  selectedJson,
];

/** The reader for a URL, if any. */
export function readerFor(url: URL): SiteReader | undefined {
  return SITE_READERS.find((r) => r.matchesUrl(url));
}

export type { SiteReader, PageRow, ReadResult } from './site-reader';
