/** The Google Cloud console's readers: what entrypoints/gcp.content.ts bundles (see ../index.ts). */
import type { SiteReader } from '../site-reader';
import { gcpLogsExplorer } from '../readers/gcp-logs-explorer';

export const GCP_READERS: readonly SiteReader[] = [gcpLogsExplorer];
