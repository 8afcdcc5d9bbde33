import { describe, expect, it } from 'vitest';
import {
  CONSOLE_MATCHES,
  HOST_PERMISSIONS,
  menuPatterns,
  REACTBLADE_MATCHES,
  SIDEBAR_WAR_MATCHES,
} from './console-hosts';

describe('menuPatterns', () => {
  it('shows the menu on the console pages and the Azure React-view frames with no custom host', () => {
    expect(menuPatterns([])).toEqual([...CONSOLE_MATCHES, ...REACTBLADE_MATCHES]);
    expect(menuPatterns([...HOST_PERMISSIONS])).toEqual([...CONSOLE_MATCHES, ...REACTBLADE_MATCHES]);
  });
  it('adds each granted custom host, once', () => {
    const p = menuPatterns([
      ...HOST_PERMISSIONS,
      'https://login.acme.com/*',
      'https://github.acme.internal/*',
      'https://login.acme.com/*',
    ]);
    expect(p.filter((x) => x === 'https://login.acme.com/*')).toHaveLength(1);
    expect(p).toContain('https://github.acme.internal/*');
  });
  it('does not put the menu on every page for a wildcard or malformed grant', () => {
    const base = menuPatterns([]).length;
    expect(
      menuPatterns([
        'https://*/*',
        '<all_urls>',
        'http://login.acme.com/*',
        'https://login.acme.com/admin/*',
        'https://localhost/*',
      ]),
    ).toHaveLength(base);
  });
});

describe('the sidebar web-accessible matches', () => {
  it('cover a custom host the analyst may grant (the optional-host ceiling)', () => {
    expect(SIDEBAR_WAR_MATCHES).toEqual(['https://*/*']);
  });
});
