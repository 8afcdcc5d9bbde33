/**
 * unusual-time — activity at an hour the identity does not normally work.
 *
 * Playbook: "unusual times of access". Public content (research/detections.md §1 I6, §4): almost
 * none — Splunk SP13 (20:00–08:00 and weekends), SP8 (hour-of-day buckets + weekend flag, ≥ 16
 * samples), Panther P16f (Okta SWA off-hours: 90-d baseline, z-score, cold start ≥ 3 events).
 *
 * Baseline: the identity's prior activity (history.timesBefore: stored + earlier in the input)
 * folded into an hour-of-week profile of weekday/weekend × hour-of-day (SP8's weekend flag; 48
 * buckets rather than 168 so a few weeks of history are enough), smoothed ±1 hour. An event is
 * unusual when its bucket holds less than `maxBucketShare` of the prior events: never → medium,
 * rarely → low. Cold start (< minBaselineEvents prior events): SP13's off-hours / weekend rule,
 * low only, and only for people (workloads run cron jobs at night by design).
 * Consecutive unusual events of an identity (no usual event between, gaps ≤ runGapMinutes) are one finding.
 */
import { z } from 'zod';
import type { TokenEvent } from '../../model/token-event';
import { identitySubject } from '../../baseline/history';
import { defineIndicator, type EngineContext, type Finding, type Severity } from '../types';
import { findingFrom, maxEvidenceSetting, maxSeverity } from '../finding';

const MIN = 60_000;

export const unusualTimeSettings = z.object({
  /** Prior events needed before the per-identity baseline is trusted (SP8 needs ≥ 16 samples; we ask more for 48 buckets). */
  minBaselineEvents: z.number().int().min(1).default(30),
  /** Bucket share (±1 h smoothing) at or below which an hour is "rare" (SP8 outlier threshold 0.005 → we use 1 %). */
  maxBucketShare: z.number().min(0).max(1).default(0.01),
  /** Cold-start off-hours start, local hour (SP13: 20:00). */
  offHoursStart: z.number().int().min(0).max(23).default(20),
  /** Cold-start off-hours end, local hour (SP13: 08:00). */
  offHoursEnd: z.number().int().min(0).max(23).default(8),
  /** Cold-start: Saturday and Sunday count as off-hours (SP13, P16f). */
  weekendIsOffHours: z.boolean().default(true),
  /** Offset of the organisation's local time from UTC, minutes (e.g. -300 for US Eastern standard time). */
  timezoneOffsetMinutes: z.number().int().min(-840).max(840).default(0),
  /** Actor kinds judged by the cold-start rule (workloads and services keep machine hours). */
  coldStartKinds: z.array(z.string()).default(['human', 'federated', 'root']),
  /** A flagged event more than this after the previous flagged one starts a new finding, minutes. */
  runGapMinutes: z.number().min(0).default(120),
  /** Only successful events are judged (failures belong to failures-then-success). */
  successOnly: z.boolean().default(true),
  maxEvidence: maxEvidenceSetting,
});
export type UnusualTimeSettings = z.infer<typeof unusualTimeSettings>;

/** Local weekday/weekend × hour bucket: 0–23 weekday hours, 24–47 weekend hours. */
function bucketOf(t: number, offsetMin: number): { bucket: number; hour: number; weekend: boolean; day: number } {
  const d = new Date(t + offsetMin * MIN);
  const day = d.getUTCDay();
  const hour = d.getUTCHours();
  const weekend = day === 0 || day === 6;
  return { bucket: (weekend ? 24 : 0) + hour, hour, weekend, day };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface Flag {
  e: TokenEvent;
  severity: Severity;
  why: string;
}

export const unusualTime = defineIndicator({
  id: 'unusual-time',
  title: 'Activity at an unusual time for the identity',
  signals: ['unusual-time'],
  settings: unusualTimeSettings,
  evaluate(ctx: EngineContext, s: UnusualTimeSettings): Finding[] {
    const findings: Finding[] = [];
    for (const [actor, events] of ctx.byIdentity) {
      if (!actor || actor === 'unknown' || !events.length) continue;
      const subject = identitySubject(events[0]!);
      // All prior times once (O(n) per identity), walked with a pointer.
      const times = ctx.history.timesBefore(subject, events[events.length - 1]!.time + 1);
      const counts = new Array<number>(48).fill(0);
      let p = 0;
      let run: Flag[] = [];
      // The current run's own events are in `times` too; they must not make their hour look usual.
      const runCounts = new Array<number>(48).fill(0);
      const flush = (): void => {
        if (run.length) findings.push(toFinding(actor, run, s));
        run = [];
        runCounts.fill(0);
      };
      for (const e of events) {
        while (p < times.length && times[p]! < e.time) {
          counts[bucketOf(times[p]!, s.timezoneOffsetMinutes).bucket]!++;
          p++;
        }
        if (e.actor.kind === 'service') continue;
        if (s.successOnly && !e.outcome.success) continue;
        if (run.length && e.time - run[run.length - 1]!.e.time > s.runGapMinutes * MIN) flush();
        const flag = judge(e, p - run.length, counts, runCounts, s);
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

function judge(e: TokenEvent, n: number, counts: number[], runCounts: number[], s: UnusualTimeSettings): Flag | undefined {
  const b = bucketOf(e.time, s.timezoneOffsetMinutes);
  const local = `${DAYS[b.day]} ${String(b.hour).padStart(2, '0')}:00${s.timezoneOffsetMinutes ? ` (UTC${s.timezoneOffsetMinutes > 0 ? '+' : ''}${s.timezoneOffsetMinutes / 60})` : ' UTC'}`;
  if (n >= s.minBaselineEvents) {
    const base = b.weekend ? 24 : 0;
    const at = (h: number): number => counts[base + h]! - runCounts[base + h]!;
    const near = at(b.hour) + at((b.hour + 23) % 24) + at((b.hour + 1) % 24);
    const share = near / n;
    if (share > s.maxBucketShare) return undefined;
    return {
      e,
      severity: near === 0 ? 'medium' : 'low',
      why: `${local}: ${near} of ${n} prior events fall in this ${b.weekend ? 'weekend' : 'weekday'} hour ±1 h (${(share * 100).toFixed(1)} %, threshold ${(s.maxBucketShare * 100).toFixed(1)} %)`,
    };
  }
  if (!s.coldStartKinds.includes(e.actor.kind)) return undefined;
  const offHours = s.offHoursStart > s.offHoursEnd
    ? b.hour >= s.offHoursStart || b.hour < s.offHoursEnd
    : b.hour >= s.offHoursStart && b.hour < s.offHoursEnd;
  const weekend = s.weekendIsOffHours && b.weekend;
  if (!offHours && !weekend) return undefined;
  return {
    e,
    severity: 'low',
    why: `${local}: ${offHours ? `outside ${String(s.offHoursEnd).padStart(2, '0')}:00–${String(s.offHoursStart).padStart(2, '0')}:00` : ''}${offHours && weekend ? ', ' : ''}${weekend ? 'weekend' : ''} (cold start: ${n} prior events < ${s.minBaselineEvents})`,
  };
}

function toFinding(actor: string, run: Flag[], s: UnusualTimeSettings): Finding {
  let severity: Severity = 'info';
  for (const f of run) severity = maxSeverity(severity, f.severity);
  const cold = run.every((f) => f.why.includes('cold start'));
  return findingFrom('unusual-time', {
    severity,
    title: cold ? `${actor} active off-hours` : `${actor} active at an hour they never or rarely use`,
    detail:
      `${run.length} consecutive event(s) at unusual times; first ${run[0]!.why}` +
      `${run.length > 1 ? `; last ${run[run.length - 1]!.why}` : ''}.`,
  }, run.map((f) => f.e), s.maxEvidence);
}
