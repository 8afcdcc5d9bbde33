/** The Okta admin console's readers: what entrypoints/okta.content.ts bundles (see ../index.ts). */
import type { SiteReader } from '../site-reader';
import { oktaSystemLog } from '../readers/okta-system-log';

export const OKTA_READERS: readonly SiteReader[] = [oktaSystemLog];
