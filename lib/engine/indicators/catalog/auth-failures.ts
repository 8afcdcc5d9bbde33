/**
 * What counts as a failed access attempt: authentication failures (bad password, locked, bad
 * or revoked token, bad client) and authorization denials, per provider's codes and reasons.
 * Shared by failures-then-success (failures before a success) and multi-account (password spray).
 * Entra/M365/Azure interrupts (MFA required, KMSI, silent SSO) are not failures, so those
 * providers use the code lists only, and a `UserLoginFailed` carrying one of the codes below is
 * no failure either: token refreshes that hit an expired session or refresh token, sign-in
 * frequency re-prompts, MFA and device prompts, password-reset interrupts. Microsoft Sentinel's
 * "Failed login attempts to Azure Portal" (template 223db5c1-1bf8-47d8-8806-bed401b356a4) drops
 * 50125, 50140, 70044 and 70043 for the same reason; the rest are from Microsoft's AADSTS error
 * code reference (50074/50076 strong authentication required, 50097 device authentication
 * required, 50133 session invalid after expiry or password change, 700082/70008 refresh token
 * expired through inactivity, 50058 silent sign-in without a session, 50072/50079 MFA
 * registration). Expired and revoked refresh tokens are refresh-token-abuse's to judge.
 */
import type { TokenEvent } from '../../../model/token-event';

/** Error codes / reasons that mean "authentication failed" (case-insensitive match on outcome.code or reason). */
export const AUTH_FAILURE_CODES: readonly string[] = [
  // AWS CloudTrail (Sigma "Failed authentication"; Elastic root brute force; Splunk AWS failed-authentication rules)
  'Failed authentication',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'AuthFailure',
  // Entra ID / M365 (Elastic "Entra ID User Sign-in Brute Force Attempted" list, less the refresh and re-prompt codes below: 50126 bad password, 50053 locked…)
  '50034',
  '50053',
  '50055',
  '50056',
  '50057',
  '50064',
  '50126',
  '50105',
  '70000',
  'UserLoginFailed',
  // Okta (okta/customer-detections OAuth Mismatched Redirect URI; Elastic public-client grant and password-spray rules)
  'INVALID_CREDENTIALS',
  'LOCKED_OUT',
  'VERIFICATION_ERROR',
  'no_matching_scope',
  'mismatched_redirect_uri',
  'invalid_client',
  // GCP: 16 UNAUTHENTICATED
  '16',
];

/** Codes that mean "authenticated but denied" (Splunk AWS IAM AccessDenied Discovery Events ≥ 5/h; Sentinel
 * failed AssumeRole; GCP status 7 as in Stratus Red Team's failed impersonation). */
export const DENIED_CODES: readonly string[] = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'UnauthorizedAccess',
  'Forbidden',
  '403',
  '7',
  'PERMISSION_DENIED',
  'AuthorizationFailed',
];

/** Entra codes that are a session or token running out, or a prompt, not a failed attempt (see the header). */
export const ENTRA_NOT_FAILURE_CODES: readonly string[] = [
  '50058',
  '50072',
  '50074',
  '50076',
  '50079',
  '50097',
  '50125',
  '50133',
  '50140',
  '70008',
  '70043',
  '70044',
  '700082',
];

/** Action names that are failures by themselves (Workspace login_failure, M365 UserLoginFailed). */
const FAILURE_ACTIONS = /^(login_failure|UserLoginFailed)$/i;
/** Providers whose non-success auth outcomes include interrupts: use the code list only. */
const CODE_LIST_ONLY = new Set(['entra', 'm365', 'azure']);

const authSet = new Set(AUTH_FAILURE_CODES.map((c) => c.toLowerCase()));
const deniedSet = new Set(DENIED_CODES.map((c) => c.toLowerCase()));
const notFailureSet = new Set(ENTRA_NOT_FAILURE_CODES);

export type FailureKind = 'auth' | 'denied';

/** What kind of failure an event is, if any. */
export function failureKind(e: TokenEvent): FailureKind | undefined {
  if (CODE_LIST_ONLY.has(e.provider) && e.outcome.code && notFailureSet.has(e.outcome.code.replace(/^AADSTS/i, '')))
    return undefined;
  if (FAILURE_ACTIONS.test(e.action.name)) return 'auth';
  if (e.outcome.success) return undefined;
  const code = e.outcome.code?.toLowerCase();
  const reason = e.outcome.reason?.toLowerCase();
  if ((code && authSet.has(code)) || (reason && authSet.has(reason))) return 'auth';
  if ((code && deniedSet.has(code)) || (reason && deniedSet.has(reason))) return 'denied';
  if (CODE_LIST_ONLY.has(e.provider)) return undefined;
  if (e.class === 'authentication' || e.action.verb === 'auth') return 'auth';
  if (/denied|forbidden|unauthori[sz]ed|permission/i.test(`${e.outcome.code ?? ''} ${e.outcome.reason ?? ''}`))
    return 'denied';
  return undefined;
}
