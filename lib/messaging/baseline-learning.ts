/**
 * The background's stored baselines (issue 10), without the wiring: which baselines a tab is
 * judged with, and learning its rows afterwards.
 *
 * - `filesFor(tenants)` reads the tenants' baselines from the store, kept in memory (replaced by
 *   what this service writes) until `forget()` is called (a restore or a purge elsewhere in the
 *   background).
 * - `learnLater(tabId, events)` learns the tab's events once the tab has been quiet for
 *   `delayMs` (a page sends its rows in bursts as the analyst scrolls: one write per burst, not
 *   one per batch). Each event id is learned once per tenant (lib/store/baselines.ts), so rows
 *   sent again are not counted twice. Nothing is learned while the switch is off.
 *
 * Time and timers are injected, so the tests run without waiting.
 */
import type { TokenEvent } from '../model/token-event';
import type { IntelProvider } from '../intel/intel-provider';
import type { BaselineFile } from '../baseline/baseline-file';
import type { TriageDb } from '../store/db';
import { type BaselineProblem, type LearnReport, learnEvents, readBaselines } from '../store/baselines';

export const DEFAULT_LEARN_DELAY_MS = 3_000;

export interface BaselineServiceDeps {
  db(): Promise<TriageDb>;
  /** The options' switch (lib/messaging/learning-switch.ts): false stops learning. */
  learningEnabled(): Promise<boolean>;
  /** The team's retention setting, days (settings `baseline.retentionDays`), read at each learning run. */
  retentionDays?(): number | undefined;
  intel(): IntelProvider | undefined;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  delayMs?: number;
  /** Told what each learning run did (the background logs a refused tenant). */
  onLearned?(reports: LearnReport[]): void;
  /** A learning run failed (the store could not be opened or written): nothing half-written. */
  onError?(err: unknown): void;
}

export class BaselineService {
  private readonly cache = new Map<string, BaselineFile | null>();
  private readonly timers = new Map<number, unknown>();
  private readonly waiting = new Map<number, () => readonly TokenEvent[]>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Damaged stored rows met while reading (the sidebar shows those of a tab's tenants: problemsFor). */
  readonly problems: BaselineProblem[] = [];

  constructor(private readonly deps: BaselineServiceDeps) {}

  /** The stored baselines of these tenants (those that have one). */
  async filesFor(tenants: readonly string[]): Promise<BaselineFile[]> {
    const missing = tenants.filter((t) => !this.cache.has(t));
    if (missing.length) {
      const { files, problems } = await readBaselines(await this.deps.db(), missing);
      for (const t of missing) this.cache.set(t, files.find((f) => f.tenant === t) ?? null);
      this.problems.push(...problems);
      this.problems.splice(0, Math.max(0, this.problems.length - 50));
    }
    return tenants.map((t) => this.cache.get(t)).filter((f): f is BaselineFile => !!f);
  }

  /** The damaged stored baselines among these tenants' (read by filesFor), each once. */
  problemsFor(tenants: readonly string[]): BaselineProblem[] {
    const wanted = new Set(tenants);
    const out = new Map<string, BaselineProblem>();
    for (const p of this.problems) if (wanted.has(p.tenant) && this.cache.get(p.tenant) === null) out.set(p.tenant, p);
    return [...out.values()];
  }

  /** Forget what was read: the store changed under this service (restore, purge). */
  forget(): void {
    this.cache.clear();
    this.problems.length = 0;
  }

  /** Learns the tab's events after it has been quiet for the delay; `events` is read then. */
  learnLater(tabId: number, events: () => readonly TokenEvent[]): void {
    const prev = this.timers.get(tabId);
    if (prev !== undefined) this.deps.clearTimer(prev);
    this.waiting.set(tabId, events);
    this.timers.set(
      tabId,
      this.deps.setTimer(() => this.flushQuietly(tabId), this.deps.delayMs ?? DEFAULT_LEARN_DELAY_MS),
    );
  }

  /** The tab went away: what it showed is still learned (now), then forgotten. */
  dropTab(tabId: number): void {
    if (this.waiting.has(tabId)) this.flushQuietly(tabId);
  }

  private flushQuietly(tabId: number): void {
    this.flush(tabId).catch((err: unknown) => this.deps.onError?.(err));
  }

  /** Learns what the tab is waiting with now (runs one learning at a time). */
  flush(tabId: number): Promise<LearnReport[]> {
    const t = this.timers.get(tabId);
    if (t !== undefined) this.deps.clearTimer(t);
    this.timers.delete(tabId);
    const events = this.waiting.get(tabId);
    this.waiting.delete(tabId);
    const run = this.queue.then(async (): Promise<LearnReport[]> => {
      if (!events || !(await this.deps.learningEnabled())) return [];
      const list = events();
      if (!list.length) return [];
      // The written baseline replaces the cached one: the next verdict does not read it back.
      const reports = await learnEvents(
        await this.deps.db(),
        list,
        this.deps.intel(),
        this.deps.now(),
        (file) => this.cache.set(file.tenant, file),
        this.deps.retentionDays?.(),
      );
      this.deps.onLearned?.(reports);
      return reports;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
