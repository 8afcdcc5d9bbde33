import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildIpv4IntelPack, buildIpv6IntelPack, intelCacheFile } from './lib/node/load-intel';
import { PACKED_INTEL6_PATH, PACKED_INTEL_PATH } from './lib/intel/packaged';
import { trimCountriesPlugin } from './lib/node/trim-countries-plugin';
import { defineConfig } from 'wxt';
import { HOST_PERMISSIONS, OPTIONAL_HOST_PERMISSIONS, SIDEBAR_WAR_MATCHES } from './lib/messaging/console-hosts';

/**
 * The extension (issue 3). Least privilege, each permission for one reason:
 * - host_permissions: only the console hosts (lib/messaging/console-hosts.ts), where the content
 *   scripts read log rows; also what lets the background message those tabs.
 * - storage: the options page keeps the analyst's custom hosts and settings.
 * - contextMenus: "Analyse selected JSON with Token Triage" (limited to the console hosts and the
 *   custom hosts the analyst granted).
 * - scripting: registerContentScripts for a custom Okta domain or GitHub Enterprise Server host,
 *   after the analyst grants it from the options page (optional_host_permissions, one origin at
 *   a time; `https://*\/*` is only the ceiling of what may be asked, never granted at install).
 * Not requested: activeTab (the content script already runs on every host the menu shows on),
 * tabs (tab ids and frame ids come with messages), webNavigation, sidePanel, downloads.
 */
/**
 * Issue 3's budget: every content script <= 60 KB minified (as WXT prints sizes: 1 kB = 1,000
 * bytes). Each console has its own content script with only its readers (lib/sites/consoles);
 * a production build over budget fails here rather than growing unnoticed.
 */
const CONTENT_SCRIPT_BUDGET = 60_000;
/**
 * Issue 11's budget: the scripts sidebar.html loads before its first paint (its entry and every
 * chunk it preloads, minified) <= 450 KB. The page tab needs React and the messaging; the case
 * view, the import panel and the engine (with its country data) are lazy chunks
 * (components/Sidebar.tsx, entrypoints/sidebar/main.tsx). A static import that pulls them back in
 * (the whole engine was 1.4 MB) fails the build here.
 */
const SIDEBAR_FIRST_PAINT_BUDGET = 450_000;

/** The scripts an HTML page of the build loads up front: its module scripts and modulepreloads. */
function firstPaintScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const tag = m[0];
    const isScript = m[1] === 'script' && /\btype="module"/.test(tag);
    const isPreload = m[1] === 'link' && /\brel="modulepreload"/.test(tag);
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isScript || isPreload) && url) out.push(url.replace(/^\//, ''));
  }
  return out;
}

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: ({ browser }) => ({
    name: 'Token Triage',
    description:
      'Triage stolen application access tokens (T1550.001) where the evidence is: in the cloud console. Nothing leaves the browser.',
    permissions: ['storage', 'contextMenus', 'scripting'],
    host_permissions: [...HOST_PERMISSIONS],
    optional_host_permissions: [...OPTIONAL_HOST_PERMISSIONS],
    action: { default_title: 'Token Triage' },
    commands: {
      'toggle-sidebar': {
        suggested_key: { default: 'Alt+Shift+T' },
        description: 'Toggle the Token Triage sidebar',
      },
    },
    // The sidebar iframe (lib/messaging/sidebar-frame.ts). Matches: the optional-host ceiling, so
    // a custom host granted at run time can load it too (manifest matches are static). Being
    // web-accessible gives a page nothing (issue 8): a sidebar.html the extension did not mount
    // gets no one-time token and every call is refused (lib/messaging/sidebar-grant.ts), and in
    // Chrome it is reachable only at a per-session dynamic URL (use_dynamic_url), not at the
    // static, guessable one. Firefox's moz-extension:// host is already a random per-install
    // UUID; its manifest has no use_dynamic_url (it warns about the unknown key): omitted there.
    web_accessible_resources: [
      {
        resources: ['sidebar.html'],
        matches: [...SIDEBAR_WAR_MATCHES],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    minimum_chrome_version: '116',
    browser_specific_settings: {
      gecko: {
        id: '{6f0c7f3e-2b8a-4a43-9d55-0d7c6a3b1e21}',
        strict_min_version: '128.0',
        // AMO: the extension collects and transmits no data.
        data_collection_permissions: { required: ['none'] },
      } as { id: string; strict_min_version: string },
    },
  }),
  vite: () => ({
    // The country table cut to the fields the product reads (565 KB less in the engine's chunk).
    plugins: [trimCountriesPlugin()],
    worker: { format: 'es' },
    build: {
      rollupOptions: {
        // papaparse and fflate are CommonJS/side-effect-free: let them drop out of bundles that
        // import lib/sources only for types or unused helpers (the content scripts).
        treeshake: { moduleSideEffects: (id: string) => !/node_modules[\\/](papaparse|fflate)[\\/]/.test(id) },
      },
    },
  }),
  hooks: {
    // The intel tables (lib/intel/pack.ts) from the installed data packages, packed once per data
    // version into node_modules/.cache and shipped as intel/ipv4.bin and intel/ipv6.bin.
    async 'build:publicAssets'(_wxt, files) {
      for (const [kind, dest, build] of [
        ['ipv4', PACKED_INTEL_PATH, buildIpv4IntelPack],
        ['ipv6', PACKED_INTEL6_PATH, buildIpv6IntelPack],
      ] as const) {
        const cached = intelCacheFile(kind);
        if (!existsSync(cached)) {
          mkdirSync(dirname(cached), { recursive: true });
          writeFileSync(cached, await build());
        }
        files.push({ absoluteSrc: cached, relativeDest: dest.slice(1) });
      }
    },
    'build:done'(wxt, output) {
      if (wxt.config.command !== 'build') return;
      const over: string[] = [];
      for (const step of output.steps) {
        for (const file of step.chunks) {
          if (!/^content-scripts\/[^/]+\.js$/.test(file.fileName)) continue;
          const size = statSync(join(wxt.config.outDir, file.fileName)).size;
          if (size > CONTENT_SCRIPT_BUDGET) over.push(`${file.fileName}: ${size} bytes`);
        }
      }
      if (over.length)
        throw new Error(`Content scripts over the ${CONTENT_SCRIPT_BUDGET}-byte budget: ${over.join(', ')}`);
      const sidebarHtml = join(wxt.config.outDir, 'sidebar.html');
      // Not for the browser tests' build (NODE_ENV=test from vitest): React's development build is bigger.
      if (process.env.NODE_ENV !== 'test' && existsSync(sidebarHtml)) {
        const files = firstPaintScripts(readFileSync(sidebarHtml, 'utf8'));
        const size = files.reduce((n, f) => n + statSync(join(wxt.config.outDir, f)).size, 0);
        if (!files.length || size > SIDEBAR_FIRST_PAINT_BUDGET)
          throw new Error(
            `sidebar.html loads ${size} bytes of scripts before its first paint (budget ${SIDEBAR_FIRST_PAINT_BUDGET}): ${files.join(', ')}`,
          );
      }
    },
  },
  zip: {
    excludeSources: ['test/**', 'bench/**', 'demo-output/**', '.vitest-results.json', '.vitest-e2e-results.json'],
  },
});
