/**
 * The case as CommonMark (GitHub-flavoured tables), for tickets and wikis that render Markdown
 * (and the description of the TheHive export). Escaping, all here:
 *
 * - Inline text: every character CommonMark or GFM could read as markup is backslash-escaped
 *   (`\ ` * _ { } [ ] < > ( ) # + - . ! | ~ & = $`), so log text can open no link, image, raw HTML,
 *   entity, emphasis, strikethrough, heading, list, math or table cell. CommonMark allows a
 *   backslash before any ASCII punctuation, so the escapes render as the plain character.
 * - Table cells: the same, on one line (a newline would end the row).
 * - Multi-line notes: each line escaped on its own, inside a blockquote, with a hard line break.
 * - Code (containment commands, scope queries): a fenced block whose fence is longer than any backtick run in
 *   the content, so the content cannot close it.
 * Bare URLs in log text may still be auto-linked by GFM; they show their own target, so the link
 * cannot disguise where it goes.
 */
import {
  buildCaseDocument,
  EVENT_TABLE_HEADER,
  eventTableRow,
  type CaseDocument,
  type CaseExportInput,
  type DocItem,
  type DocNote,
  type DocSection,
} from './case-document';
import { OBSERVABLE_KIND_TEXT } from './case-observables';
import { cleanInline, cleanText, isoOrUnknown } from './case-text';

/**
 * Characters that open an inline construct anywhere in a line: emphasis, code, links and images
 * (`[`; `!` and `(` only act after it), raw HTML and autolinks, table cells, strikethrough,
 * entities, math, GitHub mentions and issue references.
 */
const MD_INLINE = /[\\`*_[\]<>|~&$@#]/g;
/** At the start of a line only: headings, lists, block quotes, setext underlines and thematic breaks. */
const MD_BLOCK_START = /^(\s*)(>|[+\-=](?=\s|$|[-=]))/;
/** `1. ` or `1)` at the start of a line: an ordered list (a marker needs a space or the end after it). */
const MD_ORDERED_START = /^(\s*\d{1,9})([.)])(?=\s|$)/;

/**
 * Escapes one line of text for CommonMark/GFM (newlines become spaces). The text may land at the
 * start of a line (a note line in a block quote, a table cell), so what would open a block there
 * is escaped too; elsewhere `-`, `.`, `+`, `(`, `!` and `=` are left alone, which keeps dates, IPs
 * and ARNs readable in the ticket.
 */
export function escapeMarkdown(text: string): string {
  return cleanInline(text)
    .replace(MD_INLINE, (ch) => `\\${ch}`)
    .replace(MD_BLOCK_START, (_m, lead: string, ch: string) => `${lead}\\${ch}`)
    .replace(MD_ORDERED_START, (_m, lead: string, ch: string) => `${lead}\\${ch}`);
}

/** A GFM table cell: escaped, on one line, never empty. */
export function markdownCell(text: string): string {
  return escapeMarkdown(text).trim() || ' ';
}

/** A fenced code block that its content cannot close. */
export function markdownCodeBlock(content: string, language = ''): string {
  const body = cleanText(content);
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const info = language.replace(/[^A-Za-z0-9_-]/g, '');
  return `${fence}${info}\n${body}\n${fence}`;
}

/** Multi-line text as a blockquote, each line escaped, line breaks kept. */
export function markdownQuote(text: string): string {
  return cleanText(text)
    .split('\n')
    .map((l) => (l.trim() ? `> ${escapeMarkdown(l)}  ` : '>'))
    .join('\n');
}

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.map(markdownCell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(markdownCell).join(' | ')} |`),
  ];
}

function note(n: DocNote | undefined, label: string): string[] {
  if (!n) return [];
  return [
    `**${escapeMarkdown(label)}** (${escapeMarkdown(`${n.by}, ${isoOrUnknown(n.at)}`)}):`,
    '',
    markdownQuote(n.text),
    '',
  ];
}

function itemBody(item: DocItem): string[] {
  const out: string[] = [];
  for (const f of item.facts) out.push(`- **${escapeMarkdown(f.label)}:** ${escapeMarkdown(f.value)}`);
  for (const l of item.lists) {
    out.push(`- **${escapeMarkdown(l.label)}:**`);
    for (const r of l.rows) out.push(`  - ${escapeMarkdown(r)}`);
  }
  if (out.length) out.push('');
  out.push(...note(item.note, item.noteLabel));
  for (const a of item.actions) {
    out.push(`#### ${escapeMarkdown(`${a.provider.toUpperCase()}: ${a.title}`)}`, '');
    out.push(`- **State:** ${escapeMarkdown(a.state)}`);
    out.push(`- **Why:** ${escapeMarkdown(a.why)}`);
    out.push(`- **Action id:** ${escapeMarkdown(a.id)}`);
    if (a.missing.length) out.push(`- **Values to fill in:** ${escapeMarkdown(a.missing.join(', '))}`);
    out.push('', markdownCodeBlock(a.command, a.language === 'console' ? 'text' : a.language), '');
    out.push(...note(a.note, 'Note'));
  }
  out.push(...queryBlocks(item));
  return out;
}

const QUERY_INFO: Record<string, string> = { 'cloudtrail-lake': 'sql', athena: 'sql', bigquery: 'sql', kql: 'kql' };

/** An item's scope queries: each a sub-heading (language and title) and a fenced block. */
function queryBlocks(item: DocItem): string[] {
  const out: string[] = [];
  if (item.queryNote) out.push(`- **Scope queries:** ${escapeMarkdown(item.queryNote)}`, '');
  if (!item.queries.length) return out;
  out.push(`**${escapeMarkdown('Scope queries for this case (run them in your own log engine)')}**`, '');
  for (const q of item.queries) {
    out.push(`#### ${escapeMarkdown(`Query, ${q.language}: ${q.title}`)}`, '');
    out.push(markdownCodeBlock(q.text, QUERY_INFO[q.languageId] ?? 'text'), '');
  }
  return out;
}

/** One playbook section: its items as numbered sub-headings (also a TheHive task's description). */
export function markdownSection(s: DocSection, level = 2): string {
  const out: string[] = [`${'#'.repeat(level)} ${escapeMarkdown(s.title)}`, ''];
  s.items.forEach((item, i) => {
    out.push(`${'#'.repeat(level + 1)} ${i + 1}\\. ${escapeMarkdown(item.text)}`, '');
    out.push(...itemBody(item));
  });
  return out.join('\n').replace(/\n+$/, '\n');
}

export function renderMarkdownDocument(d: CaseDocument): string {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(`Token Triage case ${d.caseId}: ${d.title}`)}`, '');
  out.push(
    ...table(
      ['Field', 'Value'],
      d.header.map((f) => [f.label, f.value]),
    ),
    '',
  );
  out.push('**Verdict reasons**', '');
  for (const r of d.reasons.length ? d.reasons : ['none']) out.push(`- ${escapeMarkdown(r)}`);
  out.push('', '**Status history**', '');
  for (const s of d.statusHistory) out.push(`- ${escapeMarkdown(`${isoOrUnknown(s.at)} ${s.statusText} (${s.by})`)}`);
  if (!d.statusHistory.length) out.push('- none');
  if (d.related.length) {
    out.push('', '**Related identities and tokens flagged by the same analysis**', '');
    for (const r of d.related) out.push(`- ${escapeMarkdown(`${r.kind} ${r.id}: ${r.verdict}`)}`);
  }
  out.push('');

  const p = d.playbook;
  out.push(`## ${escapeMarkdown(`Playbook: ${p.ttp} ${p.name}`)}`, '');
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
    out.push(`**${escapeMarkdown(label)}**`, '');
    for (const item of items) {
      const state = item.facts.map((f) => ` (${f.value})`).join('');
      out.push(`- ${escapeMarkdown(item.text + state)}`);
    }
    out.push('');
    for (const item of items) out.push(...note(item.note, `Note on "${item.text}"`));
  }

  for (const s of d.sections) out.push(markdownSection(s));

  if (d.generalNote) out.push('## General note', '', ...note(d.generalNote, 'Note'));
  if (d.otherNotes.length) {
    out.push('## Other notes', '');
    for (const n of d.otherNotes) out.push(...note(n, `Note on ${n.stepId}`));
  }

  out.push(`## Findings (${d.findings.length})`, '');
  if (!d.findings.length) out.push('None.', '');
  for (const f of d.findings) {
    out.push(`### ${escapeMarkdown(`[${f.severity.toUpperCase()}] ${f.title} (${f.indicator})`)}`, '');
    out.push(escapeMarkdown(f.detail), '');
    out.push(`- **Time:** ${escapeMarkdown(f.time)}`);
    if (f.identities.length) out.push(`- **Identities:** ${escapeMarkdown(f.identities.join(', '))}`);
    if (f.tokens.length) out.push(`- **Tokens:** ${escapeMarkdown(f.tokens.join(', '))}`);
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

  out.push(`## Observables (${d.observables.length})`, '');
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

  out.push(`## Evidence events (${d.events.length}${d.eventsOmitted ? `, ${d.eventsOmitted} more not kept` : ''})`, '');
  if (d.events.length) {
    out.push(...table([...EVENT_TABLE_HEADER], d.events.map(eventTableRow)), '');
  } else out.push('None.', '');

  return out.join('\n').replace(/\n*$/, '\n');
}

/** The whole case as Markdown. */
export function caseMarkdown(input: CaseExportInput): string {
  return renderMarkdownDocument(buildCaseDocument(input));
}
