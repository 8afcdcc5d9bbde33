/**
 * The History implementation: learns from events observed in time order, optionally seeded
 * with a stored snapshot. Dimension values come from the event and its network enrichment.
 */
import type { TokenEvent } from '../model/token-event';
import type { IpIntel } from '../intel/intel-provider';
import { hasCaller } from '../model/caller';
import { type Dimension, type History, type HistorySnapshot, identitySubject, tokenSubject } from './history';

interface SubjectState {
  times: number[];
  sorted: boolean;
  seen: Map<Dimension, Map<string, number>>;
  /** Last countBefore answer: indicators walk a subject's events in time order, so most queries move forward a little. */
  cursorTime: number;
  cursorIndex: number;
  /**
   * The source (with its enrichment) and action last noted, and when: the reader shares equal
   * parts (lib/model/part-pool.ts), so the next event from the same source or with the same action,
   * no earlier, would note values whose first time is already at or before it.
   */
  lastSource?: TokenEvent['source'];
  lastNet?: IpIntel;
  lastSourceTime: number;
  lastAction?: TokenEvent['action'];
  lastActionTime: number;
}

export class Baseline implements History {
  private readonly subjects = new Map<string, SubjectState>();
  private readonly byActor = new Map<string, SubjectState>();
  private readonly byToken = new Map<string, SubjectState>();

  constructor(snapshot?: HistorySnapshot) {
    if (snapshot) {
      for (const [subject, s] of Object.entries(snapshot.subjects)) {
        const st = this.state(subject);
        st.times.push(...s.times);
        st.sorted = false;
        for (const [dim, values] of Object.entries(s.seen)) {
          for (const [v, t] of Object.entries(values ?? {})) this.note(st, dim as Dimension, v, t);
        }
      }
    }
  }

  /** Learn one event. `net` is its enrichment (ASN, country, kind) when the source IP has one. */
  observe(e: TokenEvent, net?: IpIntel): void {
    // A record without a caller is no identity's history (lib/model/caller.ts).
    const asn = e.source.asn ?? net?.asn;
    const country = e.source.country ?? net?.country;
    const ids = hasCaller(e) ? this.stateOfRaw(this.byActor, e, e.actor.id, identitySubject) : undefined;
    const tok = e.credential?.id
      ? this.stateOfRaw(this.byToken, e, e.credential.id, (ev) => tokenSubject(ev)!)
      : undefined;
    if (ids) this.learn(ids, e, asn, country, net);
    if (tok) this.learn(tok, e, asn, country, net);
  }

  private learn(
    st: SubjectState,
    e: TokenEvent,
    asn: number | string | undefined,
    country: string | undefined,
    net: IpIntel | undefined,
  ): void {
    const last = st.times[st.times.length - 1];
    if (last !== undefined && e.time < last) st.sorted = false;
    st.times.push(e.time);
    const t = e.time;
    if (e.source !== st.lastSource || net !== st.lastNet || t < st.lastSourceTime) {
      if (e.source.ip) this.note(st, 'ip', e.source.ip, t);
      if (asn !== undefined) this.note(st, 'asn', String(asn), t);
      if (country) this.note(st, 'country', country.toUpperCase(), t);
      if (e.source.userAgent) this.note(st, 'ua', e.source.userAgent, t);
      if (net) this.note(st, 'network', net.kind, t);
      st.lastSource = e.source;
      st.lastNet = net;
      st.lastSourceTime = t;
    }
    if (e.app?.id) this.note(st, 'app', e.app.id, t);
    if (e.action !== st.lastAction || t < st.lastActionTime) {
      this.note(st, 'action', e.action.name, t);
      st.lastAction = e.action;
      st.lastActionTime = t;
    }
  }

  firstSeen(subject: string, dim: Dimension, value: string): number | undefined {
    return this.subjects.get(subject)?.seen.get(dim)?.get(value);
  }

  countBefore(subject: string, time: number): number {
    const st = this.subjects.get(subject);
    if (!st) return 0;
    const times = this.sortedTimes(st);
    let i: number;
    if (time >= st.cursorTime) {
      // A few steps forward from the last answer, then binary search the rest.
      i = st.cursorIndex;
      const stop = Math.min(times.length, i + 16);
      while (i < stop && times[i]! < time) i++;
      if (i === stop && i < times.length && times[i]! < time) i = lowerBound(times, time, i);
    } else {
      i = lowerBound(times, time);
    }
    st.cursorTime = time;
    st.cursorIndex = i;
    return i;
  }

  firstActivity(subject: string): number | undefined {
    const st = this.subjects.get(subject);
    return st && st.times.length ? this.sortedTimes(st)[0] : undefined;
  }

  timesBefore(subject: string, time: number): readonly number[] {
    const st = this.subjects.get(subject);
    if (!st) return [];
    const times = this.sortedTimes(st);
    return times.slice(0, lowerBound(times, time));
  }

  snapshot(): HistorySnapshot {
    const subjects: HistorySnapshot['subjects'] = {};
    for (const [subject, st] of this.subjects) {
      const seen: HistorySnapshot['subjects'][string]['seen'] = {};
      for (const [dim, values] of st.seen) seen[dim] = Object.fromEntries(values);
      subjects[subject] = { times: [...this.sortedTimes(st)], seen };
    }
    return { version: 1, subjects };
  }

  /**
   * The state of an actor or token id, by the raw id: observe runs for every event, and building
   * the "id:…" subject string for each would allocate and hash a new string every time.
   */
  private stateOfRaw(
    cache: Map<string, SubjectState>,
    e: TokenEvent,
    raw: string,
    subject: (e: TokenEvent) => string,
  ): SubjectState {
    let st = cache.get(raw);
    if (!st) cache.set(raw, (st = this.state(subject(e))));
    return st;
  }

  private state(subject: string): SubjectState {
    let st = this.subjects.get(subject);
    if (!st) {
      st = {
        times: [],
        sorted: true,
        seen: new Map(),
        cursorTime: -Infinity,
        cursorIndex: 0,
        lastSourceTime: -Infinity,
        lastActionTime: -Infinity,
      };
      this.subjects.set(subject, st);
    }
    return st;
  }

  private note(st: SubjectState, dim: Dimension, value: string, time: number): void {
    let m = st.seen.get(dim);
    if (!m) st.seen.set(dim, (m = new Map()));
    const prev = m.get(value);
    if (prev === undefined || time < prev) m.set(value, time);
  }

  private sortedTimes(st: SubjectState): number[] {
    if (!st.sorted) {
      st.times.sort((a, b) => a - b);
      st.sorted = true;
      st.cursorTime = -Infinity;
      st.cursorIndex = 0;
    }
    return st.times;
  }
}

/** Index of the first element >= t. */
function lowerBound(a: readonly number[], t: number, from = 0): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
