/**
 * The CLI's `--json` document: exactly one object with the verdict, the findings (each naming
 * the records that prove it by their own ids) and the read statistics. Extra keys (reasons,
 * subjects, rejections) only add to the documented shape.
 */
import type { EngineResult } from '../engine/run';
import type { ReadStats, Rejection } from '../sources/read-events';
import { isoTime } from '../model/time';
import { maskDeep } from '../model/secret';

export interface ScanJson {
  verdict: EngineResult['verdict'];
  reasons: string[];
  findings: {
    indicator: string;
    severity: string;
    title: string;
    detail: string;
    events: string[];
    identities: string[];
    tokens: string[];
    /** The first evidence event's time; null when no evidence event has a readable time. */
    time: string | null;
  }[];
  subjects: { subject: string; verdict: string; score: number; reasons: string[] }[];
  /** `noCaller`: events whose record names no caller (identity stripped or missing): no identity subject. */
  stats: {
    records: number;
    parsed: number;
    rejected: number;
    events: number;
    noCaller: number;
    byFormat: Record<string, number>;
  };
  rejections: { total: number; byReason: Record<string, number>; examples: Rejection[] };
  errors: EngineResult['errors'];
}

export function toScanJson(result: EngineResult, stats: ReadStats, rejections: readonly Rejection[]): ScanJson {
  // Log text (names, actions, user agents in titles and details) may carry secrets: the document is masked whole.
  return maskDeep({
    verdict: result.verdict,
    reasons: result.reasons,
    findings: result.findings.map((f) => ({
      indicator: f.indicator,
      severity: f.severity,
      title: f.title,
      detail: f.detail,
      events: f.events,
      identities: f.identities,
      tokens: f.tokens,
      time: f.time ? isoTime(f.time) : null,
      ...(f.allowedBy ? { allowedBy: f.allowedBy } : {}),
    })),
    subjects: result.subjects
      .filter((s) => s.verdict !== 'benign')
      .map((s) => ({ subject: s.subject, verdict: s.verdict, score: s.score, reasons: s.reasons })),
    stats: {
      records: stats.records,
      parsed: stats.parsed,
      rejected: stats.rejected,
      events: stats.events,
      noCaller: result.noCaller ?? 0,
      byFormat: stats.byFormat,
      ...(stats.duplicates ? { duplicates: stats.duplicates } : {}),
    },
    rejections: { total: stats.rejected, byReason: stats.rejectedByReason, examples: [...rejections] },
    errors: result.errors,
  });
}
