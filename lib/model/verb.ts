/**
 * Coarse verb class of an action name, shared by every source so mass-access and privilege
 * weighting mean the same thing across providers. Works on CloudTrail eventNames
 * (`ListBuckets`), Azure operations (`Microsoft.Authorization/roleAssignments/write`), GCP
 * methods (`google.iam.admin.v1.CreateServiceAccountKey`), Okta/GitHub dotted event types
 * (`user.session.start`, `repo.create`) and Workspace/M365 names (`authorize`, `FileDownloaded`).
 */
import type { VerbClass } from './token-event';

/** Actions that change who can do what: identity, roles, policies, keys, credentials, trust. */
const PRIVILEGED = [
  /^(iam|sts)\b/i,
  /(^|[./_])(Attach|Detach|Put)(User|Role|Group)Policy/,
  /^(Create|Update|Delete)(AccessKey|LoginProfile|User|Role|Policy|PolicyVersion|SAMLProvider|OpenIDConnectProvider|ServiceAccountKey|ServiceAccount)$/,
  /^(UpdateAssumeRolePolicy|AddUserToGroup|SetDefaultPolicyVersion|PassRole|AssumeRoot)$/,
  /SetIamPolicy$/i,
  new RegExp(
    'roleAssignments/write|roleDefinitions/write|elevateAccess|federatedIdentityCredentials/write' +
      '|listKeys/action|listCredentials|/secrets/(read|getSecret)',
    'i',
  ),
  /privilege\.grant|api_token\.create|user\.account\.privilege|role\.(create|update)|policy\.rule\.(add|update)|application\.(lifecycle\.)?create/i,
  /(Add|Update).*(credential|member to role|owner|app role assignment|delegated permission)|Consent to application/i,
  new RegExp(
    '^(org\\.(add_member|update_member|disable_oauth_app_restrictions)|personal_access_token\\.|oauth_access\\.create' +
      '|public_key\\.create|integration_installation\\.create|repo\\.access|org_credential_authorization)',
  ),
  /AUTHORIZE_API_CLIENT_ACCESS|ASSIGN_ROLE|GRANT_ADMIN_PRIVILEGE|ADD_PRIVILEGE|CREATE_ROLE/,
];

const AUTH =
  /(^|\.)(session\.start|authentication|sso|login|logout|signin)|ConsoleLogin|UserLoggedIn|UserLoginFailed|^login_|GetSigninToken|SignIn/i;

export function classifyVerb(name: string, service?: string): VerbClass {
  if (AUTH.test(name)) return 'auth';
  const svc = service ?? '';
  const bare = lastSegment(name);
  if (
    PRIVILEGED.some((re) => re.test(name) || re.test(bare)) ||
    (/^iam\.amazonaws\.com$/.test(svc) && !/^(Get|List)/.test(bare))
  ) {
    return 'privileged';
  }
  // Azure resource operations end with the verb.
  const azure = /\/(read|write|delete|action)$/i.exec(name);
  if (azure) {
    const v = azure[1]!.toLowerCase();
    return v === 'read' ? 'read' : v === 'delete' ? 'delete' : 'write';
  }
  if (/^(List|Describe|Search|Lookup|Scan|Query|Enumerate|BatchGet)/i.test(bare) || /(^|\.)(list|search)$/i.test(name))
    return 'list';
  if (
    /^(Get|Head|Read|View|Download|Select|Export|Retrieve|Generate|Decrypt|Invoke|Preview|Filter)/i.test(bare) ||
    /(Downloaded|Accessed|Viewed|Previewed|Read)$|(^|\.)(clone|fetch|download|download_zip|read|view|get)$/i.test(name)
  )
    return 'read';
  if (
    /^(Delete|Remove|Detach|Terminate|Revoke|Disable|Deactivate|Stop|Destroy|Purge)/i.test(bare) ||
    /(^|\.)(delete|destroy|remove|revoke|deactivate|suspend)$|Deleted$|Removed$/i.test(name)
  )
    return 'delete';
  return 'write';
}

/** The method after the last `.` or `/`: `google.cloud.secretmanager.v1.SecretManagerService.AccessSecretVersion` → `AccessSecretVersion`. */
export function methodName(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('.'), name.lastIndexOf('/')) + 1);
}

/** `google.iam.admin.v1.CreateServiceAccountKey` → `CreateServiceAccountKey`; `user.session.start` stays whole. */
function lastSegment(name: string): string {
  if (/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(name)) return name; // dotted lower-case event types
  return methodName(name);
}
