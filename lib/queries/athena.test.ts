import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { buildAthena } from './athena';
import { EMPTY, HOSTILE, NORMAL } from '../../test/support/query-scopes';

// Athena engine v3 is Trino; node-sql-parser's athena dialect parses everything used here.
const parse = (sql: string) => new Parser().astify(sql, { database: 'athena' });

describe('Athena SQL', () => {
  it('normal scope', () => {
    const [q] = buildAthena(NORMAL, { table: 'security.cloudtrail_logs' });
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,
        userIdentity.arn, userIdentity.accessKeyId, errorCode
      FROM security.cloudtrail_logs
      WHERE eventTime >= '2024-05-01T08:00:00Z'
        AND eventTime <= '2024-05-02T08:00:01Z'
        AND (sourceIPAddress IN ('203.0.113.7', '2001:db8::1')
          OR userIdentity.accessKeyId IN ('AKIAEXAMPLE123', 'tok-42')
          OR userIdentity.arn IN ('alice@example.com')
          OR userIdentity.userName IN ('alice@example.com'))
      ORDER BY eventTime"
    `);
    expect(() => parse(q!.text)).not.toThrow();
  });
  it('hostile scope', () => {
    const [q] = buildAthena(HOSTILE);
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,
        userIdentity.arn, userIdentity.accessKeyId, errorCode
      FROM cloudtrail_logs
      WHERE eventTime >= '2024-05-01T08:00:00Z'
        AND eventTime <= '2024-05-02T08:00:01Z'
        AND (sourceIPAddress IN ('1.2.3.4'' OR 1=1 --', '5.6.7.8" | DROP')
          OR userIdentity.accessKeyId IN ('a\\b''c"d', 'line1line2')
          OR userIdentity.arn IN ('"; DROP TABLE users; --', 'o''brien@example.com')
          OR userIdentity.userName IN ('"; DROP TABLE users; --', 'o''brien@example.com'))
      ORDER BY eventTime"
    `);
    // that each value is one literal is proven for both engines in cloudtrail-select.test.ts
  });
  it('empty lists: the window alone', () => {
    const [q] = buildAthena(EMPTY);
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,
        userIdentity.arn, userIdentity.accessKeyId, errorCode
      FROM cloudtrail_logs
      WHERE eventTime >= '2024-05-01T08:00:00Z'
        AND eventTime <= '2024-05-02T08:00:01Z'
      ORDER BY eventTime"
    `);
    expect(() => parse(q!.text)).not.toThrow();
  });
  it('rejects a bad table name', () => {
    expect(() => buildAthena(NORMAL, { table: 'logs--' })).toThrow();
  });
});
