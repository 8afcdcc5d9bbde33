import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../test/support/cases';
import { caseJira, escapeJira, escapeJiraMultiline, jiraCell, jiraCodeBlock } from './case-jira';
import { hostileInput } from '../../test/support/case-fixtures';

/** Drops {noformat} blocks (their content is literal by construction). */
export function outsideNoformat(text: string): string {
  return text.replace(/\{noformat\}\n[\s\S]*?\n\{noformat\}/g, '');
}

describe('escapeJira', () => {
  it('escapes every markup character with a backslash', () => {
    expect(escapeJira('{code} [a|b] *c* _d_ ??e?? -f- +g+ ^h^ ~i~ |j| !k! #l')).toBe(
      '\\{code\\} \\[a\\|b\\] \\*c\\* \\_d\\_ \\?\\?e\\?\\? \\-f\\- \\+g\\+ \\^h\\^ \\~i\\~ \\|j\\| \\!k\\! \\#l',
    );
  });
  it('writes backslash and ampersand as entities (two backslashes are a line break)', () => {
    expect(escapeJira('a\\\\b & &#123;')).toBe('a&#92;&#92;b &amp; &amp;\\#123;');
  });
  it('keeps a block keyword at a line start from becoming a heading or quote', () => {
    expect(escapeJiraMultiline('h1. Big\n  bq. quoted\nplain h2. mid')).toBe(
      '&#104;1. Big\n  &#98;q. quoted\nplain h2. mid',
    );
  });
  it('one line, no control characters, secrets masked', () => {
    expect(escapeJira('a\nb\u0007c\u0085')).toBe('a bc');
    expect(escapeJira(HOSTILE.secret)).not.toContain(HOSTILE.secret.slice(10, 40));
  });
  it('table cells escape the pipe and are never empty', () => {
    expect(jiraCell('a|b')).toBe('a\\|b');
    expect(jiraCell('')).toBe(' ');
  });
  it('a code block cannot be closed by its content', () => {
    expect(jiraCodeBlock('x {noformat} y {NOFORMAT}')).toBe('{noformat}\nx { noformat} y { NOFORMAT}\n{noformat}');
  });
});

describe('the hostile case in Jira markup', () => {
  const jira = outsideNoformat(caseJira(hostileInput()));
  it('has no macro, link, image, table or injected heading outside {noformat}', () => {
    expect(jira).not.toMatch(/(^|[^\\])\{(code|color|html|noformat)/m);
    expect(jira).not.toMatch(/(^|[^\\])\[link/m);
    expect(jira).not.toMatch(/(^|[^\\])!image/m);
    expect(jira).not.toMatch(/(^|[^\\])\|\|table/m);
    expect(jira).not.toMatch(/^\s*h[1-6]\. Heading/m);
    expect(jira).not.toMatch(/^\s*bq\./m);
    expect(jira).not.toMatch(/^[#-] /m);
  });
});
