/**
 * Every relative link in README.md and docs/*.md (markdown links and `src`/`href` attributes)
 * points to a file that exists, and a link to a heading of another markdown file (`cli.md#exit-status`)
 * to a heading that is there, so the next move of a doc or a screenshot cannot leave a dead link
 * behind. Web links and in-page anchors are left alone.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const docs = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(root, 'docs', f)),
];

/** The relative link targets of a markdown text, anchors kept; code spans and blocks left out. */
function relativeTargets(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!),
  ];
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('#')).map((t) => decodeURI(t));
}

/** The relative link targets of a markdown text, without their #anchor. */
const relativeLinks = (markdown: string): string[] => relativeTargets(markdown).map((t) => t.replace(/#.*$/, ''));

/** GitHub's anchors for the headings of a markdown text (lower case, punctuation dropped, spaces to '-'). */
function headingAnchors(markdown: string): Set<string> {
  const text = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set(
    [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

describe('relativeLinks', () => {
  it('finds markdown links and src/href attributes; drops web links, anchors and code', () => {
    const md = [
      'See [cli](docs/cli.md#exit-status), [web](https://example.com), [top](#quick-start), [mail](mailto:a@b.c).',
      '<img src="docs/screenshots/a.png" alt="x"> <a href="other%20file.md">o</a>',
      '`[not](a-link.md)`',
      '```',
      '[nor](this.md)',
      '```',
    ].join('\n');
    expect(relativeLinks(md)).toEqual(['docs/cli.md', 'docs/screenshots/a.png', 'other file.md']);
    expect(relativeTargets(md)[0]).toBe('docs/cli.md#exit-status');
  });

  it("makes GitHub's heading anchors", () => {
    expect([
      ...headingAnchors('# The CLI\n## Exit status\n### Permissions, and why\n```\n# not a heading\n```'),
    ]).toEqual(['the-cli', 'exit-status', 'permissions-and-why']);
  });
});

describe('links in the README and docs/', () => {
  for (const doc of docs) {
    it(`${relative(root, doc)}: every relative link points to a file that exists`, () => {
      const missing = relativeLinks(readFileSync(doc, 'utf8')).filter((t) => !existsSync(join(dirname(doc), t)));
      expect(missing).toEqual([]);
    });

    it(`${relative(root, doc)}: every link to a heading of another markdown file finds that heading`, () => {
      const anchored = relativeTargets(readFileSync(doc, 'utf8')).filter((t) => /\.md#/.test(t));
      const dead = anchored.filter((t) => {
        const [file, anchor] = t.split('#') as [string, string];
        const target = join(dirname(doc), file);
        return existsSync(target) && !headingAnchors(readFileSync(target, 'utf8')).has(anchor);
      });
      expect(dead).toEqual([]);
    });
  }

  it('the README links into docs/', () => {
    expect(
      relativeLinks(readFileSync(join(root, 'README.md'), 'utf8')).filter((t) => t.startsWith('docs/')).length,
    ).toBeGreaterThan(5);
  });
});
