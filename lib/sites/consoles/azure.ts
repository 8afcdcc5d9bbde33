/**
 * The Azure portal / Entra admin center readers: what entrypoints/azure.content.ts (top frame)
 * and entrypoints/reactblade.content.ts (the React-view iframes) bundle (see ../index.ts).
 */
import type { SiteReader } from '../site-reader';
import { entraSignins } from '../readers/entra-signins';
import { entraAudit } from '../readers/entra-audit';
import { azureActivity } from '../readers/azure-activity';

export const AZURE_READERS: readonly SiteReader[] = [entraSignins, entraAudit, azureActivity];
