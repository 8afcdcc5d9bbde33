import { describe, expect, it } from 'vitest';
import { buildGcpLogging, gcpString } from './gcp-logging';
import { EMPTY, HOSTILE, NORMAL } from '../../test/support/query-scopes';

describe('GCP Logging query', () => {
  it('escapes backslash and double quote', () => {
    expect(gcpString('a\\b"c\n')).toBe('"a\\\\b\\"c"');
  });
  it('normal scope', () => {
    expect(buildGcpLogging(NORMAL)[0]?.text).toMatchInlineSnapshot(`
      "logName:"cloudaudit.googleapis.com"
      timestamp>="2024-05-01T08:00:00Z"
      timestamp<="2024-05-02T08:00:01Z"
      (protoPayload.requestMetadata.callerIp="203.0.113.7"
       OR protoPayload.requestMetadata.callerIp="2001:db8::1"
       OR protoPayload.authenticationInfo.serviceAccountKeyName:"AKIAEXAMPLE123"
       OR protoPayload.authenticationInfo.serviceAccountKeyName:"tok-42"
       OR protoPayload.authenticationInfo.oauthInfo.oauthClientId="00000003-0000-0000-c000-000000000000"
       OR protoPayload.authenticationInfo.principalEmail="alice@example.com")"
    `);
  });
  it('hostile scope', () => {
    expect(buildGcpLogging(HOSTILE)[0]?.text).toMatchInlineSnapshot(`
      "logName:"cloudaudit.googleapis.com"
      timestamp>="2024-05-01T08:00:00Z"
      timestamp<="2024-05-02T08:00:01Z"
      (protoPayload.requestMetadata.callerIp="1.2.3.4' OR 1=1 --"
       OR protoPayload.requestMetadata.callerIp="5.6.7.8\\" | DROP"
       OR protoPayload.authenticationInfo.serviceAccountKeyName:"a\\\\b'c\\"d"
       OR protoPayload.authenticationInfo.serviceAccountKeyName:"line1line2"
       OR protoPayload.authenticationInfo.oauthInfo.oauthClientId="x\\" or 1==1 | take 1 //"
       OR protoPayload.authenticationInfo.principalEmail="\\"; DROP TABLE users; --"
       OR protoPayload.authenticationInfo.principalEmail="o'brien@example.com")"
    `);
  });
  it('empty lists: the window alone', () => {
    expect(buildGcpLogging(EMPTY)[0]?.text).toMatchInlineSnapshot(`
      "logName:"cloudaudit.googleapis.com"
      timestamp>="2024-05-01T08:00:00Z"
      timestamp<="2024-05-02T08:00:01Z""
    `);
  });
});
