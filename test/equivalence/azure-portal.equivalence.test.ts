// @vitest-environment jsdom
/**
 * Reader equivalence, Azure portal / Entra admin center, Fluent v8 DetailsList and v9 DataGrid
 * alike: the sign-in grid (each tab, each row's details pane opened) against the admin center's
 * CSV downloads of the same sign-ins; the audit grid (each event's details pane opened) against
 * its JSON download; the Activity log grid (each event's JSON opened) against the portal's JSON
 * download.
 */
import { createElement as h } from 'react';
import { cleanup, render } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { installLayoutShims } from '../support/jsdom-layout';
import { entraSignins } from '../../lib/sites/readers/entra-signins';
import { entraAudit } from '../../lib/sites/readers/entra-audit';
import { azureActivity } from '../../lib/sites/readers/azure-activity';
import { AUDIT_ROWS, AuditApp } from '../replicas/entra-audit/app';
import { auditDownloadJson } from '../replicas/entra-audit/export';
import { ACTIVITY_ROWS, ActivityApp, activityJson } from '../replicas/azure-activity/app';
import { loadOfflineIntel } from '../../lib/node/load-intel';
import type { IntelProvider } from '../../lib/intel/intel-provider';
import { SIGNIN_ROWS, SignInsApp, type Tab } from '../replicas/entra-signins/app';
import { columnsOfTab, FILE_OF_TAB, tabRows, USER_CSV_COLUMNS_NO_TABLE } from '../replicas/entra-signins/export';
import { csv, expectSameReading, readExport, readPage, type View } from './harness';

const SIGNINS_URL = 'https://sandbox-1.reactblade.portal.azure.net/';
const TABS: Tab[] = ['interactive', 'non-interactive', 'service-principal', 'managed-identity'];

let intel: IntelProvider;
beforeAll(async () => {
  installLayoutShims();
  intel = await loadOfflineIntel();
});

const downloads = () => TABS.map((tab) => ({ name: FILE_OF_TAB[tab], bytes: csv(columnsOfTab(tab), tabRows(tab)) }));

describe.each(['v8', 'v9'] as const)(
  "entra-signins (%s grid): page = the admin center's CSV downloads",
  { timeout: 60_000 },
  (grid) => {
    /** Each tab, then each of its rows with the details pane open, then the tab again (pane closed). */
    const views: View[] = TABS.flatMap((tab) => [
      () => (render(h(SignInsApp, { grid, tab, noVirtualize: true })), cleanup),
      ...SIGNIN_ROWS.filter((r) => r.tab === tab).map(
        (r): View =>
          () => (render(h(SignInsApp, { grid, tab, noVirtualize: true, details: r.requestId })), cleanup),
      ),
      () => (render(h(SignInsApp, { grid, tab, noVirtualize: true })), cleanup),
    ]);

    it("every tab read with each row's details opened = the four downloads", async () => {
      const page = readPage(entraSignins, SIGNINS_URL, views, intel);
      const file = await readExport(downloads(), intel);
      expectSameReading(page, file, SIGNIN_ROWS.length);
      expect(page.analysis.verdict).toBe(file.verdict);
    });

    // A user sign-in download without an "Is Interactive" column says which table it holds only by
    // its file name (NonInteractiveSignIns_…csv): the format reads it from there.
    it('the same against downloads with no "Is Interactive" column (the table from the file name)', async () => {
      const page = readPage(entraSignins, SIGNINS_URL, views, intel);
      const files = TABS.map((tab) => ({
        name: FILE_OF_TAB[tab],
        bytes: csv(
          tab === 'interactive' || tab === 'non-interactive' ? USER_CSV_COLUMNS_NO_TABLE : columnsOfTab(tab),
          tabRows(tab),
        ),
      }));
      const file = await readExport(files, intel);
      expect(page.findings).toEqual(file.findings);
    });
  },
);

describe.each(['v8', 'v9'] as const)(
  "entra-audit (%s grid): page = the admin center's JSON download",
  { timeout: 60_000 },
  (grid) => {
    // The grid shows no audit id (its rows get a hash of their cells): events are matched by time and activity.
    it("the grid with each event's details pane opened = the download", async () => {
      const views: View[] = [
        () => (render(h(AuditApp, { grid })), cleanup),
        ...AUDIT_ROWS.map(
          (r): View =>
            () => (render(h(AuditApp, { grid, details: r.key })), cleanup),
        ),
        () => (render(h(AuditApp, { grid })), cleanup),
      ];
      const page = readPage(entraAudit, SIGNINS_URL, views, intel, 'time-action');
      const file = await readExport(
        [{ name: 'AuditLogs_2026-11-10.json', bytes: auditDownloadJson() }],
        intel,
        'time-action',
      );
      expectSameReading(page, file, AUDIT_ROWS.length);
    });
  },
);

describe.each(['v8', 'v9'] as const)(
  "azure-activity (%s grid): page = the portal's JSON download",
  { timeout: 60_000 },
  (grid) => {
    it("the grid with each event's JSON opened = the download", async () => {
      const views: View[] = [
        () => (render(h(ActivityApp, { grid })), cleanup),
        ...ACTIVITY_ROWS.map(
          (r): View =>
            () => (render(h(ActivityApp, { grid, details: r.eventDataId })), cleanup),
        ),
        () => (render(h(ActivityApp, { grid })), cleanup),
      ];
      const page = readPage(azureActivity, SIGNINS_URL, views, intel);
      const file = await readExport(
        [{ name: 'ActivityLog.json', bytes: JSON.stringify(ACTIVITY_ROWS.map(activityJson), null, 2) }],
        intel,
      );
      expectSameReading(page, file, ACTIVITY_ROWS.length);
    });
  },
);
