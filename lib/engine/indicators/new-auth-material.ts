/**
 * new-auth-material — new alternate authentication material: an app or service-principal secret
 * or certificate, a federated identity credential, a redirect URI, an Okta API token or a client
 * secret read, a GCP service-account key, an AWS access key or console password, a GitHub PAT /
 * OAuth token / SSH key / app installation, Workspace domain-wide delegation.
 *
 * Playbook: T2 "Check if additional users or tokens are similarly compromised"; persistence after
 * token theft.
 * Public content (research/detections.md §1 I13): S8 (CreateAccessKey for another user), S10,
 * S13, S14, E38/E39 (SP credentials, app credential modified, redirect URI `AppAddress`, FIC),
 * E71, E90, E101, SP10, SP15, P12b, P16, P17d, P19, AZ1/AZ2/AZ3, AZ9a, OK4, ST5/ST6.
 *
 * False-positive lessons (§5): users rotating their own access keys is routine (`low`), keys for
 * another user are the S8 pattern (`high`); GitHub PAT building blocks are for correlation only
 * (`low`); DWD and marketplace changes are routine admin work (`medium`, verify the ticket);
 * `StsRefreshTokensValidFrom` is revocation — remediation context, `info`.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { clip, findingFrom, listSome, maxSeverity, maxEvidenceSetting } from '../finding';
import { callerUserName } from './catalog/aws-principal';

export interface MaterialRule {
  kind: string;
  /** What was created, in the analyst's words. */
  words: string;
  severity: Severity;
  /** Providers the action name is matched for. */
  providers: readonly TokenEvent['provider'][];
  action: RegExp;
  /** For generic audit names (`Update application`): a modified property that must be present. */
  property?: RegExp;
}

const MS = ['entra', 'azure', 'm365'] as const;

/** What counts as new authentication material, per provider (vendor spelling of the action). */
export const MATERIAL_RULES: readonly MaterialRule[] = [
  { kind: 'sp-credential', words: 'service principal credentials added', severity: 'medium', providers: MS, action: /^Add service principal credentials\.?$/i },
  { kind: 'app-credential', words: 'application secret or certificate added', severity: 'medium', providers: MS, action: /^Update application\s*[–—-]\s*Certificates and secrets management\.?$/i },
  { kind: 'federated-credential', words: 'federated identity credential added or changed', severity: 'medium', providers: MS, action: /^Update application\.?$/i, property: /^FederatedIdentityCredentials$/i },
  { kind: 'redirect-uri', words: 'redirect URI changed', severity: 'medium', providers: MS, action: /^Update application\.?$/i, property: /^AppAddress$/i },
  { kind: 'federated-credential', words: 'managed identity federated credential written', severity: 'medium', providers: MS, action: /federatedIdentityCredentials\/write$/i },
  { kind: 'refresh-tokens-revoked', words: 'refresh tokens revoked (StsRefreshTokensValidFrom changed) — remediation context', severity: 'info', providers: MS, action: /^Update user\.?$/i, property: /^StsRefreshTokensValidFrom$/i },
  { kind: 'api-token', words: 'Okta API token created', severity: 'medium', providers: ['okta'], action: /^system\.api_token\.create$/ },
  { kind: 'client-secret-read', words: 'OAuth client secret read', severity: 'medium', providers: ['okta'], action: /^app\.oauth2\.client\.read_client_secret$/ },
  { kind: 'sa-key', words: 'service-account key created', severity: 'medium', providers: ['gcp'], action: /(^|\.)CreateServiceAccountKey$/ },
  { kind: 'access-key', words: 'access key created', severity: 'low', providers: ['aws'], action: /^CreateAccessKey$/ },
  { kind: 'login-profile', words: 'console password set', severity: 'low', providers: ['aws'], action: /^(Create|Update)LoginProfile$/ },
  { kind: 'pat', words: 'personal access token created or granted', severity: 'low', providers: ['github'], action: /^personal_access_token\.(create|access_granted|request_created)$/ },
  { kind: 'oauth-token', words: 'OAuth access token created', severity: 'low', providers: ['github'], action: /^oauth_access\.create$/ },
  { kind: 'ssh-key', words: 'SSH key added', severity: 'low', providers: ['github'], action: /^public_key\.create$/ },
  { kind: 'app-install', words: 'GitHub App installed', severity: 'low', providers: ['github'], action: /^integration_installation\.create$/ },
  { kind: 'domain-wide-delegation', words: 'domain-wide delegation granted to an API client', severity: 'medium', providers: ['workspace'], action: /^AUTHORIZE_API_CLIENT_ACCESS$/ },
];

export const newAuthMaterialSettings = z.object({
  /** S8: an AWS access key / console password for another user than the caller. */
  otherUserSeverity: z.enum(['info', 'low', 'medium', 'high']).default('high'),
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
    const groups = new Map<string, { hit: Hit; target?: string; actor: string; events: TokenEvent[]; severity: Severity; notes: Set<string> }>();
    for (const e of ctx.events) {
      if (!e.outcome.success) continue;
      for (const hit of materialOf(e, s)) {
        const target = hit.target;
        const key = [e.actor.id, hit.rule.kind, target ?? ''].join('\u0000');
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { hit, target, actor: e.actor.id, events: [], severity: 'info', notes: new Set() }));
        g.events.push(e);
        g.severity = maxSeverity(g.severity, hit.severity);
        if (hit.note) g.notes.add(hit.note);
      }
    }
    const out: Finding[] = [];
    for (const g of groups.values()) {
      const n = g.events.length;
      const actions = new Set(g.events.map((e) => e.action.name));
      const facts = [`${listSome(actions, 4)}${n > 1 ? ` (${n} events)` : ''} by ${g.actor}${g.target ? ` on ${clip(g.target, 120)}` : ''}`];
      facts.push(...g.notes);
      out.push(findingFrom('new-auth-material', {
        severity: g.severity,
        title: `${capital(g.hit.rule.words)}${g.target ? ` for ${clip(g.target, 80)}` : ''}`,
        detail: facts.join('; '),
      }, g.events, s.maxEvidence));
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
    let severity = rule.severity;
    let target = e.target?.name ?? e.target?.id ?? str(e.details?.['targetUser']);
    if (rule.kind === 'access-key' || rule.kind === 'login-profile') {
      const user = str(e.details?.['targetUser']);
      const caller = callerUserName(e);
      target = user ?? caller;
      if (user && (!caller || user.toLowerCase() !== caller.toLowerCase())) {
        severity = s.otherUserSeverity;
        note = `for another user: ${clip(user, 64)} (caller ${caller ?? 'unknown'}; S8)`;
      } else {
        note = 'for the caller itself (routine rotation unless other signals)';
      }
    }
    hits.push({ rule, severity, note, target });
  }
  return hits;
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

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
