/** GitHub's readers: what entrypoints/github.content.ts bundles (see ../index.ts). */
import type { SiteReader } from '../site-reader';
import { githubAuditLog } from '../readers/github-audit-log';

export const GITHUB_READERS: readonly SiteReader[] = [githubAuditLog];
