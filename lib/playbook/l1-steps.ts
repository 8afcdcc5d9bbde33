/**
 * The playbook's "Additional Analysis Steps for L1" (./t1550-001.ts, l1Steps) worked out from a
 * case: for each step, the lines the analyst reads, the events behind them (ids into
 * snapshot.events) and whether the case's logs could show the answer at all (`coverage`: when
 * false, silence proves nothing and the summary says which log to pull). Also the points of the
 * case timeline (components/Timeline.tsx draws them), grouped into one lane per source network.
 *
 * The subject's events, flagged events, the flagged window and the baseline are defined in
 * ./case-events.ts (shared with ./t2-actions.ts).
 *
 * Pure: no DOM, no I/O. Every string in the output may come from a hostile log: renderers must
 * treat it as text.
 */
import type { Case, CaseEvent } from '../model/case';
import {
  baselineEvents,
  flaggedWindow,
  isFlagged,
  isTimed,
  networkName,
  sourceLane,
  sourceText,
  span,
  subjectEvents,
  type TimeRange,
} from './case-events';
import { listText, plural, utc } from './phrasing';

export type L1StepId = 'l1-correlate-logins' | 'l1-new-applications' | 'l1-legitimate-pattern';

export interface L1StepSupport {
  /** Lines for the analyst, most telling first. */
  summary: string[];
  /** Ids (CaseEvent.id) of the events behind the summary. */
  events: string[];
  /** Whether the case had a log that could show this step's answer. */
  coverage: boolean;
}

export interface L1Options {
  /** How far before the first flagged event to look for sign-ins and failures (default 24 h). */
  lookbackMs?: number;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

// ---------------------------------------------------------------------------------------------
// l1-correlate-logins

/**
 * Sign-ins and failures around the token use: the subject's authentication events and failed
 * events from `lookbackMs` before the first flagged event through the last one (without flagged
 * events: the same look-back before the subject's whole span). `coverage` is whether the case
 * has any sign-in (authentication) event: a failed API call is reported, but it does not show a
 * brute-force or phishing attempt against the sign-in.
 */
export function correlateLogins(c: Case, opts: L1Options = {}): L1StepSupport {
  const lookback = opts.lookbackMs ?? DAY_MS;
  const events = subjectEvents(c);
  const anchor = flaggedWindow(events) ?? span(events);
  const signIns = events.filter((e) => e.class === 'authentication');
  const coverage = signIns.length > 0;
  const summary: string[] = [];

  if (!anchor) {
    summary.push('No event in this analysis has a readable time: sign-ins cannot be placed before the token use.');
    if (!coverage)
      summary.push(
        "No sign-in events in this analysis: check the identity provider's sign-in log around the token use",
      );
    return { summary, events: [], coverage };
  }
  const from = anchor.from - lookback;
  const inWindow = events
    .filter((e) => isTimed(e) && e.time >= from && e.time <= anchor.to)
    .sort((a, b) => a.time - b.time);
  const relevant = inWindow.filter((e) => e.class === 'authentication' || !e.success);
  const failures = relevant.filter((e) => !e.success);
  const hours = Math.round(lookback / HOUR_MS);

  if (!coverage) {
    summary.push(
      `No sign-in events in this analysis: check the identity provider's sign-in log for the ${hours} h before ${utc(anchor.from)}`,
    );
  } else {
    const windowSignIns = relevant.filter((e) => e.class === 'authentication');
    const ok = windowSignIns.filter((e) => e.success).length;
    summary.push(
      `${plural(windowSignIns.length, 'sign-in event')} from ${hours} h before ${utc(anchor.from)} ` +
        `to ${utc(anchor.to)} (${ok} succeeded, ${windowSignIns.length - ok} failed)`,
    );
  }

  const ids: string[] = relevant.map((e) => e.id);
  if (failures.length) {
    const bySource = new Map<string, { text: string; n: number }>();
    for (const e of failures) {
      const key = e.ip ?? e.caller ?? '';
      const prev = bySource.get(key);
      if (prev) prev.n++;
      else bySource.set(key, { text: sourceText(e), n: 1 });
    }
    const parts = [...bySource.values()].sort((a, b) => b.n - a.n).map((s) => `${s.n} from ${s.text}`);
    summary.push(`${plural(failures.length, 'failed attempt')}: ${listText(parts)}`);
    const firstFail = failures[0]!;
    const success = inWindow.find((e) => e.success && e.time >= firstFail.time);
    if (success) {
      summary.push(
        `A success followed the failures: ${success.action} at ${utc(success.time)} from ${sourceText(success)}`,
      );
      if (!ids.includes(success.id)) ids.push(success.id);
    } else {
      summary.push('No success followed the failures in this window.');
    }
  } else if (coverage) {
    summary.push('No failed attempts in this window.');
  } else {
    summary.push('No failed calls in this window either.');
  }

  const ips = uniq(relevant.map((e) => e.ip).filter((ip): ip is string => Boolean(ip)));
  if (relevant.length) summary.push(`${plural(ips.length, 'distinct source IP')}: ${listText(ips)}`);
  const untimed = events.filter((e) => !isTimed(e) && (e.class === 'authentication' || !e.success)).length;
  if (untimed)
    summary.push(`${plural(untimed, 'sign-in or failed event')} without a readable time not placed in the window.`);
  return { summary, events: ids, coverage };
}

// ---------------------------------------------------------------------------------------------
// l1-new-applications

const APP_INDICATORS = new Set(['oauth-consent', 'new-auth-material']);

/**
 * New or unusual applications: the findings of oauth-consent and new-auth-material, then every
 * application (appId, else appName) in the subject's events, new when first seen inside the
 * flagged window (or later) and never before it. `coverage` is whether any event names an
 * application or is a grant (authorization_grant) — without those, no consent could show.
 */
export function newApplications(c: Case): L1StepSupport {
  const events = subjectEvents(c);
  const summary: string[] = [];
  // In first-seen order, each once (a Set: a finding can cite thousands of events).
  const ids = new Set<string>();
  const push = (id: string) => ids.add(id);

  const findings = c.snapshot.findings.filter((f) => APP_INDICATORS.has(f.indicator));
  for (const f of findings) {
    summary.push(`${f.severity === 'info' ? 'Note' : `Finding (${f.severity})`}: ${f.title}`);
    f.evidence.forEach((ev) => push(ev.eventId));
  }

  const w = flaggedWindow(events);
  const apps = new Map<string, { name: string; first: number; before: boolean; firstId: string }>();
  for (const e of events) {
    const key = e.appId ?? e.appName;
    if (!key || !isTimed(e)) continue;
    const name = e.appName && e.appId ? `${e.appName} (${e.appId})` : key;
    const before = w !== null && e.time < w.from;
    const prev = apps.get(key);
    if (!prev) apps.set(key, { name, first: e.time, before, firstId: e.id });
    else {
      prev.before ||= before;
      if (e.time < prev.first) Object.assign(prev, { first: e.time, firstId: e.id });
    }
  }
  const all = [...apps.values()].sort((a, b) => a.first - b.first);
  const fresh = w ? all.filter((a) => !a.before && a.first >= w.from) : [];
  const known = w ? all.filter((a) => a.before) : all;
  for (const a of fresh) {
    summary.push(`New application in the flagged window: ${a.name}, first seen ${utc(a.first)}`);
    push(a.firstId);
  }
  if (known.length)
    summary.push(
      `${w ? 'Applications already used before the flagged window' : 'Applications seen'}: ${listText(known.map((a) => a.name))}`,
    );

  const grants = events.filter((e) => e.class === 'authorization_grant');
  if (grants.length) {
    summary.push(
      `${plural(grants.length, 'grant or consent event')}: ${listText(uniq(grants.map((g) => `${g.action}${g.appName ? ` (${g.appName})` : ''}`)))}`,
    );
    grants.forEach((g) => push(g.id));
  }

  const coverage = grants.length > 0 || events.some((e) => Boolean(e.appId || e.appName));
  if (!coverage) {
    summary.push(
      "No application or consent events in this analysis: check the identity provider's audit log " +
        '(consents, enterprise applications, OAuth apps) for the account',
    );
  } else if (!findings.length && !fresh.length) {
    summary.push('No new application or consent was flagged.');
  }
  return { summary, events: [...ids], coverage };
}

// ---------------------------------------------------------------------------------------------
// l1-legitimate-pattern

interface Dimension {
  label: string;
  value: (e: CaseEvent) => string | undefined;
}

const hourOf = (e: CaseEvent) => `${String(new Date(e.time).getUTCHours()).padStart(2, '0')}:00`;

const DIMENSIONS: readonly Dimension[] = [
  { label: 'Source IPs', value: (e) => e.ip ?? e.caller },
  { label: 'Networks', value: networkName },
  { label: 'Countries', value: (e) => e.country },
  { label: 'User agents', value: (e) => e.userAgent },
  { label: 'Hours (UTC)', value: (e) => (isTimed(e) ? hourOf(e) : undefined) },
];

/**
 * The flagged events against the subject's earlier unflagged events: per dimension (IPs,
 * networks, countries, user agents, hour of day in UTC), the usual values and the flagged ones,
 * the flagged values never seen before marked "new". `coverage` is whether there is any earlier
 * event to compare with. Events: the flagged ones first, then the earlier ones.
 */
export function legitimatePattern(c: Case): L1StepSupport {
  const events = subjectEvents(c);
  const flagged = events.filter(isFlagged);
  const baseline = baselineEvents(events);
  const w = flaggedWindow(events);
  const summary: string[] = [];
  if (!flagged.length) {
    summary.push('No flagged events: nothing to compare with the usual pattern.');
    return { summary, events: [], coverage: baseline.length > 0 };
  }
  if (!baseline.length) {
    summary.push(
      `No earlier unflagged events of this subject in the analysis: compare with the account's history ` +
        `in the provider's logs (for example the 30 days before ${w ? utc(w.from) : 'the flagged events'}).`,
    );
  } else {
    const b = span(baseline)!;
    summary.push(
      `${plural(flagged.length, 'flagged event')} compared with ${plural(baseline.length, 'earlier event')} (${utc(b.from)} to ${utc(b.to)})`,
    );
  }
  for (const d of DIMENSIONS) {
    const usual = uniq(baseline.map(d.value).filter((v): v is string => Boolean(v)));
    const seen = uniq(flagged.map(d.value).filter((v): v is string => Boolean(v)));
    if (!usual.length && !seen.length) continue;
    const usualSet = new Set(usual);
    const marked = seen.map((v) => (baseline.length && !usualSet.has(v) ? `${v} (new)` : v));
    const line = baseline.length
      ? `${d.label}: usual ${listText(usual.sort())}; flagged ${listText(marked)}`
      : `${d.label}: flagged ${listText(marked)}`;
    summary.push(line);
  }
  const ids = uniq([...flagged.map((e) => e.id), ...baseline.map((e) => e.id)]);
  return { summary, events: ids, coverage: baseline.length > 0 };
}

/** All three L1 steps, keyed by the playbook item id. */
export function l1Steps(c: Case, opts: L1Options = {}): Record<L1StepId, L1StepSupport> {
  return {
    'l1-correlate-logins': correlateLogins(c, opts),
    'l1-new-applications': newApplications(c),
    'l1-legitimate-pattern': legitimatePattern(c),
  };
}

// ---------------------------------------------------------------------------------------------
// Timeline

export interface TimelinePoint {
  id: string;
  time: number;
  /** What happened, one line: `CreateAccessKey`, `GetCallerIdentity (failed: AccessDenied)`. */
  label: string;
  flagged: boolean;
  /** The indicators whose findings cite the event. */
  indicators: string[];
  success: boolean;
  /** The source network the event came from (a lane of the chart). */
  lane: string;
}

export interface TimelineLane {
  id: string;
  label: string;
  count: number;
  flagged: number;
}

export interface TimelineSeries {
  /** Time order. */
  points: TimelinePoint[];
  /** In order of each lane's first event. */
  lanes: TimelineLane[];
  /** First and last plotted time; null when nothing has a time. */
  domain: TimeRange | null;
  /** First to last flagged event; null without flagged events. */
  flaggedWindow: TimeRange | null;
  /** Events without a readable time (counted, not plotted). */
  untimed: number;
}

export interface TimelineOptions {
  /** Every event of the snapshot, not only the subject's (default false). */
  allEvents?: boolean;
}

export function pointLabel(e: CaseEvent): string {
  if (e.success) return e.action;
  return `${e.action} (failed${e.code ? `: ${e.code}` : ''})`;
}

/** The subject's timed events as chart points, one lane per source network (see the header). */
export function timelineSeries(c: Case, opts: TimelineOptions = {}): TimelineSeries {
  const events = opts.allEvents ? [...c.snapshot.events] : subjectEvents(c);
  const timed = events.filter(isTimed).sort((a, b) => a.time - b.time);
  const lanes = new Map<string, TimelineLane>();
  const points = timed.map((e): TimelinePoint => {
    const lane = sourceLane(e);
    const l = lanes.get(lane) ?? { id: lane, label: lane, count: 0, flagged: 0 };
    l.count++;
    if (isFlagged(e)) l.flagged++;
    lanes.set(lane, l);
    return {
      id: e.id,
      time: e.time,
      label: pointLabel(e),
      flagged: isFlagged(e),
      indicators: [...e.flagged],
      success: e.success,
      lane,
    };
  });
  return {
    points,
    lanes: [...lanes.values()],
    domain: span(timed),
    flaggedWindow: flaggedWindow(timed),
    untimed: events.length - timed.length,
  };
}
