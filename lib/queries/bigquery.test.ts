import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { bqString, buildBigQuery } from './bigquery';
import { EMPTY, HOSTILE, NORMAL, sqlStringLiterals } from '../../test/support/query-scopes';

const parse = (sql: string) => new Parser().astify(sql, { database: 'bigquery' });
const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

describe('BigQuery SQL', () => {
  it('escapes with backslashes, not doubled quotes', () => {
    expect(bqString("a'b\\c\n")).toBe("'a\\'b\\\\c'");
  });
  it('normal scope', () => {
    const [q] = buildBigQuery(NORMAL, { project: 'acme-sec', dataset: 'audit' });
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT timestamp, protopayload_auditlog.serviceName, protopayload_auditlog.methodName, protopayload_auditlog.requestMetadata.callerIp,
        protopayload_auditlog.authenticationInfo.principalEmail, protopayload_auditlog.authenticationInfo.serviceAccountKeyName
      FROM \`acme-sec.audit.cloudaudit_googleapis_com_activity\`
      WHERE timestamp >= TIMESTAMP '2024-05-01T08:00:00Z'
        AND timestamp <= TIMESTAMP '2024-05-02T08:00:01Z'
        AND (protopayload_auditlog.requestMetadata.callerIp IN ('203.0.113.7', '2001:db8::1')
          OR ENDS_WITH(protopayload_auditlog.authenticationInfo.serviceAccountKeyName, 'AKIAEXAMPLE123')
          OR ENDS_WITH(protopayload_auditlog.authenticationInfo.serviceAccountKeyName, 'tok-42')
          OR protopayload_auditlog.authenticationInfo.principalEmail IN ('alice@example.com'))
      ORDER BY timestamp"
    `);
    expect(() => parse(q!.text)).not.toThrow();
  });
  it('hostile scope: every value stays one literal', () => {
    const [q] = buildBigQuery(HOSTILE);
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT timestamp, protopayload_auditlog.serviceName, protopayload_auditlog.methodName, protopayload_auditlog.requestMetadata.callerIp,
        protopayload_auditlog.authenticationInfo.principalEmail, protopayload_auditlog.authenticationInfo.serviceAccountKeyName
      FROM \`PROJECT_ID.AUDIT_DATASET.cloudaudit_googleapis_com_activity\`
      WHERE timestamp >= TIMESTAMP '2024-05-01T08:00:00Z'
        AND timestamp <= TIMESTAMP '2024-05-02T08:00:01Z'
        AND (protopayload_auditlog.requestMetadata.callerIp IN ('1.2.3.4\\' OR 1=1 --', '5.6.7.8" | DROP')
          OR ENDS_WITH(protopayload_auditlog.authenticationInfo.serviceAccountKeyName, 'a\\\\b\\'c"d')
          OR ENDS_WITH(protopayload_auditlog.authenticationInfo.serviceAccountKeyName, 'line1line2')
          OR protopayload_auditlog.authenticationInfo.principalEmail IN ('"; DROP TABLE users; --', 'o\\'brien@example.com'))
      ORDER BY timestamp"
    `);
    const literals = sqlStringLiterals(parse(q!.text)).map(unescape);
    // The TIMESTAMP '…' literals parse as timestamps, not strings, so they are not listed.
    expect(literals).toEqual([
      "1.2.3.4' OR 1=1 --",
      '5.6.7.8" | DROP',
      'a\\b\'c"d',
      'line1line2',
      '"; DROP TABLE users; --',
      "o'brien@example.com",
    ]);
  });
  it('empty lists: the window alone', () => {
    const [q] = buildBigQuery(EMPTY);
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT timestamp, protopayload_auditlog.serviceName, protopayload_auditlog.methodName, protopayload_auditlog.requestMetadata.callerIp,
        protopayload_auditlog.authenticationInfo.principalEmail, protopayload_auditlog.authenticationInfo.serviceAccountKeyName
      FROM \`PROJECT_ID.AUDIT_DATASET.cloudaudit_googleapis_com_activity\`
      WHERE timestamp >= TIMESTAMP '2024-05-01T08:00:00Z'
        AND timestamp <= TIMESTAMP '2024-05-02T08:00:01Z'
      ORDER BY timestamp"
    `);
    expect(() => parse(q!.text)).not.toThrow();
  });
  it('rejects bad project or dataset names', () => {
    expect(() => buildBigQuery(NORMAL, { project: 'a`b' })).toThrow();
    expect(() => buildBigQuery(NORMAL, { dataset: 'a.b' })).toThrow();
  });
});
