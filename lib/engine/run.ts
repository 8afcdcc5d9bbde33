/**
 * Runs every registered indicator over the events and reaches the verdict. Pure and
 * synchronous: the CLI calls it after reading files, the extension's background after reading
 * a page.
 */
import type { TokenEvent } from '../model/token-event';
import type { HistorySnapshot } from '../baseline/history';
import type { IntelProvider } from '../intel/intel-provider';
import { buildContext } from './context';
import { INDICATORS } from './indicators';
import { type EngineSettings, defaultSettings } from './settings';
import { type Finding, severityRank } from './types';
import { type VerdictResult, decide } from './verdict';
import { applyAllowList } from './allow-list';
import { withHistoryClause } from './history-clause';

export interface EngineOptions {
  intel?: IntelProvider;
  /** The stored history (the CLI's --history, the extension's baselines), seen before the input. */
  history?: HistorySnapshot;
  /**
   * Findings that rest on history say how much they were judged against (./history-clause.ts).
   * Default: when a stored history is given (even an empty one); the CLI without --history and
   * file imports keep their text.
   */
  describeHistory?: boolean;
  settings?: EngineSettings;
  /** When allow-list expiries are judged (default: now). */
  now?: number;
}

export interface EngineResult extends VerdictResult {
  findings: Finding[];
  /** Records that name no caller (lib/model/caller.ts): reported, never one "unknown" identity. */
  noCaller: number;
  /** Indicators that threw: reported, never silently dropped. */
  errors: { indicator: string; message: string }[];
}

export function runEngine(events: readonly TokenEvent[], opts: EngineOptions = {}): EngineResult {
  const settings = opts.settings ?? defaultSettings();
  const ctx = buildContext(events, { intel: opts.intel, history: opts.history, tenants: settings.tenants });
  const findings: Finding[] = [];
  const errors: EngineResult['errors'] = [];
  for (const ind of INDICATORS) {
    if (settings.disabled.includes(ind.id)) continue;
    try {
      findings.push(...ind.evaluate(ctx, (settings.indicators as Record<string, unknown>)[ind.id]));
    } catch (err) {
      errors.push({ indicator: ind.id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  let judged =
    (opts.describeHistory ?? opts.history !== undefined)
      ? findings.map((f) => withHistoryClause(f, opts.history))
      : findings;
  if (settings.allow.length) {
    const byId = new Map(ctx.events.map((e) => [e.id, e]));
    judged = applyAllowList(judged, settings.allow, opts.now ?? Date.now(), (id) => byId.get(id), ctx.network);
  }
  judged.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.time - b.time);
  // Allowed findings stay in the report and out of the verdict.
  return {
    findings: judged,
    errors,
    noCaller: ctx.noCaller.length,
    ...decide(
      judged.filter((f) => !f.allowedBy),
      settings.verdict,
    ),
  };
}
