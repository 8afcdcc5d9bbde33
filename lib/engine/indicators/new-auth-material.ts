/**
 * new-auth-material — new alternate authentication material: an app or service-principal secret
 * or certificate, a federated identity credential, a redirect URI, an Okta API token or a client
 * secret read, a GCP service-account key, an AWS access key or console password, a GitHub PAT /
 * OAuth token / SSH key / app installation, Workspace domain-wide delegation.
 *
 * Playbook: T2 "Check if additional users or tokens are similarly compromised"; persistence after
 * token theft.
 * Public content (docs/detections.md, 'new-auth-material'): Sigma "AWS IAM Backdoor Users Keys"
 * (CreateAccessKey for another user), Sigma's Entra credential / Okta API-token / Workspace
 * delegation rules; Elastic's service-principal credential, application credential, redirect URI
 * and federated-credential rules, "Attempt to Create Okta API Token", "GCP Service Account Key
 * Creation", "New PAT Added"; Sentinel "New access credential added to Application or Service
 * Principal", "First access credential added …", "Credential added after admin consented to
 * Application"; Okta "OAuth Client Secret Read"; Stratus Red Team's key and backdoor techniques.
 *
 * Severity is a setting per material kind (`severities`). Creating long-lived alternate
 * authentication material is how a stolen token becomes persistence, so every kind defaults to
 * `medium`, worth a Tier-1 look — a PAT, OAuth token, SSH key or app installation on GitHub, an
 * AWS access key or console password for oneself, an Okta API token, a GCP service-account key,
 * an Entra app/SP secret, certificate or federated credential, Workspace domain-wide delegation.
 * The verdict counts this indicator as the `persistence` ground, which never escalates on its own
 * (lib/engine/verdict.ts): alone, medium yields at most `suspicious`; next to a location or
 * behaviour sign it escalates.
 * False-positive lessons: users rotating their own access keys and GitHub's PAT building
 * blocks are routine on their own — hence `suspicious` at most, never `escalate`, unless other
 * signals agree; keys or passwords for another user are the Sigma "AWS IAM Backdoor Users Keys" pattern (`otherUserSeverity`,
 * `high`); DWD and marketplace changes are routine admin work (verify the ticket);
 * `StsRefreshTokensValidFrom` is revocation — remediation context, `info`.
 * GitHub: a lifecycle event's token fields name the token acted on, not the caller (GitHub docs,
 * "Identifying audit log events performed by an access token": token data shows how the caller
 * authenticated only for actions outside the web UI; lib/sources/formats/github-audit.ts puts
 * the subject token in `target` and the browser session or performing token in `credential`).
 * A user creating, requesting or granting their own token in the browser (request_created →
 * access_granted → create, `explanation: web_user`) is self-service lifecycle:
 * `githubBrowserSelfServiceSeverity` (`low`). Material made by a token (a PAT or OAuth token
 * creating or granting another, from a script) keeps the kind's severity: that is how a stolen
 * token mints its own persistence.
 * AWS: access keys and console passwords set for another user are the pattern of the Sigma rule
 * "AWS IAM Backdoor Users Keys" (`otherUserSeverity`, high) when made
 * with programmatic credentials; made in the console (console session, the console's own front or
 * back end, lib/model/client-kind.ts) by a person, they are an administrator's "Manage console
 * access" and "Create access key" clicks (Permiso CloudConsoleCartographer maps exactly these
 * calls to those clicks): at most medium for another user, low for oneself or when the record
 * does not name its caller (a stripped export cannot say whose password it was).
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { detailText } from '../../model/details';
import { defineIndicator, type EngineContext, type Finding, type Severity, SEVERITIES } from '../types';
import { clip, findingFrom, listSome, maxSeverity, maxEvidenceSetting, minSeverity } from '../finding';
import { callerUserName } from './catalog/aws-principal';
import { clientKindOf } from '../../model/client-kind';
import { hasCaller } from '../../model/caller';

/** The kinds of material, each with its own severity setting. */
export const MATERIAL_KINDS = [
  'sp-credential',
  'app-credential',
  'federated-credential',
  'redirect-uri',
  'refresh-tokens-revoked',
  'api-token',
  'client-secret-read',
  'sa-key',
  'access-key',
  'login-profile',
  'password-change',
  'pat',
  'oauth-token',
  'ssh-key',
  'app-install',
  'domain-wide-delegation',
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

export interface MaterialRule {
  kind: MaterialKind;
  /** What was created, in the analyst's words. */
  words: string;
  /** Providers the action name is matched for. */
  providers: readonly TokenEvent['provider'][];
  action: RegExp;
  /** For generic audit names (`Update application`): a modified property that must be present. */
  property?: RegExp;
}

const MS = ['entra', 'azure', 'm365'] as const;

/** What counts as new authentication material, per provider (vendor spelling of the action). */
export const MATERIAL_RULES: readonly MaterialRule[] = [
  {
    kind: 'sp-credential',
    words: 'service principal credentials added',
    providers: MS,
    action: /^Add service principal credentials\.?$/i,
  },
  {
    kind: 'app-credential',
    words: 'application secret or certificate added',
    providers: MS,
    action: /^Update application\s*[–—-]\s*Certificates and secrets management\.?$/i,
  },
  {
    kind: 'federated-credential',
    words: 'federated identity credential added or changed',
    providers: MS,
    action: /^Update application\.?$/i,
    property: /^FederatedIdentityCredentials$/i,
  },
  {
    kind: 'redirect-uri',
    words: 'redirect URI changed',
    providers: MS,
    action: /^Update application\.?$/i,
    property: /^AppAddress$/i,
  },
  {
    kind: 'federated-credential',
    words: 'managed identity federated credential written',
    providers: MS,
    action: /federatedIdentityCredentials\/write$/i,
  },
  {
    kind: 'refresh-tokens-revoked',
    words: 'refresh tokens revoked (StsRefreshTokensValidFrom changed) — remediation context',
    providers: MS,
    action: /^Update user\.?$/i,
    property: /^StsRefreshTokensValidFrom$/i,
  },
  { kind: 'api-token', words: 'Okta API token created', providers: ['okta'], action: /^system\.api_token\.create$/ },
  {
    kind: 'client-secret-read',
    words: 'OAuth client secret read',
    providers: ['okta'],
    action: /^app\.oauth2\.client\.read_client_secret$/,
  },
  {
    kind: 'sa-key',
    words: 'service-account key created',
    providers: ['gcp'],
    action: /(^|\.)CreateServiceAccountKey$/,
  },
  { kind: 'access-key', words: 'access key created', providers: ['aws'], action: /^CreateAccessKey$/ },
  { kind: 'login-profile', words: 'console password created', providers: ['aws'], action: /^CreateLoginProfile$/ },
  // A password change is not new material for one's own login; for another user it is a takeover (otherUserSeverity).
  { kind: 'password-change', words: 'console password changed', providers: ['aws'], action: /^UpdateLoginProfile$/ },
  {
    kind: 'pat',
    words: 'personal access token created or granted',
    providers: ['github'],
    action: /^personal_access_token\.(create|access_granted|request_created)$/,
  },
  { kind: 'oauth-token', words: 'OAuth access token created', providers: ['github'], action: /^oauth_access\.create$/ },
  { kind: 'ssh-key', words: 'SSH key added', providers: ['github'], action: /^public_key\.create$/ },
  {
    kind: 'app-install',
    words: 'GitHub App installed',
    providers: ['github'],
    action: /^integration_installation\.create$/,
  },
  {
    kind: 'domain-wide-delegation',
    words: 'domain-wide delegation granted to an API client',
    providers: ['workspace'],
    action: /^AUTHORIZE_API_CLIENT_ACCESS$/,
  },
];

const severitySetting = (d: Severity) => z.enum(SEVERITIES).default(d);

export const newAuthMaterialSettings = z.object({
  /** Sigma "AWS IAM Backdoor Users Keys": an AWS access key / console password for another user than the caller (instead of the kind's severity). */
  otherUserSeverity: z.enum(SEVERITIES).default('high'),
  /** GitHub: a token or key the signed-in user made for their own account in the browser (self-service lifecycle). */
  githubBrowserSelfServiceSeverity: z.enum(SEVERITIES).default('low'),
  /** Severity per kind of material (alternate authentication material is persistence: medium, a Tier-1 look). */
  severities: z
    .object({
      /** Entra: `Add service principal credentials` (Elastic, Panther and Sentinel service-principal credential rules). */
      'sp-credential': severitySetting('medium'),
      /** Entra: application secret or certificate added (Elastic "Application credential modified", Sigma "Added Credentials to Existing Application"). */
      'app-credential': severitySetting('medium'),
      /** Entra: federated identity credential added or changed, on an app or a managed identity (Elastic's
       * federated-credential rules; Stratus Red Team backdoor-application-fic). */
      'federated-credential': severitySetting('medium'),
      /** Entra: redirect URI (`AppAddress`) changed (Elastic "OAuth app redirect URI modified"). */
      'redirect-uri': severitySetting('medium'),
      /** Entra: `StsRefreshTokensValidFrom` changed — revocation, remediation context (Sentinel "Interactive STS refresh token modifications"). */
      'refresh-tokens-revoked': severitySetting('info'),
      /** Okta: `system.api_token.create` (Sigma, Elastic, Splunk and Panther Okta API-token rules). */
      'api-token': severitySetting('medium'),
      /** Okta: OAuth client secret read (Okta "OAuth Client Secret Read"). */
      'client-secret-read': severitySetting('medium'),
      /** GCP: `CreateServiceAccountKey` (Elastic "GCP Service Account Key Creation", Panther's SA key rule). */
      'sa-key': severitySetting('medium'),
      /** AWS: `CreateAccessKey` for the caller itself (another user: otherUserSeverity). */
      'access-key': severitySetting('medium'),
      /** AWS: `CreateLoginProfile` / `UpdateLoginProfile` for the caller itself (another user: otherUserSeverity). */
      'login-profile': severitySetting('medium'),
      'password-change': severitySetting('low'),
      /** GitHub: `personal_access_token.create` / `.access_granted` / `.request_created` (Elastic "New PAT Added" and PAT building blocks). */
      pat: severitySetting('medium'),
      /** GitHub: `oauth_access.create`. */
      'oauth-token': severitySetting('medium'),
      /** GitHub: `public_key.create`, an SSH key (Panther GitHub.User.AccessKeyCreated). */
      'ssh-key': severitySetting('medium'),
      /** GitHub: `integration_installation.create`, an app installed on an org (Elastic "New GitHub App
       * Installed", Panther Github.Organization.App.Integration.Installed). */
      'app-install': severitySetting('medium'),
      /** Workspace: `AUTHORIZE_API_CLIENT_ACCESS`, domain-wide delegation (Sigma and Elastic "API Access Granted via Domain-Wide Delegation"). */
      'domain-wide-delegation': severitySetting('medium'),
    })
    .strict()
    .prefault({}),
  maxEvidence: maxEvidenceSetting,
});
export type NewAuthMaterialSettings = z.infer<typeof newAuthMaterialSettings>;

interface Hit {
  rule: MaterialRule;
  severity: Severity;
  note?: string;
  /** Whose material: the user / app / service account it was created for. */
  target?: string;
}

export const newAuthMaterial = defineIndicator({
  id: 'new-auth-material',
  title: 'New authentication material created',
  signals: ['new-application', 'unusual-api-use'],
  settings: newAuthMaterialSettings,
  evaluate(ctx: EngineContext, s: NewAuthMaterialSettings): Finding[] {
    const groups = new Map<
      string,
      { hit: Hit; target?: string; actor: string; events: TokenEvent[]; severity: Severity; notes: Set<string> }
    >();
    for (const e of ctx.events) {
      if (!e.outcome.success) continue;
      for (const hit of materialOf(e, s)) {
        const target = hit.target;
        const key = [e.actor.id, hit.rule.kind, target ?? ''].join('\u0000');
        let g = groups.get(key);
        if (!g)
          groups.set(key, (g = { hit, target, actor: e.actor.id, events: [], severity: 'info', notes: new Set() }));
        g.events.push(e);
        g.severity = maxSeverity(g.severity, hit.severity);
        if (hit.note) g.notes.add(hit.note);
      }
    }
    const out: Finding[] = [];
    for (const g of groups.values()) {
      const n = g.events.length;
      const actions = new Set(g.events.map((e) => e.action.name));
      const by = hasCaller(g.events[0]!) ? g.actor : 'a caller the record does not name';
      const facts = [
        `${listSome(actions, 4)}${n > 1 ? ` (${n} events)` : ''} by ${by}${g.target ? ` on ${clip(g.target, 120)}` : ''}`,
      ];
      facts.push(...g.notes);
      out.push(
        findingFrom(
          'new-auth-material',
          {
            severity: g.severity,
            title: `${capital(g.hit.rule.words)}${g.target ? ` for ${clip(g.target, 80)}` : ''}`,
            detail: facts.join('; '),
          },
          g.events,
          s.maxEvidence,
        ),
      );
    }
    return out.sort((a, b) => a.time - b.time);
  },
});

function materialOf(e: TokenEvent, s: NewAuthMaterialSettings): Hit[] {
  const hits: Hit[] = [];
  let props: { name: string; value: string }[] | undefined;
  for (const rule of MATERIAL_RULES) {
    if (!rule.providers.includes(e.provider) || !rule.action.test(e.action.name)) continue;
    let note: string | undefined;
    if (rule.property) {
      props ??= modifiedProperties(e);
      const p = props.find((x) => rule.property!.test(x.name));
      if (!p) continue;
      note = `${p.name}${p.value ? ' = ' + clip(p.value, 160) : ''}`;
    }
    let severity: Severity = s.severities[rule.kind];
    let target = e.target?.name ?? e.target?.id ?? detailText(e, 'targetUser');
    if (rule.kind === 'access-key' || rule.kind === 'login-profile' || rule.kind === 'password-change') {
      const user = detailText(e, 'targetUser');
      const caller = hasCaller(e) ? callerUserName(e) : undefined;
      target = user ?? caller;
      const inConsole =
        e.actor.kind !== 'service' && (e.credential?.fromConsole === true || clientKindOf(e) === 'console');
      const other = user !== undefined && caller !== undefined && user.toLowerCase() !== caller.toLowerCase();
      if (inConsole) {
        // An administrator's console clicks: at most medium, never high alone.
        severity = other ? minSeverity(s.otherUserSeverity, 'medium') : minSeverity(severity, 'low');
        note = other
          ? `for another user: ${clip(user, 64)} (caller ${caller}), made in the console: an administrator's change unless other signals`
          : caller
            ? 'for the caller itself, made in the console (routine unless other signals)'
            : 'made in the console (routine administration unless other signals)';
      } else if (user && other) {
        severity = s.otherUserSeverity;
        note = `for another user: ${clip(user, 64)} (caller ${caller}), with programmatic credentials`;
      } else if (user && !caller) {
        // A stripped record cannot say whether the user was the caller: not the other-user pattern's full weight.
        severity = minSeverity(s.otherUserSeverity, 'medium');
        note = `for ${clip(user, 64)}; the record does not name its caller, so whether that is another user is unknown`;
      } else {
        note = 'for the caller itself (routine rotation unless other signals)';
      }
    }
    if ((rule.kind === 'app-credential' || rule.kind === 'sp-credential') && isPortalRotation(e)) {
      severity = minSeverity(severity, 'low');
      note =
        'rotation from the portal: the app already had a secret or certificate (KeyDescription lists the earlier key) and the change came from a browser';
    }
    if (e.provider === 'github') {
      const judged = githubPerformer(e, s);
      if (judged) {
        severity = judged.severity ?? severity;
        note = judged.note;
      }
    }
    hits.push({ rule, severity, note, target });
  }
  return hits;
}

/**
 * Entra: a secret or certificate rotated by someone in the portal. The audit's `KeyDescription`
 * new value lists every key the app now has, so two or more `KeyIdentifier=` entries mean a key
 * added next to an existing one (the portal's yearly rotation); a browser user agent means the
 * portal, not PowerShell or a script (the Midnight Blizzard route, which stays at the kind's
 * severity, and which oauth-consent's permission chain joins to the app's grants either way).
 */
function isPortalRotation(e: TokenEvent): boolean {
  const ua = e.source.userAgent ?? '';
  if (!/^Mozilla\//i.test(ua) || /PowerShell|python|curl|azure-cli/i.test(ua)) return false;
  const key = modifiedProperties(e).find((p) => /^KeyDescription$/i.test(p.name));
  return !!key && (key.value.match(/KeyIdentifier=/gi)?.length ?? 0) >= 2;
}

const PERFORMER_WORDS: Partial<Record<string, string>> = {
  pat: 'a personal access token',
  oauth_access_token: 'an OAuth or GitHub App token',
  long_term_key: 'an SSH or deploy key',
};

/** GitHub: who made the material — the signed-in browser (own account: self-service) or a token. */
function githubPerformer(e: TokenEvent, s: NewAuthMaterialSettings): { severity?: Severity; note: string } | undefined {
  const kind = e.credential?.kind;
  const owner = detailText(e, 'targetUser');
  if (kind === 'session') {
    if (!owner || owner.toLowerCase() === e.actor.id.toLowerCase()) {
      return {
        severity: s.githubBrowserSelfServiceSeverity,
        note: 'made in the browser by the account holder for their own account (self-service token lifecycle, routine unless other signs agree)',
      };
    }
    return { note: `made in the browser by ${clip(e.actor.id, 64)} for ${clip(owner, 64)}` };
  }
  const words = kind ? PERFORMER_WORDS[kind] : undefined;
  if (!words) return undefined;
  return {
    note: `made with ${words}${e.source.userAgent ? ` from ${clip(e.source.userAgent, 60)}` : ''}, not in the browser`,
  };
}

/** `details.modifiedProperties` entries `Name=newValue`. */
function modifiedProperties(e: TokenEvent): { name: string; value: string }[] {
  const v = e.details?.['modifiedProperties'];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list.map((p) => {
    const i = p.indexOf('=');
    return i < 0 ? { name: p.trim(), value: '' } : { name: p.slice(0, i).trim(), value: p.slice(i + 1).trim() };
  });
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
