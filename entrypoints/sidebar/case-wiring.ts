/**
 * The sidebar's case wiring that needs the playbook and the engine (the case snapshot, a case
 * event's console row): a chunk of its own, loaded after the page tab's first paint
 * (entrypoints/sidebar/main.tsx), so opening the sidebar on a console page does not wait for it
 * (issue 11). The case view that calls these is a lazy chunk too (components/Sidebar.tsx).
 */
import { splitRowRef, type AnalysisView } from '../../lib/analysis/analyse';
import type { TabView } from '../../lib/messaging/tab-state';
import type { Case } from '../../lib/model/case';
import { caseSnapshot, snapshotAdds } from '../../lib/playbook/open-case';
import type { CaseRefresh } from '../../components/case/case-actions';

type PageLabel = { kind: 'page'; label: string };

/**
 * The refresh a page case is offered when the page shows something the case does not hold yet
 * (it adds, never removes); undefined otherwise.
 */
export function pageCaseRefresh(
  view: TabView | undefined,
  c: Case,
  refresh: (id: string, analysis: AnalysisView, source: PageLabel) => Promise<unknown>,
): CaseRefresh | undefined {
  const analysis = view?.analysis;
  if (!analysis || c.snapshot.source.kind !== 'page') return undefined;
  if (!analysis.subjects.some((s) => s.kind === c.subject.kind && s.id === c.subject.id)) return undefined;
  const url = view.pages.find((p) => p.recognized)?.url ?? c.snapshot.source.label;
  const adds = snapshotAdds(c.snapshot, caseSnapshot(analysis, c.subject, { kind: 'page', label: url }, Date.now()));
  if (!adds.events && !adds.findings) return undefined;
  return { adds, run: () => refresh(c.id, analysis, { kind: 'page', label: url }) };
}

/** The console row a case event was read from (frame and row id), when it came from a page. */
export function caseEventRow(eventId: string, c: Case): { frameId?: number; rowId?: string } {
  const ref = c.snapshot.events.find((e) => e.id === eventId)?.ref;
  return ref ? splitRowRef(ref) : {};
}
