/**
 * What the Microsoft formats share (entra-signin, entra-audit, azure-activity, m365-audit): the
 * Entra sign-in categories that tell the diagnostic shapes apart, the consent and grant
 * activities, `[{Name, Value}]` lists, and modified properties (Entra audit `targetResources[]`,
 * the same changes mirrored into the M365 unified audit log): their `Name=newValue` text for
 * `details.modifiedProperties`, never with secret or key-material values, and the consent facts
 * (scopes, admin consent, all users) read from them. Not a format: lib/sources/index.ts lists those.
 */
import { asArray, asObject, bool, field, jsonInStringTwice, text } from '../../../model/fields';
import { looksLikeSecret, maskSecret, maskSecretsIn } from '../../../model/secret';

/**
 * Diagnostic-settings `category` of the logs entra-signin reads, by its lower-case spelling: the
 * four sign-in logs, AD FS sign-ins, Microsoft's own service principals' sign-ins, and the
 * provisioning log (the provisioning service's account changes, in the same export family).
 */
export const ENTRA_SIGNIN_CATEGORY_BY_LOWER: Readonly<Record<string, string>> = {
  signinlogs: 'SignInLogs',
  noninteractiveusersigninlogs: 'NonInteractiveUserSignInLogs',
  serviceprincipalsigninlogs: 'ServicePrincipalSignInLogs',
  managedidentitysigninlogs: 'ManagedIdentitySignInLogs',
  adfssigninlogs: 'ADFSSignInLogs',
  microsoftserviceprincipalsigninlogs: 'MicrosoftServicePrincipalSignInLogs',
  provisioninglogs: 'ProvisioningLogs',
};

/** Log Analytics table names (`Type`, lower case) of the same logs → their diagnostic category. */
export const ENTRA_SIGNIN_TABLE_BY_LOWER: Readonly<Record<string, string>> = {
  signinlogs: 'SignInLogs',
  aadnoninteractiveusersigninlogs: 'NonInteractiveUserSignInLogs',
  aadserviceprincipalsigninlogs: 'ServicePrincipalSignInLogs',
  aadmanagedidentitysigninlogs: 'ManagedIdentitySignInLogs',
  adfssigninlogs: 'ADFSSignInLogs',
  microsoftserviceprincipalsigninlogs: 'MicrosoftServicePrincipalSignInLogs',
  aadprovisioninglogs: 'ProvisioningLogs',
};

/** The sign-in categories in lower case: records other Microsoft formats leave to entra-signin. */
export const ENTRA_SIGNIN_CATEGORIES: ReadonlySet<string> = new Set(Object.keys(ENTRA_SIGNIN_CATEGORY_BY_LOWER));

/** Activities (Entra audit) and operations (UAL) that grant an application access: class `authorization_grant`. */
export const GRANT_OPERATION = new RegExp(
  '^(Consent to application|Add delegated permission grant|Add OAuth2PermissionGrant|Add app role assignment to service principal' +
    '|Add app role assignment grant to user)\\.?$',
  'i',
);

/** Well-known resource APIs (Microsoft Graph, AAD Graph, Exchange Online, SharePoint Online): the API a grant is for, never the client app. */
const RESOURCE_APP_IDS: ReadonlySet<string> = new Set([
  '00000003-0000-0000-c000-000000000000',
  '00000002-0000-0000-c000-000000000000',
  '00000002-0000-0ff1-ce00-000000000000',
  '00000003-0000-0ff1-ce00-000000000000',
]);

/** The app id of a resource API (app-role grants name the API in TargetId.ServicePrincipalNames). */
export function isResourceAppId(id: string): boolean {
  return RESOURCE_APP_IDS.has(id.trim().toLowerCase());
}

/** How many modified properties one event keeps in `details.modifiedProperties`. */
export const MAX_MODIFIED_PROPERTIES = 40;

/**
 * `[{<nameKey>, <valueKey>}]`, or JSON text of it, as `[name, raw value]` pairs in order (names
 * read case-insensitively and trimmed; entries without a name are skipped).
 */
export function namedValues(v: unknown, nameKey: string, valueKey: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  const arr = asArray(v);
  if (!arr) return out;
  for (const it of arr) {
    const o = asObject(it);
    if (!o) continue;
    const name = text(field(o, nameKey));
    if (name) out.push([name, field(o, valueKey)]);
  }
  return out;
}

/** `namedValues` as lower-case name → value text; the first entry of a name with a value wins. */
export function namedValueMap(v: unknown, nameKey: string, valueKey: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const [name, raw] of namedValues(v, nameKey, valueKey)) {
    const val = text(raw);
    const k = name.toLowerCase();
    if (val !== undefined && !m.has(k)) m.set(k, val);
  }
  return m;
}

const MAX_VALUE = 200;

/** Property names whose values can hold secrets or key material: the name is kept, the value is not. */
const SECRET_NAME = /secret|password(?!less)|passwd|pwd|token|keyvalue|^key$|\.key$|credentialvalue|PhoneAppDetail/i;
/** Named like a secret but only identifiers, types or timestamps. */
const SAFE_NAME = new RegExp(
  '^(KeyDescription|KeyIdentifier|KeyType|KeyUsage|KeyDisplayName|KeyId|StsRefreshTokensValidFrom' +
    '|Included Updated Properties|TokenIssuancePolicy|TokenLifetimePolicy)$',
  'i',
);

/** One new value as text: JSON-in-string unwrapped, arrays joined, objects compact. */
function valueText(v: unknown): string {
  const p = jsonInStringTwice(v);
  if (p === null || p === undefined) return '';
  if (typeof p === 'string') return p.trim();
  if (typeof p === 'number' || typeof p === 'boolean') return String(p);
  if (Array.isArray(p) && p.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
    return p.join(',');
  }
  try {
    return JSON.stringify(p);
  } catch {
    return '';
  }
}

/** `Name=newValue` for details.modifiedProperties: masked when secret-like, truncated when long. */
export function modifiedPropertyText(name: string, newValue: unknown): string {
  if (SECRET_NAME.test(name) && !SAFE_NAME.test(name)) return `${name}=[redacted]`;
  let v = valueText(newValue);
  if (looksLikeSecret(v)) v = maskSecret(v);
  // maskSecretsIn is linear; the JWT regex it replaces was quadratic on long `eyJ…` runs.
  else v = maskSecretsIn(v);
  if (v.length > MAX_VALUE) v = v.slice(0, MAX_VALUE) + '…';
  return `${name}=${v}`;
}

export interface GrantFacts {
  scopes?: string[];
  adminConsent?: boolean;
  allUsers?: boolean;
  appOnly?: boolean;
  /** Client id from TargetId.ServicePrincipalNames. */
  appId?: string;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** `ConsentAction.Permissions` text: `[] => [[Id: …, ConsentType: Principal, Scope: a b c, CreatedDateTime: …]]; ` */
export function scopesFromPermissions(textValue: string): string[] {
  const arrow = textValue.lastIndexOf('=>');
  const part = arrow >= 0 ? textValue.slice(arrow + 2) : textValue;
  const out: string[] = [];
  const re = /Scope:\s*([^,\]]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(part)) !== null) {
    for (const s of m[1]!.split(/\s+/)) if (s) out.push(s);
  }
  return [...new Set(out)];
}

/** Consent and grant facts from modified properties given as (name, raw newValue) pairs. */
export function grantFacts(pairs: Iterable<[string, unknown]>): GrantFacts {
  const f: GrantFacts = {};
  const scopes: string[] = [];
  for (const [name, raw] of pairs) {
    const n = name.toLowerCase();
    const v = valueText(raw);
    if (n === 'consentcontext.isadminconsent') f.adminConsent = bool(v);
    else if (n === 'consentcontext.onbehalfofall') f.allUsers = bool(v);
    else if (n === 'consentcontext.isapponly') f.appOnly = bool(v);
    else if (n === 'consentaction.permissions') scopes.push(...scopesFromPermissions(v));
    else if (n === 'delegatedpermissiongrant.scope') scopes.push(...v.split(/[\s,]+/).filter(Boolean));
    else if (n === 'delegatedpermissiongrant.consenttype') {
      if (/allprincipals/i.test(v)) f.allUsers = true;
      else if (/principal/i.test(v)) f.allUsers = f.allUsers ?? false;
    } else if (n === 'approle.value') scopes.push(...v.split(/[\s,]+/).filter(Boolean));
    else if (n === 'targetid.serviceprincipalnames') {
      const g = GUID.exec(v);
      if (g) f.appId = g[0];
    }
  }
  if (scopes.length) f.scopes = [...new Set(scopes)];
  return f;
}
