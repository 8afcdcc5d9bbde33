/**
 * The registry of indicators, in the order of DESIGN.md's catalogue. A meta-test
 * (test/registry.test.ts) checks it against INDICATOR_IDS, the files in this folder, their tests
 * and the README.
 */
import type { Indicator } from '../types';
import { newSource } from './new-source';
import { tokenMultiSource } from './token-multi-source';
import { workloadCredentialOffsite } from './workload-credential-offsite';
import { riskyNetwork } from './risky-network';
import { geoAnomaly } from './geo-anomaly';
import { unusualTime } from './unusual-time';
import { massApiAccess } from './mass-api-access';
import { privilegedWithToken } from './privileged-with-token';
import { tokenMinting } from './token-minting';
import { broaderPermissions } from './broader-permissions';
import { failuresThenSuccess } from './failures-then-success';
import { oauthConsent } from './oauth-consent';
import { newAuthMaterial } from './new-auth-material';
import { suspiciousClient } from './suspicious-client';
import { multiAccount } from './multi-account';
import { consoleFromProgrammatic } from './console-from-programmatic';
import { refreshTokenAbuse } from './refresh-token-abuse';
import { vendorRisk } from './vendor-risk';

export const INDICATORS: readonly Indicator[] = [
  newSource,
  tokenMultiSource,
  workloadCredentialOffsite,
  riskyNetwork,
  geoAnomaly,
  unusualTime,
  massApiAccess,
  privilegedWithToken,
  tokenMinting,
  broaderPermissions,
  failuresThenSuccess,
  oauthConsent,
  newAuthMaterial,
  suspiciousClient,
  multiAccount,
  consoleFromProgrammatic,
  refreshTokenAbuse,
  vendorRisk,
] as readonly Indicator[];
