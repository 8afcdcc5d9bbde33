// @vitest-environment jsdom
/**
 * Reader equivalence for the replicas that are static pages (Okta System Log, GitHub audit log,
 * GCP Logs Explorer, Google Workspace audit): the page as the replica shows it, against the
 * console's own export of the same records, a fixture beside each replica written from the
 * records the page shows (never from a reader's output):
 * - Okta: the System Log "Download CSV" (dotted LogEvent paths as columns);
 * - GitHub: the audit log "Export JSON" (epoch-millisecond `@timestamp` / `created_at`,
 *   `actor_location.country_code`);
 * - GCP: the Logs Explorer "Download JSON" (an array of LogEntry objects), including the entry
 *   the page shows collapsed;
 * - Workspace: the Reports API activities (`admin#reports#activities`), the shape the CLI reads;
 *   the audit tool's own CSV / Sheets export is not read by the CLI today.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { oktaSystemLog } from '../../lib/sites/readers/okta-system-log';
import { githubAuditLog } from '../../lib/sites/readers/github-audit-log';
import { gcpLogsExplorer } from '../../lib/sites/readers/gcp-logs-explorer';
import { workspaceAudit } from '../../lib/sites/readers/workspace-audit';
import { loadOfflineIntel } from '../../lib/node/load-intel';
import type { IntelProvider } from '../../lib/intel/intel-provider';
import { readExport, readPage, type View } from './harness';

const REPLICAS = join(import.meta.dirname, '..', 'replicas');
const file = (replica: string, name: string) => ({ name, bytes: readFileSync(join(REPLICAS, replica, name)) });

/** The replica's static page as the analyst sees it (its scripts never run). */
const staticPage =
  (replica: string, page = 'index.html'): View =>
  () => {
    const parsed = new DOMParser().parseFromString(readFileSync(join(REPLICAS, replica, page), 'utf8'), 'text/html');
    document.head.replaceChildren(...Array.from(parsed.head.childNodes).map((n) => document.adoptNode(n)));
    document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => document.adoptNode(n)));
    return () => {
      document.head.replaceChildren();
      document.body.replaceChildren();
    };
  };

let intel: IntelProvider;
beforeAll(async () => {
  intel = await loadOfflineIntel();
});

describe('reader equivalence: static replicas', { timeout: 60_000 }, () => {
  it('okta-system-log: the System Log page = its CSV download', async () => {
    const page = readPage(
      oktaSystemLog,
      'https://acme-admin.okta.com/report/system_log_2',
      [staticPage('okta-system-log')],
      intel,
    );
    const out = await readExport([file('okta-system-log', 'export-system-log.csv')], intel);
    expect(out.stats.rejected).toBe(0);
    expect(out.stats.events).toBe(5);
    expect(page.findings.length).toBeGreaterThan(0);
    expect(page.findings).toEqual(out.findings);
  });

  it('github-audit-log: the audit log page = its JSON export', async () => {
    const page = readPage(
      githubAuditLog,
      'https://github.com/organizations/acme/settings/audit-log',
      [staticPage('github-audit-log')],
      intel,
    );
    const out = await readExport([file('github-audit-log', 'export-audit-log.json')], intel);
    expect(out.stats.rejected).toBe(0);
    expect(out.stats.events).toBe(6);
    expect(page.findings.length).toBeGreaterThan(0);
    expect(page.findings).toEqual(out.findings);
  });

  it('gcp-logs-explorer: the Logs Explorer page = its JSON download', async () => {
    const url =
      'https://console.cloud.google.com/logs/query;query=logName%3A%22cloudaudit.googleapis.com%22?project=acme-prod';
    const page = readPage(gcpLogsExplorer, url, [staticPage('gcp-logs-explorer')], intel);
    const out = await readExport([file('gcp-logs-explorer', 'downloaded-logs.json')], intel);
    expect(out.stats.rejected).toBe(0);
    expect(out.stats.events).toBe(4);
    expect(page.findings.length).toBeGreaterThan(0);
    expect(page.findings).toEqual(out.findings);
  });

  // The page shows no uniqueQualifier (its rows get a hash of their cells): events are matched by
  // time and action.
  it('workspace-audit: the OAuth and login audit pages = the Reports API activities', async () => {
    const page = readPage(
      workspaceAudit,
      'https://admin.google.com/ac/reporting/audit/token',
      [staticPage('workspace-audit')],
      intel,
      'time-action',
    );
    const login = readPage(
      workspaceAudit,
      'https://admin.google.com/ac/reporting/audit/login',
      [staticPage('workspace-audit', 'login.html')],
      intel,
      'time-action',
    );
    const token = await readExport([file('workspace-audit', 'reports-api-token.json')], intel, 'time-action');
    const logins = await readExport([file('workspace-audit', 'reports-api-login.json')], intel, 'time-action');
    expect(token.stats.rejected + logins.stats.rejected).toBe(0);
    expect(page.findings.length + login.findings.length).toBeGreaterThan(0);
    expect(page.findings).toEqual(token.findings);
    expect(login.findings).toEqual(logins.findings);
  });
});
