/**
 * What indicators return and what they are given. An indicator is a pure function over
 * time-sorted events plus history and intel (DESIGN.md, Indicators).
 */
import type { z } from 'zod';
import type { TokenEvent } from '../model/token-event';
import type { History } from '../baseline/history';
import type { AllowedBy } from './allow-list';
import type { IntelProvider, IpIntel } from '../intel/intel-provider';
import type { TenantSettings } from './settings';

export const INDICATOR_IDS = [
  'new-source',
  'token-multi-source',
  'workload-credential-offsite',
  'risky-network',
  'geo-anomaly',
  'unusual-time',
  'mass-api-access',
  'privileged-with-token',
  'token-minting',
  'broader-permissions',
  'failures-then-success',
  'oauth-consent',
  'new-auth-material',
  'suspicious-client',
  'multi-account',
  'console-from-programmatic',
  'refresh-token-abuse',
  'vendor-risk',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export const SEVERITIES = ['info', 'low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** The playbook's Key Indicators / Questions each indicator serves (lib/playbook quotes them). */
export type PlaybookSignal =
  | 'unfamiliar-source' // anomalies in source IPs; unfamiliar or risky locations
  | 'unusual-time' // unusual times of access
  | 'unusual-api-use' // mass API access, sensitive resources, elevated privileges, inconsistent with profile
  | 'token-minting' // sts:GetFederationToken or equivalent, broader permissions
  | 'failed-then-success' // multiple failed access attempts prior to success
  | 'new-application' // new or unusual applications authorized
  | 'known-malicious' // known malicious patterns
  | 'multiple-accounts'; // multiple accounts affected similarly

export interface Finding {
  indicator: IndicatorId;
  severity: Severity;
  /** One line, in the analyst's words. */
  title: string;
  /** Why: the facts behind the finding (values, counts, thresholds crossed). */
  detail: string;
  /** Record ids (TokenEvent.id) that prove it, in time order. */
  events: string[];
  /** Actor ids involved. */
  identities: string[];
  /** Credential ids involved (accessKeyId, uniqueTokenIdentifier, …). */
  tokens: string[];
  /** Time of the first evidence event whose time is known; 0 when no evidence event has one. */
  time: number;
  /** The verdict ground when it differs from the indicator's own (verdict.ts GROUND_OF). */
  ground?: 'behaviour';
  /** Every evidence record is on the team's allow-list (./allow-list.ts): shown, not counted. */
  allowedBy?: AllowedBy[];
  /**
   * The finding rests on the subject's history: a value first seen against it, or its usual
   * profile (hours). With a stored history applied, run.ts appends how much history that was
   * (./history-clause.ts); the indicator only declares it.
   */
  restsOn?: HistoryUse;
}

/** What of a subject's history a finding rests on (Finding.restsOn). */
export type HistoryUse = 'first-seen' | 'profile';

export interface EngineContext {
  /** All events of the input, ascending by time (records without a time first, at time 0). */
  readonly events: readonly TokenEvent[];
  /** The events whose time is known: what every window, baseline and sequence works on. */
  readonly timed: readonly TokenEvent[];
  readonly history: History;
  readonly intel: IntelProvider;
  /** Network facts for an event's source: the log's own fields first, then intel. Cached per IP. */
  network(e: TokenEvent): IpIntel | undefined;
  /** Timed events grouped by actor id (time order). */
  readonly byIdentity: ReadonlyMap<string, readonly TokenEvent[]>;
  /** Timed events grouped by credential id (time order); events without a credential id are absent. */
  readonly byToken: ReadonlyMap<string, readonly TokenEvent[]>;
  /** Events that name no caller (lib/model/caller.ts), time order: in `events`, never in `byIdentity`. */
  readonly noCaller: readonly TokenEvent[];
  /** The team's per-tenant settings (settings `tenants`), keyed by `provider:account` or the account alone. */
  readonly tenants?: Readonly<Record<string, TenantSettings>>;
}

export interface Indicator<S extends z.ZodType = z.ZodType> {
  id: IndicatorId;
  title: string;
  /** The playbook signal(s) it serves. */
  signals: readonly PlaybookSignal[];
  /** Settings schema with defaults for every field (`schema.parse({})` gives the defaults). */
  settings: S;
  evaluate(ctx: EngineContext, settings: z.infer<S>): Finding[];
}

export function defineIndicator<S extends z.ZodType>(ind: Indicator<S>): Indicator<S> {
  return ind;
}
