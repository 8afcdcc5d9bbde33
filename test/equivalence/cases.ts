/**
 * The reader-equivalence cases, one line per replica (test/replicas/<dir>): which reader reads it,
 * which grid variants it renders, and the test file that compares its page with its console's
 * export. test/equivalence/registry.test.ts fails when a replica, a reader or a variant has no case.
 */
export interface EquivalenceCase {
  /** The replica's folder in test/replicas. */
  replica: string;
  /** The reader id (lib/sites/readers/<id>.ts). */
  reader: string;
  /** The grid designs the replica renders (`grid: 'v8' | 'v9'`), each compared. */
  variants: readonly string[];
  /** The test file in test/equivalence. */
  file: string;
  /** The export compared with, in the console's words. */
  export: string;
}

export const EQUIVALENCE_CASES: readonly EquivalenceCase[] = [
  {
    replica: 'aws-cloudtrail-events',
    reader: 'aws-cloudtrail-events',
    variants: [],
    file: 'aws-cloudtrail-events.equivalence.test.ts',
    export: 'Event history → Download events: JSON, and CSV with and without the "CloudTrail event" column',
  },
  {
    replica: 'entra-signins',
    reader: 'entra-signins',
    variants: ['v8', 'v9'],
    file: 'azure-portal.equivalence.test.ts',
    export: 'Sign-in logs → Download → CSV, one file per tab',
  },
  {
    replica: 'entra-audit',
    reader: 'entra-audit',
    variants: ['v8', 'v9'],
    file: 'azure-portal.equivalence.test.ts',
    export: 'Audit logs → Download → JSON (directoryAudit)',
  },
  {
    replica: 'azure-activity',
    reader: 'azure-activity',
    variants: ['v8', 'v9'],
    file: 'azure-portal.equivalence.test.ts',
    export: "Activity log → the events' JSON (REST shape)",
  },
  {
    replica: 'gcp-logs-explorer',
    reader: 'gcp-logs-explorer',
    variants: [],
    file: 'static-replicas.equivalence.test.ts',
    export: 'Logs Explorer → Download → JSON',
  },
  {
    replica: 'github-audit-log',
    reader: 'github-audit-log',
    variants: [],
    file: 'static-replicas.equivalence.test.ts',
    export: 'Audit log → Export → JSON',
  },
  {
    replica: 'okta-system-log',
    reader: 'okta-system-log',
    variants: [],
    file: 'static-replicas.equivalence.test.ts',
    export: 'System Log → Download CSV',
  },
  {
    replica: 'workspace-audit',
    reader: 'workspace-audit',
    variants: [],
    file: 'static-replicas.equivalence.test.ts',
    export: "Reports API activities (the audit tool's CSV / Sheets export is not read by the CLI)",
  },
];
