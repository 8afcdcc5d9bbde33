/**
 * The CLI's readable report: verdict and its reasons in the playbook's words, then findings with
 * their evidence rows, then what could not be read and why. Log text is hostile: control
 * characters and terminal escapes are neutralised before printing.
 */
import { allowedText } from '../engine/allow-list';
import { neutralizeBidi } from '../model/bidi';
import type { TokenEvent } from '../model/token-event';
import type { EngineResult } from '../engine/run';
import type { ReadStats, Rejection } from '../sources/read-events';
import { isoTime } from '../model/time';
import { maskSecretsIn } from '../model/secret';
import { hasCaller } from '../model/caller';
import { CLIENT_KIND_WORDS } from '../model/client-kind';

export interface ReportInput {
  result: EngineResult;
  stats: ReadStats;
  rejections: readonly Rejection[];
  /** Looks an evidence id up, to show the row behind it. */
  eventById(id: string): TokenEvent | undefined;
  files: readonly string[];
  color?: boolean;
  /** Evidence rows shown per finding. */
  evidenceRows?: number;
}

const BADGE: Record<string, string> = { escalate: 'ESCALATE TO TIER 2', suspicious: 'SUSPICIOUS', benign: 'BENIGN' };

export function textReport(r: ReportInput): string {
  const c = palette(r.color ?? false);
  const out: string[] = [];
  const { result, stats } = r;
  const verdictColor = result.verdict === 'escalate' ? c.red : result.verdict === 'suspicious' ? c.yellow : c.green;
  out.push(
    `${c.bold}Token Triage${c.reset} — T1550.001 Use Alternate Authentication Material: Application Access Token`,
  );
  out.push(
    `Scanned ${r.files.length} file(s): ${stats.records} records, ${stats.parsed} read, ${stats.rejected} ` +
      `not read; ${stats.events} events (${formatCounts(stats.byFormat)})` +
      (stats.duplicates ? `; ${stats.duplicates} repeated records (same record id) read once` : ''),
  );
  if (result.noCaller) {
    out.push(
      `${result.noCaller} record(s) name no caller (identity stripped or missing): judged record by record or by token, never as one identity`,
    );
  }
  out.push('');
  out.push(`Verdict: ${verdictColor}${c.bold}${BADGE[result.verdict]}${c.reset}`);
  if (result.reasons.length) {
    for (const reason of result.reasons) out.push(`  • ${clean(reason)}`);
  } else {
    out.push('  No indicator reached the escalation criteria of the playbook.');
  }
  const flagged = result.subjects.filter((s) => s.verdict !== 'benign');
  if (flagged.length) {
    out.push('');
    out.push(`${c.bold}Identities and tokens${c.reset}`);
    for (const s of flagged.slice(0, 20))
      out.push(`  ${s.verdict.padEnd(10)} score ${String(s.score).padStart(2)}  ${clean(s.subject)}`);
    if (flagged.length > 20) out.push(`  … and ${flagged.length - 20} more`);
  }
  out.push('');
  const shown = result.findings.filter((f) => f.severity !== 'info');
  const info = result.findings.length - shown.length;
  out.push(`${c.bold}Findings${c.reset} (${result.findings.length}${info ? `, ${info} informational not shown` : ''})`);
  if (!shown.length) out.push('  none');
  const rows = r.evidenceRows ?? 5;
  for (const f of shown) {
    const sc = f.severity === 'high' ? c.red : f.severity === 'medium' ? c.yellow : c.dim;
    out.push(
      `  ${f.allowedBy ? `${c.dim}[ALLOWED ${f.severity.toUpperCase()}]` : `${sc}[${f.severity.toUpperCase()}]`}${c.reset} ` +
        `${clean(f.title)}  ${c.dim}(${f.indicator})${c.reset}`,
    );
    if (f.allowedBy) out.push(`      ${clean(allowedText(f.allowedBy))}; not counted in the verdict`);
    out.push(`      ${clean(f.detail)}`);
    for (const id of f.events.slice(0, rows)) {
      const e = r.eventById(id);
      out.push(`      ${c.dim}↳${c.reset} ${e ? evidenceLine(e) : clean(id)}`);
    }
    if (f.events.length > rows) out.push(`      ${c.dim}… ${f.events.length - rows} more evidence records${c.reset}`);
  }
  if (result.errors.length) {
    out.push('');
    out.push(`${c.bold}Indicator errors${c.reset}`);
    for (const e of result.errors) out.push(`  ${e.indicator}: ${clean(e.message)}`);
  }
  if (stats.rejected) {
    out.push('');
    out.push(`${c.bold}Not read${c.reset} (${stats.rejected})`);
    for (const [reason, n] of Object.entries(stats.rejectedByReason)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10))
      out.push(`  ${String(n).padStart(6)} × ${clean(reason)}`);
    for (const rej of r.rejections.slice(0, 10))
      out.push(`  ${c.dim}${clean(rej.ref)}: ${clean(rej.reason)}${c.reset}`);
    if (stats.rejected > Math.min(10, r.rejections.length))
      out.push(`  ${c.dim}(use --json for the list of examples)${c.reset}`);
  }
  return out.join('\n') + '\n';
}

function evidenceLine(e: TokenEvent): string {
  const where = e.source.ip ?? e.source.caller ?? 'no source';
  const net = [e.source.country, e.source.asn !== undefined ? `AS${e.source.asn}` : undefined]
    .filter(Boolean)
    .join(' ');
  const cred = e.credential?.id ? ` key ${e.credential.id}` : '';
  const outcome = e.outcome.success ? '' : ` FAILED${e.outcome.code ? ` (${e.outcome.code})` : ''}`;
  const when = e.timeKnown === false ? 'time unknown' : isoTime(e.time);
  const who = hasCaller(e) ? e.actor.id : 'no caller named';
  const client =
    e.source.clientKind && e.source.clientKind !== 'unknown' ? `  via ${CLIENT_KIND_WORDS[e.source.clientKind]}` : '';
  return clean(
    `${when}  ${e.action.name}${outcome}  by ${who}${cred}${client}  from ${where}${net ? ` (${net})` : ''}  [${e.id}]`,
  );
}

function formatCounts(m: Record<string, number>): string {
  const parts = Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`);
  return parts.length ? parts.join(', ') : 'no known format';
}

/** Mask secrets, and strip terminal control sequences and control characters from log text, before printing. */
export function clean(s: string): string {
  return neutralizeBidi(
    maskSecretsIn(s).replace(
      // eslint-disable-next-line no-control-regex
      /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*(\u0007|\u001b\\)|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g,
      '\uFFFD',
    ),
  ).replace(/\n/g, ' ');
}

function palette(on: boolean) {
  const k = (code: string): string => (on ? `\u001b[${code}m` : '');
  return { bold: k('1'), dim: k('2'), red: k('31'), yellow: k('33'), green: k('32'), reset: k('0') };
}
