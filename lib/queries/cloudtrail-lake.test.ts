import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { buildCloudTrailLake } from './cloudtrail-lake';
import { EMPTY, HOSTILE, NORMAL } from '../../test/support/query-scopes';

// CloudTrail Lake is Trino-based; node-sql-parser's trino dialect parses everything used here.
const parse = (sql: string) => new Parser().astify(sql, { database: 'trino' });

describe('CloudTrail Lake SQL', () => {
  it('normal scope', () => {
    const [q] = buildCloudTrailLake(NORMAL);
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,
        userIdentity.arn, userIdentity.accessKeyId, errorCode
      FROM EVENT_DATA_STORE_ID
      WHERE eventTime >= '2024-05-01 08:00:00'
        AND eventTime <= '2024-05-02 08:00:01'
        AND (sourceIPAddress IN ('203.0.113.7', '2001:db8::1')
          OR userIdentity.accessKeyId IN ('AKIAEXAMPLE123', 'tok-42')
          OR userIdentity.arn IN ('alice@example.com')
          OR userIdentity.userName IN ('alice@example.com'))
      ORDER BY eventTime"
    `);
    expect(() => parse(q!.text)).not.toThrow();
  });
  it('hostile scope', () => {
    const [q] = buildCloudTrailLake(HOSTILE);
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,
        userIdentity.arn, userIdentity.accessKeyId, errorCode
      FROM EVENT_DATA_STORE_ID
      WHERE eventTime >= '2024-05-01 08:00:00'
        AND eventTime <= '2024-05-02 08:00:01'
        AND (sourceIPAddress IN ('1.2.3.4'' OR 1=1 --', '5.6.7.8" | DROP')
          OR userIdentity.accessKeyId IN ('a\\b''c"d', 'line1line2')
          OR userIdentity.arn IN ('"; DROP TABLE users; --', 'o''brien@example.com')
          OR userIdentity.userName IN ('"; DROP TABLE users; --', 'o''brien@example.com'))
      ORDER BY eventTime"
    `);
    // that each value is one literal is proven for both engines in cloudtrail-select.test.ts
  });
  it('empty lists: the window alone', () => {
    const [q] = buildCloudTrailLake(EMPTY, { eventDataStore: 'abc-123' });
    expect(q?.text).toMatchInlineSnapshot(`
      "SELECT eventTime, eventSource, eventName, awsRegion, sourceIPAddress, userAgent,
        userIdentity.arn, userIdentity.accessKeyId, errorCode
      FROM abc-123
      WHERE eventTime >= '2024-05-01 08:00:00'
        AND eventTime <= '2024-05-02 08:00:01'
      ORDER BY eventTime"
    `);
    expect(() => parse(q!.text.replace('abc-123', 'eds'))).not.toThrow();
  });
  it('rejects a bad event data store id', () => {
    expect(() => buildCloudTrailLake(NORMAL, { eventDataStore: 'x; DROP' })).toThrow();
  });
});
