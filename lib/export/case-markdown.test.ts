import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../test/support/cases';
import { caseMarkdown, escapeMarkdown, markdownCell, markdownCodeBlock, markdownQuote } from './case-markdown';
import { hostileInput } from '../../test/support/case-fixtures';

/** Drops the fenced code blocks (their content is literal by construction). */
export function outsideFences(md: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence) {
      if (m && m[1] === fence && line.trim() === fence) fence = undefined;
    } else if (m) fence = m[1];
    else out.push(line);
  }
  return out.join('\n');
}

describe('escapeMarkdown', () => {
  it('escapes every character that could start markup', () => {
    expect(escapeMarkdown('[x](https://e.example) <b> **y** `z` # h | c _u_ !i ~s~ &amp; a=b $m$ @team')).toBe(
      '\\[x\\](https://e.example) \\<b\\> \\*\\*y\\*\\* \\`z\\` \\# h \\| c \\_u\\_ !i \\~s\\~ \\&amp; a=b \\$m\\$ \\@team',
    );
    // block openers only at the start; dates and IPs stay readable
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('  > quote')).toBe('  \\> quote');
    expect(escapeMarkdown('===')).toBe('\\===');
    expect(escapeMarkdown('12. ordered')).toBe('12\\. ordered');
    expect(escapeMarkdown('3) ordered')).toBe('3\\) ordered');
    expect(escapeMarkdown('2026-11-20T03:14:07.000Z from 203.0.113.66')).toBe(
      '2026-11-20T03:14:07.000Z from 203.0.113.66',
    );
    expect(escapeMarkdown('203.0.113.66')).toBe('203.0.113.66');
    expect(escapeMarkdown('-2+3')).toBe('-2+3');
    expect(escapeMarkdown('---')).toBe('\\---');
  });
  it('escapes the backslash itself, so an escape in the input stays literal', () => {
    expect(escapeMarkdown('\\*')).toBe('\\\\\\*');
  });
  it('puts the text on one line and drops control characters', () => {
    expect(escapeMarkdown('a\r\nb\u0000c\u2028d\u202ee\u009bf')).toBe('a bcdef');
  });
  it('masks a bearer secret', () => {
    expect(escapeMarkdown(`token ${HOSTILE.secret}`)).not.toContain(HOSTILE.secret.slice(10, 40));
  });
  it('never leaves a table cell empty', () => {
    expect(markdownCell('')).toBe(' ');
    expect(markdownCell('a|b\nc')).toBe('a\\|b c');
  });
});

describe('markdownCodeBlock', () => {
  it('uses a fence longer than any backtick run in the content', () => {
    const block = markdownCodeBlock('a ````` b\n```\nc', 'bash');
    expect(block.startsWith('``````bash\n')).toBe(true);
    expect(block.endsWith('\n``````')).toBe(true);
  });
  it('keeps the content literal and the info string tame', () => {
    expect(markdownCodeBlock('<b>*x*</b>', 'ba sh`<x>')).toBe('```bashx\n<b>*x*</b>\n```');
  });
});

describe('markdownQuote', () => {
  it('quotes each line, escaped, and keeps line breaks', () => {
    expect(markdownQuote('# a\n\n> b')).toBe('> \\# a  \n>\n> \\> b  ');
  });
});

describe('the hostile case in Markdown', () => {
  const md = outsideFences(caseMarkdown(hostileInput()));
  it('has no link, image, HTML, code span, emphasis or injected heading outside code blocks', () => {
    expect(md).not.toMatch(/(^|[^\\])\]\(/m); // [text](url)
    expect(md).not.toMatch(/(^|[^\\])<(img|script|b)\b/im);
    expect(md).not.toMatch(/(^|[^\\])`code/m);
    expect(md).not.toMatch(/(^|[^\\])\*\*bold/m);
    expect(md).not.toMatch(/^#+ heading/im);
    expect(md).not.toMatch(/^> *#/m);
  });
  it('keeps every table row to its own columns', () => {
    for (const table of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = table.split('\n').filter(Boolean);
      const cols = (r: string) => r.replace(/\\\|/g, '').split('|').length;
      for (const r of rows) expect(cols(r)).toBe(cols(rows[0]!));
    }
  });
});
