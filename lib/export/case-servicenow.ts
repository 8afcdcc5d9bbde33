/**
 * The case for ServiceNow: the work-notes text (plain, paste into Work notes) and an incident
 * import object (for an Import Set / the Import Set API, or the Table API on `incident`).
 *
 * Escaping: ServiceNow journal fields (work_notes, comments) are shown as text, HTML escaped,
 * except that text between `[code]` and `[/code]` is rendered as HTML (when the instance allows
 * it, glide.ui.security.allow_codetag). So every string is cleaned and masked (./case-text.ts)
 * and every `[code]` / `[/code]` tag (any case, any spaces) is neutralised to `(code)` /
 * `(/code)`. Multi-line text keeps its line breaks.
 *
 * Fields of the import object:
 * - Standard incident (task) fields: short_description (160 characters in the base dictionary),
 *   description, work_notes, impact, urgency, priority, category, subcategory, state,
 *   correlation_id, correlation_display. Values are the base system's choice values as strings
 *   (impact/urgency 1 High, 2 Medium, 3 Low; priority 1 Critical … 5 Planning, as the base
 *   priority lookup computes it from impact and urgency; state 1 New, 2 In Progress, 6 Resolved).
 *   `category: 'security'` is not a base choice: instances add it or map it in the transform map.
 * - Custom fields (u_ prefix; they must exist on the target table or be mapped by the transform
 *   map): u_token_triage_case, u_mitre_technique, u_verdict, u_subject, u_analyst, u_observables
 *   (a JSON string: an array of { type, value, label?, count, flagged, first_seen?, last_seen? }).
 */
import {
  buildCaseDocument,
  type CaseDocument,
  type CaseExportInput,
  type DocItem,
  type DocNote,
} from './case-document';
import { OBSERVABLE_KIND_TEXT } from './case-observables';
import { cleanInline, cleanText, isoOrUnknown } from './case-text';

const CODE_TAG = /\[\s*(\/?)\s*code\s*\]/gi;

/** Plain text for a ServiceNow journal field: cleaned, masked, `[code]` tags neutralised. Keeps line breaks. */
export function escapeServiceNow(text: string): string {
  // Cleaned first, so a control character inside a tag (`[co\u0000de]`) cannot hide it.
  return cleanText(text).replace(CODE_TAG, (_m, slash: string) => `(${slash}code)`);
}

/** One line of plain text for ServiceNow. */
export function escapeServiceNowInline(text: string): string {
  return escapeServiceNow(cleanInline(text));
}

const s = escapeServiceNowInline;

function indent(text: string, by: string): string {
  return escapeServiceNow(text)
    .split('\n')
    .map((l) => (l ? by + l : ''))
    .join('\n');
}

function note(n: DocNote | undefined, label: string, pad: string): string[] {
  if (!n) return [];
  return [`${pad}${s(label)} (${s(`${n.by}, ${isoOrUnknown(n.at)}`)}):`, indent(n.text, `${pad}  `)];
}

function itemLines(item: DocItem, n: number): string[] {
  const out = [`${n}. ${s(item.text)}`];
  for (const f of item.facts) out.push(`   ${s(f.label)}: ${s(f.value)}`);
  for (const l of item.lists) {
    out.push(`   ${s(l.label)}:`);
    for (const r of l.rows) out.push(`     - ${s(r)}`);
  }
  out.push(...note(item.note, item.noteLabel, '   '));
  for (const a of item.actions) {
    out.push(`   > ${s(`${a.provider.toUpperCase()}: ${a.title}`)} [${s(a.id)}]`);
    out.push(`     State: ${s(a.state)}`);
    out.push(`     Why: ${s(a.why)}`);
    if (a.missing.length) out.push(`     Values to fill in: ${s(a.missing.join(', '))}`);
    out.push(`     Command (${s(a.language)}):`);
    out.push(indent(a.command, '       '));
    out.push(...note(a.note, 'Note', '     '));
  }
  if (item.queryNote) out.push(`   Scope queries: ${s(item.queryNote)}`);
  if (item.queries.length) out.push('   Scope queries for this case (run them in your own log engine):');
  for (const q of item.queries) {
    out.push(`   > Query, ${s(q.language)}: ${s(q.title)}`);
    out.push(indent(q.text, '       '));
  }
  return out;
}

export function renderServiceNowWorkNotes(d: CaseDocument): string {
  const out: string[] = [];
  out.push(s(`Token Triage case ${d.caseId}: ${d.title}`), '');
  for (const f of d.header) out.push(`${s(f.label)}: ${s(f.value)}`);
  out.push('', 'Verdict reasons:');
  for (const r of d.reasons.length ? d.reasons : ['none']) out.push(`  - ${s(r)}`);
  out.push('', 'Status history:');
  for (const h of d.statusHistory) out.push(`  - ${s(`${isoOrUnknown(h.at)} ${h.statusText} (${h.by})`)}`);
  if (d.related.length) {
    out.push('', 'Related identities and tokens flagged by the same analysis:');
    for (const r of d.related) out.push(`  - ${s(`${r.kind} ${r.id}: ${r.verdict}`)}`);
  }
  const p = d.playbook;
  out.push('', `== Playbook: ${s(`${p.ttp} ${p.name}`)} ==`);
  out.push(
    `MITRE Tactic: ${s(p.tactic)}`,
    `MITRE TTP: ${s(p.ttp)}`,
    `MITRE Sub-TTP: ${s(p.subTtp)}`,
    `Name: ${s(p.name)}`,
  );
  for (const [label, items] of [
    ['Log Sources to Investigate', p.logSources],
    ['Key Indicators', p.keyIndicators],
  ] as const) {
    out.push(`${label}:`);
    for (const item of items) {
      out.push(`  - ${s(item.text + item.facts.map((f) => ` (${f.value})`).join(''))}`);
      out.push(...note(item.note, 'Note', '    '));
    }
  }
  for (const sec of d.sections) {
    out.push('', `== ${s(sec.title)} ==`);
    sec.items.forEach((item, i) => out.push(...itemLines(item, i + 1)));
  }
  if (d.generalNote) out.push('', '== General note ==', ...note(d.generalNote, 'Note', ''));
  if (d.otherNotes.length) {
    out.push('', '== Other notes ==');
    for (const n of d.otherNotes) out.push(...note(n, `Note on ${n.stepId}`, ''));
  }
  out.push('', `== Findings (${d.findings.length}) ==`);
  for (const f of d.findings) {
    out.push(`[${f.severity.toUpperCase()}] ${s(f.title)} (${s(f.indicator)}) at ${s(f.time)}`);
    out.push(`  ${s(f.detail)}`);
    for (const e of f.evidence) out.push(`  - ${s(`${e.eventId} (${e.ref}): ${e.label}`)}`);
  }
  out.push('', `== Observables (${d.observables.length}) ==`);
  for (const o of d.observables) {
    const seen = o.firstSeen === undefined ? '' : `, ${isoOrUnknown(o.firstSeen)} to ${isoOrUnknown(o.lastSeen)}`;
    out.push(
      `  - ${OBSERVABLE_KIND_TEXT[o.kind]}: ${s(o.value)}${o.label ? ` (${s(o.label)})` : ''}: ${o.count} event(s), ${o.flaggedCount} flagged${seen}`,
    );
  }
  out.push(
    '',
    `== Evidence events (${d.events.length}${d.eventsOmitted ? `, ${d.eventsOmitted} more not kept` : ''}) ==`,
  );
  for (const e of d.events) {
    const parts = [
      isoOrUnknown(e.time, e.timeKnown),
      e.provider,
      e.service ? `${e.service} ${e.action}` : e.action,
      e.success ? 'success' : `failed${e.code ? ` (${e.code})` : ''}`,
      `actor ${e.actorName ? `${e.actorName} (${e.actor})` : e.actor}`,
      e.ip ? `ip ${e.ip}` : '',
      e.country ? `country ${e.country}` : '',
      e.asn === undefined ? '' : `AS${e.asn}${e.asOrg ? ` ${e.asOrg}` : ''}`,
      e.userAgent ? `ua ${e.userAgent}` : '',
      e.credentialId ? `credential ${e.credentialId}` : '',
      (e.appName ?? e.appId) ? `app ${e.appName ?? e.appId}` : '',
      e.flagged.length ? `flagged ${e.flagged.join(', ')}` : '',
      e.ref ? `ref ${e.ref}` : '',
      `id ${e.id}`,
    ].filter(Boolean);
    out.push(`  - ${s(parts.join(' | '))}`);
  }
  return out.join('\n').replace(/\n*$/, '\n');
}

/** The work-notes text of a case. */
export function caseServiceNowWorkNotes(input: CaseExportInput): string {
  return renderServiceNowWorkNotes(buildCaseDocument(input));
}

export interface ServiceNowIncidentImport {
  // Standard incident fields.
  short_description: string;
  description: string;
  work_notes: string;
  impact: '1' | '2' | '3';
  urgency: '1' | '2' | '3';
  priority: '1' | '3' | '5';
  category: string;
  subcategory: string;
  state: '1' | '2' | '6';
  correlation_id: string;
  correlation_display: string;
  // Custom fields.
  u_token_triage_case: string;
  u_mitre_technique: string;
  u_verdict: string;
  u_subject: string;
  u_analyst: string;
  u_observables: string;
}

const LEVEL = { escalate: '1', suspicious: '2', benign: '3' } as const;
const PRIORITY = { escalate: '1', suspicious: '3', benign: '5' } as const;
const STATE = { open: '1', escalated: '2', contained: '2', closed: '6' } as const;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function renderServiceNowImport(d: CaseDocument): ServiceNowIncidentImport {
  const description = [
    `Token Triage case ${d.caseId}: ${d.title}`,
    `MITRE ATT&CK ${d.playbook.ttp} ${d.playbook.name} (${d.playbook.tactic})`,
    ...d.header.map((f) => `${f.label}: ${f.value}`),
    'Verdict reasons:',
    ...(d.reasons.length ? d.reasons : ['none']).map((r) => `  - ${r}`),
    `Findings: ${d.findings.length}; observables: ${d.observables.length}; evidence events: ${d.events.length}. ` +
      `The playbook and the analyst's work are in the work notes.`,
  ]
    .map((l) => s(l))
    .join('\n');
  return {
    short_description: clip(s(`[${d.verdictText}] ${d.playbook.ttp} token misuse: ${d.subject.id}`), 160),
    description,
    work_notes: renderServiceNowWorkNotes(d),
    impact: LEVEL[d.verdict],
    urgency: LEVEL[d.verdict],
    priority: PRIORITY[d.verdict],
    category: 'security',
    subcategory: 'unauthorized access',
    state: STATE[d.status],
    correlation_id: s(d.caseId),
    correlation_display: 'Token Triage',
    u_token_triage_case: s(d.caseId),
    u_mitre_technique: d.playbook.ttp,
    u_verdict: d.verdict,
    u_subject: s(`${d.subject.kind}: ${d.subject.id}`),
    u_analyst: s(d.analyst),
    u_observables: JSON.stringify(
      d.observables.map((o) => ({
        type: o.kind,
        value: s(o.value),
        ...(o.label ? { label: s(o.label) } : {}),
        count: o.count,
        flagged: o.flaggedCount,
        ...(o.firstSeen === undefined
          ? {}
          : { first_seen: isoOrUnknown(o.firstSeen), last_seen: isoOrUnknown(o.lastSeen) }),
      })),
    ),
  };
}

/** The incident import object of a case. */
export function caseServiceNowImport(input: CaseExportInput): ServiceNowIncidentImport {
  return renderServiceNowImport(buildCaseDocument(input));
}
