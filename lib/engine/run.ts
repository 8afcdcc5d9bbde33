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

export interface EngineOptions {
  intel?: IntelProvider;
  history?: HistorySnapshot;
  settings?: EngineSettings;
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
  const ctx = buildContext(events, { intel: opts.intel, history: opts.history });
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
  findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.time - b.time);
  return { findings, errors, noCaller: ctx.noCaller.length, ...decide(findings, settings.verdict) };
}
