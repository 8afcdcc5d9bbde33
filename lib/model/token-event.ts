/**
 * The normalized event: one shape for every log source (DESIGN.md, "The normalized event").
 * Names follow OCSF where it has one. Sources build these by hand on their fast path; the zod
 * schema is the contract, used at process boundaries (messages, stored history) and in tests.
 */
import { z } from 'zod';
import { CLIENT_KINDS } from './client-kind';

export const PROVIDERS = ['aws', 'azure', 'entra', 'gcp', 'okta', 'workspace', 'm365', 'github'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const EVENT_CLASSES = ['authentication', 'api_activity', 'account_change', 'authorization_grant'] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];

/** Who acted. `workload` covers instances, functions, pods, CI runners and managed identities. */
export const ACTOR_KINDS = [
  'human',
  'service_principal',
  'workload',
  'federated',
  'root',
  'service',
  'unknown',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const CREDENTIAL_KINDS = [
  'long_term_key',
  'temporary_key',
  'session',
  'oauth_access_token',
  'oauth_refresh_token',
  'pat',
  'service_account_key',
  'password',
  'unknown',
] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** Coarse class of an action, used for mass-access and privilege weighting. */
export const VERB_CLASSES = ['read', 'list', 'write', 'delete', 'privileged', 'auth'] as const;
export type VerbClass = (typeof VERB_CLASSES)[number];

export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

const optStr = z.string().optional();

export const TokenEventSchema = z.object({
  /** The record's own id (CloudTrail eventID, Entra id, GCP insertId, Okta uuid, Workspace id.uniqueQualifier, M365 Id, GitHub _document_id). */
  id: z.string().min(1),
  /** Epoch milliseconds, UTC. 0 when the record carries no readable time (see `timeKnown`). */
  time: z.number().finite(),
  /**
   * false when the record has no readable time (Panther rule-test events, redacted exports). The
   * record is still evidence for single-event indicators; every time-based indicator, the
   * baseline and the windows skip it (lib/engine/context.ts keeps it out of the groupings).
   */
  timeKnown: z.literal(false).optional(),
  provider: z.enum(PROVIDERS),
  /** Source format id from lib/sources (e.g. `cloudtrail`, `entra-signin`). */
  format: z.string(),
  class: z.enum(EVENT_CLASSES),
  actor: z.object({
    /** Stable identity key (ARN, UPN, object id, email, login). */
    id: z.string(),
    name: optStr,
    kind: z.enum(ACTOR_KINDS),
    /** Vendor's own type string (IAMUser, AssumedRole, ServicePrincipal, User, PublicClientApp…). */
    type: optStr,
    /** Account, tenant, project or org the actor belongs to. */
    account: optStr,
    /** For role sessions: the role or issuer the session came from. */
    issuer: optStr,
    mfa: z.boolean().optional(),
  }),
  credential: z
    .object({
      kind: z.enum(CREDENTIAL_KINDS),
      /** Identifier of the token or key (not a secret): accessKeyId, uniqueTokenIdentifier, rootSessionId, hashed_token… */
      id: optStr,
      /** A session the token belongs to (Entra sessionId, Okta externalSessionId, console session). */
      sessionId: optStr,
      /** Device-bound handle (Okta dtHash, Entra deviceId). */
      deviceId: optStr,
      issuedAt: z.number().optional(),
      /** The credential came from a console session (CloudTrail sessionCredentialFromConsole). */
      fromConsole: z.boolean().optional(),
      /** Incoming token type (Entra incomingTokenType: refreshToken, primaryRefreshToken, none…). */
      incomingType: optStr,
    })
    .optional(),
  source: z.object({
    /** A valid IP literal, normalized (no leading zeros, IPv6 compressed). */
    ip: optStr,
    /** What the log said when it is not a valid IP: a service name (`ec2.amazonaws.com`), `AWS Internal`, a placeholder. */
    caller: optStr,
    userAgent: optStr,
    country: optStr,
    region: optStr,
    city: optStr,
    lat: z.number().optional(),
    lon: z.number().optional(),
    asn: z.number().optional(),
    asOrg: optStr,
    /** The log itself says the source is a proxy/anonymizer (Okta securityContext.isProxy). */
    isProxy: z.boolean().optional(),
    /**
     * Which kind of client made the call (lib/model/client-kind.ts): the console's own traffic, a
     * service acting for the caller, infrastructure as code, an SDK, a script, a browser, attacker
     * tooling. Set by readers that know; `clientKindOf` classifies events without it.
     */
    clientKind: z.enum(CLIENT_KINDS).optional(),
  }),
  action: z.object({
    name: z.string(),
    service: optStr,
    verb: z.enum(VERB_CLASSES),
    interactive: z.boolean().optional(),
  }),
  target: z.object({ id: optStr, name: optStr, type: optStr, account: optStr }).optional(),
  app: z
    .object({
      id: optStr,
      name: optStr,
      scopes: z.array(z.string()).optional(),
      /** Resource the token is for (Entra resourceId/resourceDisplayName). */
      resource: optStr,
      grantType: optStr,
      /** Authentication protocol or flow (deviceCode, ropc, client_credentials…). */
      protocol: optStr,
      adminConsent: z.boolean().optional(),
      allUsers: z.boolean().optional(),
    })
    .optional(),
  outcome: z.object({ success: z.boolean(), code: optStr, reason: optStr }),
  risk: z
    .object({
      level: z.enum(RISK_LEVELS),
      detections: z.array(z.string()),
      vendor: z.string(),
    })
    .optional(),
  /** Source-specific facts an indicator needs (policy text, durationSeconds, role ARN, key ids). Flat, small. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
  /** Where the record came from: `file:line` or `file#index`. */
  ref: optStr,
});

export type TokenEvent = z.infer<typeof TokenEventSchema>;
export type TokenEventDetails = NonNullable<TokenEvent['details']>;
