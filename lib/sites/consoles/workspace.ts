/** The Google Workspace Admin console's readers: what entrypoints/workspace.content.ts bundles (see ../index.ts). */
import type { SiteReader } from '../site-reader';
import { workspaceAudit } from '../readers/workspace-audit';

export const WORKSPACE_READERS: readonly SiteReader[] = [workspaceAudit];
