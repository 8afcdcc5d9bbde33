/**
 * The case for TheHive 5.
 *
 * `POST /api/v1/case` takes an InputCase: title, description (Markdown), severity (1 Low,
 * 2 Medium, 3 High, 4 Critical), startDate, tags, flag, tlp and pap (0 Clear/White, 1 Green,
 * 2 Amber, 3 Amber+Strict in TLP 2.0 / Red, 4 Red), status (New, InProgress, Indeterminate,
 * FalsePositive, TruePositive, Other, Duplicated), summary, tasks (InputTask: title, group,
 * description, status Waiting/InProgress/Completed/Cancel, flag, order, mandatory), pages,
 * customFields... It has no observables field: observables are added after the case exists, with
 * `POST /api/v1/case/{caseId}/observable` (InputObservable: dataType, data, message, tlp, pap,
 * tags, ioc, sighted, ...). So this export is a bundle: `case` for the first call and
 * `observables` for the second, one call per element. Task logs cannot be created inline either,
 * so each task's notes are in its description.
 *
 * dataType uses TheHive's default observable types: ip, user-agent, autonomous-system, mail
 * (an account that is an e-mail address), other (accounts, credential ids, apps, countries, with
 * a tag saying which). Text is Markdown, escaped by ./case-markdown.ts; observable values are
 * raw data (cleaned and masked), since TheHive shows them as text.
 */
import { buildCaseDocument, sectionProgress, type CaseDocument, type CaseExportInput } from './case-document';
import { escapeMarkdown, markdownSection, renderMarkdownDocument } from './case-markdown';
import type { CaseObservable } from './case-observables';
import { cleanInline, isoOrUnknown } from './case-text';

export type TheHiveCaseStatus =
  'New' | 'InProgress' | 'Indeterminate' | 'FalsePositive' | 'TruePositive' | 'Other' | 'Duplicated';
export type TheHiveTaskStatus = 'Waiting' | 'InProgress' | 'Completed' | 'Cancel';

export interface TheHiveInputTask {
  title: string;
  group: string;
  description: string;
  status: TheHiveTaskStatus;
  order: number;
  flag: boolean;
}

export interface TheHiveInputCase {
  title: string;
  description: string;
  severity: 1 | 2 | 3 | 4;
  startDate: number;
  tags: string[];
  flag: boolean;
  tlp: number;
  pap: number;
  status: TheHiveCaseStatus;
  summary?: string;
  tasks: TheHiveInputTask[];
}

export interface TheHiveInputObservable {
  dataType: 'ip' | 'user-agent' | 'autonomous-system' | 'mail' | 'other';
  data: string;
  message: string;
  tlp: number;
  pap: number;
  tags: string[];
  ioc: boolean;
  sighted: boolean;
  startDate?: number;
}

export interface TheHiveCaseBundle {
  /** Body of POST /api/v1/case. */
  case: TheHiveInputCase;
  /** Bodies of POST /api/v1/case/{caseId}/observable, one each. */
  observables: TheHiveInputObservable[];
}

const TLP_AMBER = 2;
const PAP_AMBER = 2;

/** The TheHive severity of a case: the verdict, raised to Critical by a high finding. */
export function theHiveSeverity(d: Pick<CaseDocument, 'verdict' | 'findings'>): 1 | 2 | 3 | 4 {
  if (d.verdict === 'escalate') return d.findings.some((f) => f.severity === 'high') ? 4 : 3;
  return d.verdict === 'suspicious' ? 2 : 1;
}

/**
 * Case status → TheHive status. A closed case is TruePositive when the analyst escalated or it
 * was contained, FalsePositive when the analyst decided not to escalate, Indeterminate otherwise.
 */
export function theHiveStatus(
  d: Pick<CaseDocument, 'status' | 'statusHistory'>,
  choice: 'escalate' | 'do-not-escalate' | undefined,
): TheHiveCaseStatus {
  if (d.status === 'open') return 'New';
  if (d.status !== 'closed') return 'InProgress';
  if (choice === 'escalate' || d.statusHistory.some((s) => s.status === 'contained')) return 'TruePositive';
  return choice === 'do-not-escalate' ? 'FalsePositive' : 'Indeterminate';
}

const DATA_TYPE: Record<CaseObservable['kind'], TheHiveInputObservable['dataType']> = {
  ip: 'ip',
  'user-agent': 'user-agent',
  asn: 'autonomous-system',
  account: 'other',
  credential: 'other',
  app: 'other',
  country: 'other',
};

function observable(o: CaseObservable): TheHiveInputObservable {
  const dataType = o.kind === 'account' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(o.value) ? 'mail' : DATA_TYPE[o.kind];
  const seen =
    o.firstSeen === undefined ? 'time unknown' : `first ${isoOrUnknown(o.firstSeen)}, last ${isoOrUnknown(o.lastSeen)}`;
  return {
    dataType,
    data: cleanInline(o.value),
    // TheHive renders an observable's message as Markdown: the label is log text.
    message: escapeMarkdown(
      cleanInline(`${o.label ? `${o.label}. ` : ''}Seen in ${o.count} event(s), ${o.flaggedCount} flagged; ${seen}.`),
    ),
    tlp: TLP_AMBER,
    pap: PAP_AMBER,
    tags: ['token-triage', `token-triage:${o.kind}`],
    ioc: o.flaggedCount > 0 && o.kind !== 'country' && o.kind !== 'account',
    sighted: true,
    ...(o.firstSeen === undefined ? {} : { startDate: o.firstSeen }),
  };
}

export function renderTheHive(d: CaseDocument, choice?: 'escalate' | 'do-not-escalate'): TheHiveCaseBundle {
  const status = theHiveStatus(d, choice);
  const tags = [
    'token-triage',
    `mitre:${d.playbook.ttp}`,
    ...d.playbook.tactics.map((t) => `mitre-tactic:${t.toLowerCase().replace(/\s+/g, '-')}`),
    `verdict:${d.verdict}`,
    ...d.providers.map((p) => `provider:${p}`),
  ];
  const tasks: TheHiveInputTask[] = d.sections.map((s, i) => {
    const { done, total } = sectionProgress(s);
    return {
      title: s.title,
      group: `${d.playbook.ttp} playbook`,
      description: markdownSection(s, 2),
      status: done === total ? 'Completed' : done > 0 ? 'InProgress' : 'Waiting',
      order: i,
      flag: s.id === 'decision' && d.verdict === 'escalate',
    };
  });
  return {
    case: {
      title: cleanInline(`${d.playbook.ttp} token misuse: ${d.title}`).slice(0, 512),
      description: renderMarkdownDocument(d),
      severity: theHiveSeverity(d),
      startDate: d.createdAt,
      tags,
      flag: d.verdict === 'escalate',
      tlp: TLP_AMBER,
      pap: PAP_AMBER,
      status,
      ...(d.status === 'closed' ? { summary: cleanInline(`Closed as ${status}. Verdict: ${d.verdictText}.`) } : {}),
      tasks,
    },
    observables: d.observables.map(observable),
  };
}

/** The TheHive 5 bundle of a case. */
export function caseTheHive(input: CaseExportInput): TheHiveCaseBundle {
  return renderTheHive(buildCaseDocument(input), input.case.decision?.choice);
}
