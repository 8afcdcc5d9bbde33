/**
 * Token-minting and credential-exchange calls (docs/detections.md, 'token-minting'),
 * shared by token-minting, broader-permissions and console-from-programmatic.
 */
import type { TokenEvent } from '../../../model/token-event';

/** AWS STS / sign-in calls that hand out new credentials (sts.amazonaws.com, signin.amazonaws.com). */
const AWS_MINTING_CALLS = [
  'GetSessionToken',
  'GetFederationToken',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetSigninToken',
] as const;

/**
 * AWS IAM Identity Center OIDC token issue (`sso:CreateToken`, Panther Retrieve.SSO.access.token). CloudTrail names the OIDC
 * service `sso-oauth.amazonaws.com` (EventBridge reference "AWS IAM Identity Center events");
 * older records and rule tests use `sso.amazonaws.com`.
 */
const AWS_SSO_TOKEN_CALL = 'CreateToken';
/** The access-portal call that turns an IAM Identity Center token into role credentials (sso.amazonaws.com). */
const AWS_SSO_ROLE_CREDENTIALS_CALL = 'GetRoleCredentials';
const AWS_SSO_SERVICES = ['sso.amazonaws.com', 'sso-oidc.amazonaws.com', 'sso-oauth.amazonaws.com'] as const;

/** GCP iamcredentials.googleapis.com methods (Stratus Red Team gcp.privilege-escalation.impersonate-service-accounts;
 * Panther GCP.IAM.serviceAccounts.getAccessToken / signJwt / signBlob; Sentinel "GCP IAM - New
 * Authentication Token for Service Account"). */
const GCP_MINTING_METHODS = ['GenerateAccessToken', 'GenerateIdToken', 'SignJwt', 'SignBlob'] as const;
const GCP_MINTING_SERVICE = 'iamcredentials.googleapis.com';
/** Workload identity federation token exchange (sts.googleapis.com). */
const GCP_EXCHANGE_METHOD = 'ExchangeToken';
const GCP_EXCHANGE_SERVICE = 'sts.googleapis.com';

/** Okta token grants; minting only with the client_credentials grant (Elastic "Unauthorized Scope for Public
 * App OAuth2 Token Grant with Client Credentials", Okta `app.oauth2.as.token.grant*`). */
const OKTA_TOKEN_GRANT_EVENTS = [
  'app.oauth2.as.token.grant',
  'app.oauth2.as.token.grant.access_token',
  'app.oauth2.token.grant',
  'app.oauth2.token.grant.access_token',
] as const;
const CLIENT_CREDENTIALS_GRANT = 'client_credentials';

/**
 * User agents of the AWS SSO (IAM Identity Center) portal, which calls GetSigninToken for every
 * console sign-in: `Jersey/${project.version}` (Sigma "AWS Console GetSigninToken Potential Abuse",
 * Elastic "AWS Sign-In Token Created"; docs/detections.md, 'console-from-programmatic').
 */
export const SSO_PORTAL_USER_AGENT_PREFIXES = ['Jersey/'] as const;

const AWS_SET = new Set<string>(AWS_MINTING_CALLS);
const GCP_SET = new Set<string>(GCP_MINTING_METHODS);
const OKTA_SET = new Set<string>(OKTA_TOKEN_GRANT_EVENTS);

/** The minting call an event is (`AssumeRole`, `CreateToken`, `GenerateAccessToken`, …), or undefined. */
export function mintingCallOf(e: TokenEvent): string | undefined {
  const name = e.action.name;
  const svc = e.action.service?.toLowerCase();
  switch (e.provider) {
    case 'aws':
      if (AWS_SET.has(name)) return name;
      if (
        (name === AWS_SSO_TOKEN_CALL || name === AWS_SSO_ROLE_CREDENTIALS_CALL) &&
        svc &&
        (AWS_SSO_SERVICES as readonly string[]).includes(svc)
      )
        return name;
      return undefined;
    case 'gcp': {
      const bare = name.slice(name.lastIndexOf('.') + 1);
      if (GCP_SET.has(bare) && (!svc || svc === GCP_MINTING_SERVICE)) return bare;
      if (bare === GCP_EXCHANGE_METHOD && (!svc || svc === GCP_EXCHANGE_SERVICE)) return bare;
      return undefined;
    }
    case 'okta':
      if (OKTA_SET.has(name) && e.app?.grantType?.toLowerCase() === CLIENT_CREDENTIALS_GRANT) return name;
      return undefined;
    default:
      return undefined;
  }
}

/** An AWS service acted on the identity's behalf (userIdentity.invokedBy, or the AWSService actor). */
export function isServiceInvoked(e: TokenEvent): boolean {
  if (e.actor.kind === 'service') return true;
  const by = e.details?.['invokedBy'];
  return typeof by === 'string' && by.length > 0;
}

export function isSsoPortalUserAgent(
  ua: string | undefined,
  prefixes: readonly string[] = SSO_PORTAL_USER_AGENT_PREFIXES,
): boolean {
  if (!ua) return false;
  const t = ua.trim();
  return prefixes.some((p) => t.startsWith(p));
}

/**
 * IAM Identity Center device-code clients that are AWS's own (user-agent substrings): the AWS CLI
 * (`aws sso login`) and the AWS Toolkit for VS Code / JetBrains.
 */
export const SSO_DEVICE_CODE_CLIENTS = ['aws-cli/', 'AWS-Toolkit', 'AWSToolkit'] as const;

/** What each GCP iamcredentials method hands out, in words for a finding. */
export const GCP_MINTED_WORDS: Readonly<Record<string, string>> = {
  GenerateAccessToken: 'obtained an access token',
  GenerateIdToken: 'obtained an ID token',
  SignJwt: 'had Google sign a JWT',
  SignBlob: 'had Google sign data',
};

/** `serviceAccount:a@p.iam.gserviceaccount.com` and `A@p.iam.gserviceaccount.com` name the same account. */
export function sameServiceAccount(a: string, b: string): boolean {
  const bare = (x: string) =>
    x
      .replace(/^serviceAccount:/i, '')
      .trim()
      .toLowerCase();
  return bare(a) === bare(b);
}
