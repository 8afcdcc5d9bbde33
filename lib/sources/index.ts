/**
 * The registry of log formats. Order matters only for records two formats could both claim:
 * more specific shapes come first. A meta-test (test/registry.test.ts) checks that every
 * format here has tests, a fixture and a row in docs/formats.md.
 */
import type { SourceFormat } from './source-format';
import { cloudtrail } from './formats/cloudtrail';
import { guardduty } from './formats/guardduty';
import { gcpAudit } from './formats/gcp-audit';
import { entraSignin } from './formats/entra-signin';
import { entraAudit } from './formats/entra-audit';
import { azureActivity } from './formats/azure-activity';
import { m365Audit } from './formats/m365-audit';
import { oktaSystem } from './formats/okta-system';
import { workspaceReports } from './formats/workspace-reports';
import { githubAudit } from './formats/github-audit';
import { githubWebhook } from './formats/github-webhook';

export const SOURCE_FORMATS: readonly SourceFormat[] = [
  guardduty,
  cloudtrail,
  gcpAudit,
  entraSignin,
  entraAudit,
  azureActivity,
  m365Audit,
  oktaSystem,
  workspaceReports,
  githubAudit,
  githubWebhook,
];

export type { SourceFormat } from './source-format';
