/**
 * What a scan adds to the stored baselines (issue 10; the CLI's `--history`): each tenant's
 * stored history plus the input's events of that tenant, learned exactly as the engine learns
 * (the same context: time order, the log's own network fields before offline data), then cut to
 * the retention window. The window ends at the tenant's newest activity, not at the wall clock:
 * an analyst scanning last quarter's export keeps last quarter's baseline.
 */
import type { TokenEvent } from '../model/token-event';
import type { IntelProvider } from '../intel/intel-provider';
import { type BaselineFile, DEFAULT_RETENTION_DAYS, retain, tenantOf, toBaselineFile } from '../baseline/baseline-file';
import { buildContext } from './context';

/**
 * The baseline file of every tenant the input touched, updated with the input's events.
 * `retentionDays` is the team's setting (settings `baseline.retentionDays`); without it, what the
 * stored file kept, or the default.
 */
export function learnedBaselines(
  stored: readonly BaselineFile[],
  events: readonly TokenEvent[],
  intel: IntelProvider | undefined,
  savedAt: number,
  retentionDays?: number,
): BaselineFile[] {
  const byTenant = new Map<string, TokenEvent[]>();
  for (const e of events) {
    if (e.timeKnown === false) continue;
    const t = tenantOf(e);
    const list = byTenant.get(t);
    if (list) list.push(e);
    else byTenant.set(t, [e]);
  }
  const out: BaselineFile[] = [];
  for (const [tenant, list] of byTenant) {
    const before = stored.find((f) => f.tenant === tenant);
    const history = buildContext(list, {
      intel,
      history: before ? { version: 1, subjects: before.subjects } : undefined,
    }).history.snapshot();
    let newest = -Infinity;
    for (const s of Object.values(history.subjects))
      if (s.times.length) newest = Math.max(newest, s.times[s.times.length - 1]!);
    const days = retentionDays ?? before?.retentionDays ?? DEFAULT_RETENTION_DAYS;
    out.push(toBaselineFile(tenant, retain(history, newest, days), savedAt, days));
  }
  return out;
}
