/**
 * unusual-time — activity at an hour the identity does not normally work.
 *
 * Playbook: "unusual times of access". Public content (docs/detections.md, 'unusual-time'): almost
 * none — Splunk "AWS ECR Container Upload Outside Business Hours" (20:00–08:00 and weekends),
 * Splunk "Abnormally High Number Of Cloud Infrastructure API Calls" (hour-of-day buckets + weekend
 * flag, ≥ 16 samples), Panther Okta.SWA.OffHoursAccess.Behavioral (90-d baseline, z-score, cold
 * start ≥ 3 events).
 *
 * Baseline: the identity's prior activity (history.timesBefore: stored + earlier in the input)
 * folded into an hour-of-week profile of weekday/weekend × hour-of-day (the Splunk API-call baseline's weekend flag; 48
 * buckets rather than 168 so a few weeks of history are enough), smoothed ±1 hour. An event is
 * unusual when its bucket holds less than `maxBucketShare` of the prior events: never → medium,
 * rarely → low.
 *
 * Cold start (< minBaselineEvents prior events, or fewer than minBaselineDays days of them), people only (workloads run cron jobs at night by
 * design), low only. A fixed UTC window is nobody's office hours (a European tenant starts at
 * 06:00 UTC, a Seattle team works 16:00–00:00 UTC), so by default (`offHoursFallback:
 * 'population'`) the event is compared with the people of the input instead: the same 48-bucket
 * profile, ±1 h, built once per evaluation from every timed, successful event of a
 * `populationKinds` actor, minus the judged identity's own events (a stolen token's burst must not
 * make its own hour look usual; the per-identity baseline likewise leaves out the current run).
 * The event is flagged only when that population holds ≥ `minPopulationEvents` events over ≥ 2
 * distinct days and the event's bucket ±1 h holds ≤ `populationRareShare` of them; a small or
 * one-day input says nothing. `offHoursFallback: 'fixed'` restores the Splunk business-hours rule (20:00–08:00 local
 * and weekends, `timezoneOffsetMinutes`) for an analyst who knows the organisation's hours;
 * 'off' judges cold identities not at all. Records without a time (`timeKnown: false`) are in
 * neither the baseline nor the population (ctx.timed).
 * Consecutive unusual events of an identity (no usual event between, gaps ≤ runGapMinutes) are one finding.
 *
 * Per tenant (settings `tenants.<id>.unusualTime`, ../settings.ts): a tenant's own working hours
 * (fallback, fixed window, weekends, time zone) replace the global ones for the identities of that
 * tenant (the tenant of an identity's first event: `provider:account`, or the account alone). Such
 * a tenant's population is its own people, on its own clock: another tenant's office hours say
 * nothing about it.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { identitySubject } from '../../baseline/history';
import { tenantOf } from '../../baseline/baseline-file';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting, maxSeverity } from '../finding';

const MIN = 60_000;
const HOUR_MS = 60 * MIN;
const DAY_MS = 24 * HOUR_MS;

export const OFF_HOURS_FALLBACKS = ['population', 'fixed', 'off'] as const;

export const unusualTimeSettings = z.object({
  /** Prior events needed before the per-identity baseline is trusted (Splunk's API-call baseline needs ≥ 16 samples; we ask more for 48 buckets). */
  minBaselineEvents: z.number().int().min(1).default(30),
  /**
   * Distinct days those prior events must cover (Entra unfamiliarFeatures learns ≥ 5 days): one
   * busy morning of 50 events says nothing about the rest of the week.
   */
  minBaselineDays: z.number().int().min(1).default(5),
  /**
   * An identity active in more distinct hours than this (of the 24 of a weekday, or of a weekend
   * day) works around the clock: no hour is unusual for it.
   */
  maxActiveHours: z.number().int().min(1).max(24).default(20),
  /** Bucket share (±1 h smoothing) at or below which an hour is "rare" (Splunk's API-call baseline: outlier threshold 0.005 → we use 1 %). */
  maxBucketShare: z.number().min(0).max(1).default(0.01),
  /**
   * Cold start (fewer than minBaselineEvents prior events): 'population' compares the event with
   * the hours the input's other people work (see minPopulationEvents, populationRareShare);
   * 'fixed' uses the offHoursStart–offHoursEnd window and weekends in timezoneOffsetMinutes
   * local time (Splunk's business-hours rule), for an analyst who knows the organisation's hours; 'off' does not judge
   * cold identities.
   */
  offHoursFallback: z.enum(OFF_HOURS_FALLBACKS).default('population'),
  /** Population fallback: events of other people the input must hold (over ≥ 2 distinct days) before an hour can be called rare. */
  minPopulationEvents: z.number().int().min(1).default(100),
  /** Population fallback: share of the population's events in the event's bucket ±1 h at or below which the hour is rare (1 %). */
  populationRareShare: z.number().min(0).max(1).default(0.01),
  /** Population fallback: actor kinds whose timed, successful events make the population (people, not machines). */
  populationKinds: z.array(z.string()).default(['human']),
  /** Fixed fallback only: off-hours start, local hour (Splunk's business-hours rule: 20:00). */
  offHoursStart: z.number().int().min(0).max(23).default(20),
  /** Fixed fallback only: off-hours end, local hour (Splunk's business-hours rule: 08:00). */
  offHoursEnd: z.number().int().min(0).max(23).default(8),
  /** Fixed fallback only: Saturday and Sunday count as off-hours (Splunk's business-hours rule, Panther's Okta off-hours query). */
  weekendIsOffHours: z.boolean().default(true),
  /**
   * Offset of the organisation's local time from UTC, minutes (e.g. -300 for US Eastern standard
   * time): where days and hours begin for every bucket, and the fixed fallback's clock.
   */
  timezoneOffsetMinutes: z.number().int().min(-840).max(840).default(0),
  /** Actor kinds judged at cold start, by either fallback (workloads and services keep machine hours). */
  coldStartKinds: z.array(z.string()).default(['human', 'federated', 'root']),
  /** A flagged event more than this after the previous flagged one starts a new finding, minutes. */
  runGapMinutes: z.number().min(0).default(120),
  /** Only successful events are judged (failures belong to failures-then-success). */
  successOnly: z.boolean().default(true),
  maxEvidence: maxEvidenceSetting,
});
export type UnusualTimeSettings = z.infer<typeof unusualTimeSettings>;

/**
 * A tenant's working hours (settings `tenants.<id>.unusualTime`): the fields of the global
 * setting that say when the organisation works. Each is optional: what is not given is global.
 */
export const tenantHoursSettings = z
  .object({
    offHoursFallback: z.enum(OFF_HOURS_FALLBACKS).optional(),
    offHoursStart: z.number().int().min(0).max(23).optional(),
    offHoursEnd: z.number().int().min(0).max(23).optional(),
    weekendIsOffHours: z.boolean().optional(),
    timezoneOffsetMinutes: z.number().int().min(-840).max(840).optional(),
  })
  .strict();
export type TenantHours = z.infer<typeof tenantHoursSettings>;
export const TENANT_HOURS_FIELDS = Object.keys(tenantHoursSettings.shape) as (keyof TenantHours)[];

/** The tenant key with its own hours for an event (`provider:account` first, then the account), if any. */
function tenantKeyOf(ctx: EngineContext, e: TokenEvent): string | undefined {
  if (!ctx.tenants) return undefined;
  const full = tenantOf(e);
  if (ctx.tenants[full]?.unusualTime) return full;
  const account = e.actor.account;
  return account !== undefined && ctx.tenants[account]?.unusualTime ? account : undefined;
}

/** Local weekday/weekend × hour bucket: 0–23 weekday hours, 24–47 weekend hours. */
function bucketOf(t: number, offsetMin: number): { bucket: number; hour: number; weekend: boolean; day: number } {
  // Arithmetic, not a Date per call (this runs for every event twice): 1970-01-01 was a Thursday.
  const local = t + offsetMin * MIN;
  const days = Math.floor(local / DAY_MS);
  const day = (((days + 4) % 7) + 7) % 7;
  const hour = Math.floor((local - days * DAY_MS) / HOUR_MS);
  const weekend = day === 0 || day === 6;
  return { bucket: (weekend ? 24 : 0) + hour, hour, weekend, day };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** What a flag was judged against: the identity's own history, the input's people, or the fixed window. */
type Basis = 'identity' | 'population' | 'fixed';

interface Flag {
  e: TokenEvent;
  severity: Severity;
  basis: Basis;
  why: string;
}

/** An hour-of-week profile of a set of events: 48 bucket counts, the total, events per local day. */
interface Profile {
  counts: number[];
  total: number;
  days: Map<number, number>;
}

function emptyProfile(): Profile {
  return { counts: new Array<number>(48).fill(0), total: 0, days: new Map() };
}

function addTo(p: Profile, t: number, offsetMin: number): void {
  p.counts[bucketOf(t, offsetMin).bucket]!++;
  p.total++;
  const day = Math.floor((t + offsetMin * MIN) / DAY_MS);
  p.days.set(day, (p.days.get(day) ?? 0) + 1);
}

const inPopulation = (e: TokenEvent, s: UnusualTimeSettings): boolean =>
  e.outcome.success && s.populationKinds.includes(e.actor.kind);

/** The input's people: every timed, successful event of a populationKinds actor (O(n), once per evaluation). */
function populationOf(ctx: EngineContext, s: UnusualTimeSettings, only?: (e: TokenEvent) => boolean): Profile {
  const p = emptyProfile();
  for (const e of ctx.timed) if (inPopulation(e, s) && (!only || only(e))) addTo(p, e.time, s.timezoneOffsetMinutes);
  return p;
}

/** A tenant's hours without the fields it leaves to the global setting. */
function definedOnly(h: TenantHours): Partial<UnusualTimeSettings> {
  return Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Partial<UnusualTimeSettings>;
}

interface Others {
  counts: number[];
  total: number;
  /** Distinct local days with activity, counted up to 2. */
  days: number;
}

/** The population without one identity's own events: what "the others" do. */
function without(pop: Profile, own: readonly TokenEvent[], s: UnusualTimeSettings): Others {
  const mine = emptyProfile();
  for (const e of own) if (inPopulation(e, s)) addTo(mine, e.time, s.timezoneOffsetMinutes);
  let days = 0;
  for (const [day, n] of pop.days) {
    if (n - (mine.days.get(day) ?? 0) > 0) days++;
    if (days >= 2) break; // only "at least two" matters
  }
  return { counts: pop.counts.map((n, i) => n - mine.counts[i]!), total: pop.total - mine.total, days };
}

export const unusualTime = defineIndicator({
  id: 'unusual-time',
  title: 'Activity at an unusual time for the identity',
  signals: ['unusual-time'],
  settings: unusualTimeSettings,
  evaluate(ctx: EngineContext, global: UnusualTimeSettings): Finding[] {
    const findings: Finding[] = [];
    // '' is everyone on the global clock; a tenant with its own hours has its own population.
    const populations = new Map<string, Profile | undefined>();
    const populationFor = (key: string, s: UnusualTimeSettings): Profile | undefined => {
      if (!populations.has(key)) {
        populations.set(
          key,
          s.offHoursFallback !== 'population'
            ? undefined
            : populationOf(ctx, s, key ? (e) => tenantKeyOf(ctx, e) === key : undefined),
        );
      }
      return populations.get(key);
    };
    for (const [actor, events] of ctx.byIdentity) {
      if (!actor || actor === 'unknown' || !events.length) continue;
      const key = tenantKeyOf(ctx, events[0]!) ?? '';
      const s: UnusualTimeSettings = key ? { ...global, ...definedOnly(ctx.tenants![key]!.unusualTime!) } : global;
      const population = populationFor(key, s);
      const subject = identitySubject(events[0]!);
      // All prior times once (O(n) per identity), walked with a pointer.
      const times = ctx.history.timesBefore(subject, events[events.length - 1]!.time + 1);
      const counts = new Array<number>(48).fill(0);
      let p = 0;
      let days = 0;
      let lastDay = NaN;
      let run: Flag[] = [];
      // The current run's own events are in `times` too; they must not make their hour look usual.
      const runCounts = new Array<number>(48).fill(0);
      // The other people of the input, computed on the identity's first cold-start judgement.
      let others: Others | undefined;
      const othersOf = (): Others | undefined => (population ? (others ??= without(population, events, s)) : undefined);
      const flush = (): void => {
        if (run.length) findings.push(toFinding(actor, run, s));
        run = [];
        runCounts.fill(0);
      };
      for (const e of events) {
        while (p < times.length && times[p]! < e.time) {
          counts[bucketOf(times[p]!, s.timezoneOffsetMinutes).bucket]!++;
          const day = Math.floor(times[p]! / DAY_MS);
          if (day !== lastDay) {
            days++;
            lastDay = day;
          }
          p++;
        }
        if (e.actor.kind === 'service') continue;
        if (s.successOnly && !e.outcome.success) continue;
        if (run.length && e.time - run[run.length - 1]!.e.time > s.runGapMinutes * MIN) flush();
        const flag = judge(e, p - run.length, days, counts, runCounts, othersOf, s);
        if (flag) {
          run.push(flag);
          runCounts[bucketOf(e.time, s.timezoneOffsetMinutes).bucket]!++;
        } else flush(); // a usual-time event breaks the run
      }
      flush();
    }
    return findings.sort((a, b) => a.time - b.time);
  },
});

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function judge(
  e: TokenEvent,
  n: number,
  days: number,
  counts: number[],
  runCounts: number[],
  othersOf: () => Others | undefined,
  s: UnusualTimeSettings,
): Flag | undefined {
  const b = bucketOf(e.time, s.timezoneOffsetMinutes);
  // Written only for a flag (most events are not one).
  const local = (): string =>
    `${DAYS[b.day]} ${String(b.hour).padStart(2, '0')}:00` +
    (s.timezoneOffsetMinutes
      ? ` (UTC${s.timezoneOffsetMinutes > 0 ? '+' : ''}${s.timezoneOffsetMinutes / 60})`
      : ' UTC');
  const base = b.weekend ? 24 : 0;
  const kindOfDay = b.weekend ? 'weekend' : 'weekday';
  /** A bucket and its neighbours (±1 h, same kind of day), as the baseline smooths. */
  const smoothed = (at: (h: number) => number): number => at(b.hour) + at((b.hour + 23) % 24) + at((b.hour + 1) % 24);
  if (n >= s.minBaselineEvents && days >= s.minBaselineDays) {
    const near = smoothed((h) => counts[base + h]! - runCounts[base + h]!);
    const share = near / n;
    if (share > s.maxBucketShare) return undefined;
    // Around-the-clock identities (24/7 services, global teams) have no off-hours to leave.
    let activeHours = 0;
    for (let h = 0; h < 24; h++) if (counts[base + h]! - runCounts[base + h]! > 0) activeHours++;
    if (activeHours > s.maxActiveHours) return undefined;
    return {
      e,
      severity: near === 0 ? 'medium' : 'low',
      basis: 'identity',
      why: `${local()}: ${near} of ${n} prior events fall in this ${kindOfDay} hour ±1 h (${pct(share)}, threshold ${pct(s.maxBucketShare)})`,
    };
  }
  if (!s.coldStartKinds.includes(e.actor.kind)) return undefined;
  const cold = (): string =>
    `cold start: ${n} prior events over ${days} day(s), baseline needs ${s.minBaselineEvents} over ${s.minBaselineDays}`;
  if (s.offHoursFallback === 'population') {
    const others = othersOf();
    // Too few people, or one day of them, is no picture of the organisation's hours.
    if (!others || others.total < s.minPopulationEvents || others.days < 2) return undefined;
    const near = smoothed((h) => others.counts[base + h]!);
    const share = near / others.total;
    if (share > s.populationRareShare) return undefined;
    return {
      e,
      severity: 'low',
      basis: 'population',
      why:
        `${local()}: ${near} of ${others.total} events of the input's other people fall in this ${kindOfDay} hour ±1 h ` +
        `(${pct(share)}, threshold ${pct(s.populationRareShare)}; ${cold()})`,
    };
  }
  if (s.offHoursFallback !== 'fixed') return undefined;
  const offHours =
    s.offHoursStart > s.offHoursEnd
      ? b.hour >= s.offHoursStart || b.hour < s.offHoursEnd
      : b.hour >= s.offHoursStart && b.hour < s.offHoursEnd;
  const weekend = s.weekendIsOffHours && b.weekend;
  if (!offHours && !weekend) return undefined;
  return {
    e,
    severity: 'low',
    basis: 'fixed',
    why:
      `${local()}: ${offHours ? `outside ${String(s.offHoursEnd).padStart(2, '0')}:00–${String(s.offHoursStart).padStart(2, '0')}:00` : ''}` +
      `${offHours && weekend ? ', ' : ''}${weekend ? 'weekend' : ''} (${cold()})`,
  };
}

const TITLES: Record<Basis, (actor: string) => string> = {
  identity: (actor) => `${actor} active at an hour they never or rarely use`,
  population: (actor) => `${actor} active at an hour the input's people rarely use`,
  fixed: (actor) => `${actor} active off-hours`,
};

function toFinding(actor: string, run: Flag[], s: UnusualTimeSettings): Finding {
  let severity: Severity = 'info';
  for (const f of run) severity = maxSeverity(severity, f.severity);
  // A run judged partly against the identity's own baseline is titled by it.
  const basis: Basis = run.some((f) => f.basis === 'identity') ? 'identity' : run[0]!.basis;
  return findingFrom(
    'unusual-time',
    {
      severity,
      title: TITLES[basis](actor),
      detail:
        `${run.length} consecutive event(s) at unusual times; first ${run[0]!.why}` +
        `${run.length > 1 ? `; last ${run[run.length - 1]!.why}` : ''}.`,
    },
    run.map((f) => f.e),
    s.maxEvidence,
    { restsOn: 'profile' },
  );
}
