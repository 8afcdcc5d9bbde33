/**
 * One case: its header (subject, status, analyst, the verdict when opened), the playbook walked
 * in its order (header rows, Questions for Analysis, L1 steps, Decision for Escalation, T2
 * actions, Containment and Further Analysis), a case-wide note, the findings, and the export.
 * A table of contents on top says how far the case is and reaches the decision and containment
 * in one click; every section folds. A view over the case and its notes; every change goes
 * through CaseActions. A big case (over STAGE_OVER events) renders in stages (./Stages): the
 * header and the contents first, then the events table, then each playbook section, each in a
 * task of its own (the events table's first layout alone is about 20 ms in the sidebar), and a
 * section's facts over every event (L1's support and timeline, T2's queries, the containment
 * plan) in the task before the one that draws it.
 */
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { splitRowRef, type EvidenceRef } from '../../lib/analysis/analyse';
import { EvidenceTable } from '../EvidenceTable';
import { SeverityChip } from '../AnalysisPanel';
import { CASE_SECTIONS, CaseSectionsContext, CaseToc, PlaybookSection, type CaseSectionsState } from './CaseSections';
import { Stage, Stages } from './Stages';
import { snapshotFact, useCaseFacts, type CaseFact } from './case-facts';
import { CASE_STATUSES, CASE_STATUS_TEXT, GENERAL_NOTE, type Case, type Note } from '../../lib/model/case';
import { containmentPlan } from '../../lib/playbook/containment';
import type { CaseExportInput } from '../../lib/export/case-document';
import type { CaseActions, CaseRefresh, CaseViewState } from './case-actions';
import { ContainmentSection } from './ContainmentSection';
import { DecisionSection } from './DecisionSection';
import { ExportPanel } from './ExportPanel';
import { L1_FACTS, L1Section } from './L1Section';
import { NoteField } from './NoteField';
import { PlaybookHeader } from './PlaybookHeader';
import { QUESTIONS_FACTS, QuestionsSection } from './QuestionsSection';
import { T2_FACTS, T2Section } from './T2Section';

/** Above this many events the case view renders in stages (below it, at once, as it always did). */
export const STAGE_OVER = 1_000;

/** Until its turn: the section's heading, saying it is being drawn. */
function SectionPlaceholder({ id }: { id: string }) {
  const title = CASE_SECTIONS.find(([s]) => s === id)?.[1] ?? '';
  return (
    <section className="playbook-section" data-section={id} aria-busy="true">
      <h4 className="section-head">{title}</h4>
      <p className="status">Loading…</p>
    </section>
  );
}

/**
 * A section drawn in its turn (./Stages), with its heading and "Loading…" until then; the case
 * facts it draws from (`facts` of `c`) are computed in the task before.
 */
function StagedSection({
  id,
  first,
  facts,
  c,
  children,
}: {
  id: string;
  first?: boolean;
  facts?: readonly CaseFact[];
  c?: Case;
  children: ReactNode;
}) {
  const prepare = facts && c ? () => facts.forEach((f) => snapshotFact(c, f)) : undefined;
  return (
    <Stage placeholder={<SectionPlaceholder id={id} />} first={first} prepare={prepare}>
      {children}
    </Stage>
  );
}

/** The facts the containment section draws from. */
const CONTAINMENT_FACTS = [containmentPlan] as const;

/** The containment section with its plan (computed in its stage, never in the first paint). */
function Containment(props: CaseViewState) {
  const [plan] = useCaseFacts(props.c, CONTAINMENT_FACTS);
  return <ContainmentSection {...props} plan={plan} />;
}

/** The case's events as evidence rows (the events table's). */
const caseEventRows = (k: Case): EvidenceRef[] =>
  k.snapshot.events.map((e) => ({
    eventId: e.id,
    ref: e.ref ?? '',
    label: `${e.action} by ${e.actorName ?? e.actor}`,
    ...(e.ref ? splitRowRef(e.ref) : {}),
    fields: {
      ...(e.timeKnown ? { time: e.time } : {}),
      action: e.action,
      ...(e.service ? { service: e.service } : {}),
      identity: e.actorName ?? e.actor,
      ...(e.credentialId ? { credential: e.credentialId } : {}),
      ...(e.sessionId ? { session: e.sessionId } : {}),
      ...(e.ip ? { ip: e.ip } : e.caller ? { caller: e.caller } : {}),
      ...(e.country ? { country: e.country } : {}),
      ...(e.asn !== undefined ? { asn: e.asn } : {}),
      ...(e.asOrg ? { asOrg: e.asOrg } : {}),
      success: e.success,
      ...(e.code ? { code: e.code } : {}),
    },
  }));

/** The facts the events table draws from. */
const EVENTS_FACTS = [caseEventRows] as const;

/** The case's events as an evidence table (it virtualizes past 200 rows). */
function CaseEvents({ c, actions }: { c: Case; actions: CaseActions }) {
  const s = c.snapshot;
  const [eventRows] = useCaseFacts(c, EVENTS_FACTS);
  return (
    <PlaybookSection
      id="sec-events"
      title={`Events (${s.events.length}${s.eventsOmitted > 0 ? `; ${s.eventsOmitted} more not kept` : ''})`}
    >
      <EvidenceTable
        evidence={eventRows}
        caption="Events of the case"
        onEvidence={actions.showEvent ? (ev) => actions.showEvent?.(ev.eventId) : undefined}
      />
    </PlaybookSection>
  );
}

export interface CaseViewProps {
  c: Case;
  notes: Readonly<Record<string, Note>>;
  actions: CaseActions;
  onBack(): void;
  /** Set when the page shows more about the subject than the case holds. */
  onRefresh?: CaseRefresh;
  onDelete(): void;
  /** Opens this case in a browser tab of its own (more room than the sidebar). */
  onOpenInTab?: () => void;
  /** The clock for the export's time (tests fix it). */
  now?: () => number;
}

export function CaseView({
  c,
  notes,
  actions,
  onBack,
  onRefresh,
  onDelete,
  onOpenInTab,
  now = Date.now,
}: CaseViewProps) {
  const state = { c, notes, actions };
  const exportInput = useCallback(
    (): CaseExportInput => ({
      case: c,
      notes: Object.values(notes),
      containment: containmentPlan(c).flatMap((p) => p.actions),
      exportedAt: now(),
    }),
    [c, notes, now],
  );
  const s = c.snapshot;
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const root = useRef<HTMLElement>(null);
  const sections = useMemo<CaseSectionsState>(
    () => ({
      isOpen: (id) => !closed.has(id),
      toggle: (id) =>
        setClosed((prev) => {
          const next = new Set(prev);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        }),
      reach: (id) => {
        setClosed((prev) => {
          if (!prev.has(id)) return prev;
          const next = new Set(prev);
          next.delete(id);
          return next;
        });
        // After the section is shown: a folded <details> (the export) opens, then scroll and focus.
        requestAnimationFrame(() => {
          const el = root.current?.ownerDocument.getElementById(id);
          if (!el) return;
          const details = el.closest('details');
          if (details && !details.open) details.open = true;
          const target = el.closest('summary') ?? el;
          target.scrollIntoView({ block: 'start' });
          (target as HTMLElement).focus({ preventScroll: true });
        });
      },
    }),
    [closed],
  );
  const present = new Set([
    'sec-playbook',
    'sec-questions',
    'sec-l1',
    'sec-decision',
    'sec-t2',
    'sec-containment',
    'sec-general',
    'sec-export',
  ]);
  if (s.findings.length) present.add('sec-findings');
  if (s.events.length) present.add('sec-events');
  return (
    <CaseSectionsContext.Provider value={sections}>
      <Stages enabled={s.events.length > STAGE_OVER}>
        <article className="case" aria-labelledby="case-title" ref={root}>
          <div className="case-nav">
            <button type="button" className="link back" onClick={onBack}>
              ← All cases
            </button>
            {onOpenInTab && (
              <button type="button" className="link" onClick={onOpenInTab}>
                Open in a new tab ↗
              </button>
            )}
          </div>
          <h3 id="case-title" className="case-title">
            {c.title}
          </h3>
          <div className="case-meta">
            <label>
              Status{' '}
              <select
                value={c.status}
                onChange={(e) => void actions.setStatus(e.target.value as Case['status'])}
                aria-label="Case status"
              >
                {CASE_STATUSES.map((st) => (
                  <option key={st} value={st}>
                    {CASE_STATUS_TEXT[st]}
                  </option>
                ))}
              </select>
            </label>
            <p>
              Opened by {c.analyst} at {new Date(c.createdAt).toISOString()} from{' '}
              {s.source.kind === 'page' ? 'the page' : 'the file'} <code>{s.source.label}</code>
            </p>
            <p className={`case-verdict verdict-text-${s.verdict}`}>
              Verdict when opened: <strong>{s.verdict}</strong> · {s.findings.length} finding
              {s.findings.length === 1 ? '' : 's'} · {s.events.length} event
              {s.events.length === 1 ? '' : 's'}
              {s.eventsOmitted > 0 ? ` (${s.eventsOmitted} more not kept)` : ''} · analysis of{' '}
              {new Date(s.takenAt).toISOString()}
            </p>
            {onRefresh && (
              <button type="button" onClick={() => void onRefresh.run()}>
                Add what this page shows: {onRefresh.adds.events} new event{onRefresh.adds.events === 1 ? '' : 's'},{' '}
                {onRefresh.adds.findings} new finding
                {onRefresh.adds.findings === 1 ? '' : 's'} (nothing in the case is removed)
              </button>
            )}
          </div>

          <CaseToc c={c} present={present} />

          <StagedSection id="sec-playbook">
            <PlaybookHeader {...state} />
          </StagedSection>
          <StagedSection id="sec-questions" facts={QUESTIONS_FACTS} c={c}>
            <QuestionsSection {...state} />
          </StagedSection>
          <StagedSection id="sec-l1" facts={L1_FACTS} c={c}>
            <L1Section {...state} />
          </StagedSection>
          <StagedSection id="sec-decision">
            <DecisionSection {...state} />
          </StagedSection>
          <StagedSection id="sec-t2" facts={T2_FACTS} c={c}>
            <T2Section {...state} />
          </StagedSection>
          <StagedSection id="sec-containment" facts={CONTAINMENT_FACTS} c={c}>
            <Containment {...state} />
          </StagedSection>

          <PlaybookSection id="sec-general" title="Case notes">
            <NoteField
              note={notes[GENERAL_NOTE]}
              save={(t) => actions.saveNote(GENERAL_NOTE, t)}
              label="Anything else for the ticket"
              rows={3}
            />
          </PlaybookSection>

          {s.findings.length > 0 && (
            <StagedSection id="sec-findings">
              <PlaybookSection id="sec-findings" title="Findings when opened">
                <ol className="findings case-findings">
                  {s.findings.map((f, i) => (
                    <li key={i} className={`finding severity-${f.severity}`}>
                      <SeverityChip severity={f.severity} /> <strong>{f.title}</strong>
                      <p className="detail">{f.detail}</p>
                    </li>
                  ))}
                </ol>
              </PlaybookSection>
            </StagedSection>
          )}

          {s.events.length > 0 && (
            <StagedSection id="sec-events" first facts={EVENTS_FACTS} c={c}>
              <CaseEvents c={c} actions={actions} />
            </StagedSection>
          )}

          <ExportPanel input={exportInput} />

          <p className="danger-zone">
            <button
              type="button"
              className="link danger"
              onClick={() => {
                if (
                  window.confirm(
                    `Delete this case and all its notes? This cannot be undone; export or back up first if you need them.`,
                  )
                )
                  onDelete();
              }}
            >
              Delete this case
            </button>
          </p>
        </article>
      </Stages>
    </CaseSectionsContext.Provider>
  );
}
