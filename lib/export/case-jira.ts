/**
 * The case in Jira wiki markup (Jira Server/Data Center and the legacy renderer of Jira Cloud's
 * wiki-style comment fields). Escaping, all here:
 *
 * - Inline text: `{ } [ ] * _ ? - + ^ ~ | ! #` get a backslash (no macro such as {code}, {html}
 *   or {color}, no link, image, emphasis, citation, super/subscript, strike, table cell, list);
 *   a backslash itself becomes the entity `&#92;` (two backslashes are Jira's forced line
 *   break), and `&` becomes `&amp;` so log text cannot spell an entity.
 * - Line starts: a line of text that would begin with a block keyword (`h1.`–`h6.`, `bq.`) has its
 *   first letter written as an entity, so it renders as text and not as a heading or quote.
 * - Table cells: escaped, one line, never empty.
 * - Code (containment commands, scope queries): a {noformat} block (no markup inside); a `{noformat` inside the
 *   content is broken as `{ noformat` so it cannot close the block.
 * Bare URLs may still be auto-linked by Jira; they show their own target.
 */
import {
  buildCaseDocument,
  EVENT_TABLE_HEADER,
  eventTableRow,
  type CaseDocument,
  type CaseExportInput,
  type DocItem,
  type DocNote,
} from './case-document';
import { OBSERVABLE_KIND_TEXT } from './case-observables';
import { cleanInline, cleanText, isoOrUnknown } from './case-text';

const JIRA_SPECIAL = /[&\\{}[\]*_?\-+^~|!#]/g;

function escapeLine(line: string): string {
  // One pass, so the escapes themselves are never escaped again.
  const escaped = line.replace(JIRA_SPECIAL, (ch) => (ch === '&' ? '&amp;' : ch === '\\' ? '&#92;' : `\\${ch}`));
  // A block keyword at the start of a line (after optional spaces): write its first letter as an entity.
  return escaped.replace(
    /^(\s*)(h[1-6]|bq)\./i,
    (_m, sp: string, kw: string) => `${sp}&#${kw.charCodeAt(0)};${kw.slice(1)}.`,
  );
}

/** Escapes one line of text for Jira wiki markup (newlines become spaces). */
export function escapeJira(text: string): string {
  return escapeLine(cleanInline(text));
}

/** Multi-line text: each line escaped on its own, line breaks kept. */
export function escapeJiraMultiline(text: string): string {
  return cleanText(text).split('\n').map(escapeLine).join('\n');
}

/** A table cell: escaped, on one line, never empty. */
export function jiraCell(text: string): string {
  return escapeJira(text).trim() || ' ';
}

/** A {noformat} block its content cannot close. */
export function jiraCodeBlock(content: string): string {
  return `{noformat}\n${cleanText(content).replace(/\{(\s*noformat)/gi, '{ $1')}\n{noformat}`;
}

function table(head: string[], rows: string[][]): string[] {
  return [`||${head.map(jiraCell).join('||')}||`, ...rows.map((r) => `|${r.map(jiraCell).join('|')}|`)];
}

function note(n: DocNote | undefined, label: string): string[] {
  if (!n) return [];
  return [
    `*${escapeJira(label)}* (${escapeJira(`${n.by}, ${isoOrUnknown(n.at)}`)}):`,
    '{quote}',
    escapeJiraMultiline(n.text),
    '{quote}',
    '',
  ];
}

function itemBody(item: DocItem): string[] {
  const out: string[] = [];
  for (const f of item.facts) out.push(`* *${escapeJira(f.label)}:* ${escapeJira(f.value)}`);
  for (const l of item.lists) {
    out.push(`* *${escapeJira(l.label)}:*`);
    for (const r of l.rows) out.push(`** ${escapeJira(r)}`);
  }
  if (out.length) out.push('');
  out.push(...note(item.note, item.noteLabel));
  for (const a of item.actions) {
    out.push(`h4. ${escapeJira(`${a.provider.toUpperCase()}: ${a.title}`)}`);
    out.push(`* *State:* ${escapeJira(a.state)}`);
    out.push(`* *Why:* ${escapeJira(a.why)}`);
    out.push(`* *Action id:* ${escapeJira(a.id)}`);
    if (a.missing.length) out.push(`* *Values to fill in:* ${escapeJira(a.missing.join(', '))}`);
    out.push('', jiraCodeBlock(a.command), '');
    out.push(...note(a.note, 'Note'));
  }
  if (item.queryNote) out.push(`* *Scope queries:* ${escapeJira(item.queryNote)}`, '');
  if (item.queries.length)
    out.push(`*${escapeJira('Scope queries for this case (run them in your own log engine)')}*`, '');
  for (const q of item.queries) {
    out.push(`h4. ${escapeJira(`Query, ${q.language}: ${q.title}`)}`);
    out.push(jiraCodeBlock(q.text), '');
  }
  return out;
}

export function renderJiraDocument(d: CaseDocument): string {
  const out: string[] = [];
  out.push(`h1. ${escapeJira(`Token Triage case ${d.caseId}: ${d.title}`)}`, '');
  out.push(
    ...table(
      ['Field', 'Value'],
      d.header.map((f) => [f.label, f.value]),
    ),
    '',
  );
  out.push('*Verdict reasons*');
  for (const r of d.reasons.length ? d.reasons : ['none']) out.push(`* ${escapeJira(r)}`);
  out.push('', '*Status history*');
  for (const s of d.statusHistory) out.push(`* ${escapeJira(`${isoOrUnknown(s.at)} ${s.statusText} (${s.by})`)}`);
  if (!d.statusHistory.length) out.push('* none');
  if (d.related.length) {
    out.push('', '*Related identities and tokens flagged by the same analysis*');
    for (const r of d.related) out.push(`* ${escapeJira(`${r.kind} ${r.id}: ${r.verdict}`)}`);
  }
  out.push('');

  const p = d.playbook;
  out.push(`h2. ${escapeJira(`Playbook: ${p.ttp} ${p.name}`)}`, '');
  out.push(
    ...table(
      ['Row', 'Value'],
      [
        ['MITRE Tactic', p.tactic],
        ['MITRE TTP', p.ttp],
        ['MITRE Sub-TTP', p.subTtp],
        ['Name', p.name],
      ],
    ),
    '',
  );
  for (const [label, items] of [
    ['Log Sources to Investigate', p.logSources],
    ['Key Indicators', p.keyIndicators],
  ] as const) {
    out.push(`*${escapeJira(label)}*`);
    for (const item of items) out.push(`* ${escapeJira(item.text + item.facts.map((f) => ` (${f.value})`).join(''))}`);
    out.push('');
    for (const item of items) out.push(...note(item.note, `Note on "${item.text}"`));
  }

  for (const s of d.sections) {
    out.push(`h2. ${escapeJira(s.title)}`, '');
    s.items.forEach((item, i) => {
      out.push(`h3. ${i + 1}. ${escapeJira(item.text)}`);
      out.push(...itemBody(item));
    });
  }

  if (d.generalNote) out.push('h2. General note', '', ...note(d.generalNote, 'Note'));
  if (d.otherNotes.length) {
    out.push('h2. Other notes', '');
    for (const n of d.otherNotes) out.push(...note(n, `Note on ${n.stepId}`));
  }

  out.push(`h2. Findings (${d.findings.length})`, '');
  if (!d.findings.length) out.push('None.', '');
  for (const f of d.findings) {
    out.push(`h3. ${escapeJira(`[${f.severity.toUpperCase()}] ${f.title} (${f.indicator})`)}`);
    out.push(escapeJira(f.detail), '');
    out.push(`* *Time:* ${escapeJira(f.time)}`);
    if (f.identities.length) out.push(`* *Identities:* ${escapeJira(f.identities.join(', '))}`);
    if (f.tokens.length) out.push(`* *Tokens:* ${escapeJira(f.tokens.join(', '))}`);
    out.push('');
    if (f.evidence.length)
      out.push(
        ...table(
          ['Event', 'Ref', 'Evidence'],
          f.evidence.map((e) => [e.eventId, e.ref, e.label]),
        ),
        '',
      );
  }

  out.push(`h2. Observables (${d.observables.length})`, '');
  if (d.observables.length) {
    out.push(
      ...table(
        ['Kind', 'Value', 'Label', 'Events', 'Flagged', 'First seen', 'Last seen'],
        d.observables.map((o) => [
          OBSERVABLE_KIND_TEXT[o.kind],
          o.value,
          o.label ?? '',
          String(o.count),
          String(o.flaggedCount),
          o.firstSeen === undefined ? '' : isoOrUnknown(o.firstSeen),
          o.lastSeen === undefined ? '' : isoOrUnknown(o.lastSeen),
        ]),
      ),
      '',
    );
  } else out.push('None.', '');

  out.push(
    `h2. Evidence events (${d.events.length}${d.eventsOmitted ? `, ${d.eventsOmitted} more not kept` : ''})`,
    '',
  );
  if (d.events.length) {
    out.push(...table([...EVENT_TABLE_HEADER], d.events.map(eventTableRow)), '');
  } else out.push('None.', '');

  return out.join('\n').replace(/\n*$/, '\n');
}

/** The whole case as Jira wiki markup. */
export function caseJira(input: CaseExportInput): string {
  return renderJiraDocument(buildCaseDocument(input));
}
