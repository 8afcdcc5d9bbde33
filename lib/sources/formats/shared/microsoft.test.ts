/**
 * shared/microsoft: sign-in categories, grant operations, `[{Name, Value}]` lists, modified
 * property text (masking, truncation) and consent facts, as the Microsoft formats use them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENTRA_SIGNIN_CATEGORIES,
  ENTRA_SIGNIN_CATEGORY_BY_LOWER,
  GRANT_OPERATION,
  MAX_MODIFIED_PROPERTIES,
  grantFacts,
  modifiedPropertyText,
  namedValueMap,
  namedValues,
  scopesFromPermissions,
} from './microsoft';

describe('shared/microsoft: categories and grant operations', () => {
  it('knows the sign-in, AD FS, Microsoft service principal and provisioning categories by their lower-case spelling, and nothing else', () => {
    expect([...ENTRA_SIGNIN_CATEGORIES].sort()).toEqual([
      'adfssigninlogs',
      'managedidentitysigninlogs',
      'microsoftserviceprincipalsigninlogs',
      'noninteractiveusersigninlogs',
      'provisioninglogs',
      'serviceprincipalsigninlogs',
      'signinlogs',
    ]);
    expect(ENTRA_SIGNIN_CATEGORY_BY_LOWER['noninteractiveusersigninlogs']).toBe('NonInteractiveUserSignInLogs');
    expect(ENTRA_SIGNIN_CATEGORIES.has('auditlogs')).toBe(false);
    expect(ENTRA_SIGNIN_CATEGORIES.has('SignInLogs')).toBe(false);
  });

  it('matches consent and grant activities (any case, trailing dot) and no look-alikes', () => {
    for (const op of [
      'Consent to application',
      'consent to application.',
      'Add delegated permission grant',
      'Add OAuth2PermissionGrant.',
      'Add app role assignment to service principal',
      'Add app role assignment grant to user',
    ]) {
      expect(GRANT_OPERATION.test(op), op).toBe(true);
    }
    for (const op of [
      'Remove delegated permission grant',
      'Consent to application by admin',
      'Add service principal',
      '',
    ]) {
      expect(GRANT_OPERATION.test(op), op).toBe(false);
    }
    expect(MAX_MODIFIED_PROPERTIES).toBe(40);
  });
});

describe('shared/microsoft: named value lists', () => {
  it('reads [{Name, Value}] as pairs in order, from an array or its JSON text, skipping nameless entries', () => {
    const list = [
      { Name: ' RequestType ', Value: 'Cmsi:Cmsi' },
      { Value: 'orphan' },
      { name: 'UserAgent', value: { a: 1 } },
      'x',
    ];
    expect(namedValues(list, 'Name', 'Value')).toEqual([
      ['RequestType', 'Cmsi:Cmsi'],
      ['UserAgent', { a: 1 }],
    ]);
    expect(namedValues(JSON.stringify(list), 'Name', 'Value')).toEqual([
      ['RequestType', 'Cmsi:Cmsi'],
      ['UserAgent', { a: 1 }],
    ]);
    expect(namedValues('not json', 'Name', 'Value')).toEqual([]);
    expect(namedValues(undefined, 'Name', 'Value')).toEqual([]);
  });

  it('maps lower-case names to value text; the first entry with a value wins', () => {
    const m = namedValueMap(
      [
        { key: 'IPAddr', value: '' },
        { key: 'ipaddr', value: ' 198.51.100.7 ' },
        { key: 'IPADDR', value: '203.0.113.1' },
        { key: 'AppId', value: 42 },
        { key: 'empty', value: 'null' },
      ],
      'key',
      'value',
    );
    expect([...m]).toEqual([
      ['ipaddr', '198.51.100.7'],
      ['appid', '42'],
    ]);
  });

  it('never throws on any input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        expect(Array.isArray(namedValues(v, 'Name', 'Value'))).toBe(true);
        expect(namedValueMap(v, 'key', 'value')).toBeInstanceOf(Map);
      }),
      { numRuns: 300 },
    );
  });
});

describe('shared/microsoft: modified properties and consent facts', () => {
  it('parses ConsentAction.Permissions after the arrow, several grants', () => {
    expect(
      scopesFromPermissions(
        '[[Scope: old.Scope, X]] => [[Id: 1, ConsentType: Principal, Scope:  a b c, CreatedDateTime: ], [Id: 2, Scope: c d]]; ',
      ),
    ).toEqual(['a', 'b', 'c', 'd']);
    expect(scopesFromPermissions('no scopes here')).toEqual([]);
  });

  it('reads consent flags given as JSON strings or plain text', () => {
    expect(
      grantFacts([
        ['ConsentContext.IsAdminConsent', '"True"'],
        ['ConsentContext.OnBehalfOfAll', 'true'],
      ]),
    ).toMatchObject({ adminConsent: true, allUsers: true });
  });

  it('collects scopes, app-only, consent type and the client id from grant properties', () => {
    expect(
      grantFacts([
        ['ConsentContext.IsAppOnly', '"False"'],
        ['DelegatedPermissionGrant.Scope', '"Mail.Read offline_access"'],
        ['DelegatedPermissionGrant.ConsentType', '"Principal"'],
        ['AppRole.Value', '"Mail.Read"'],
        ['TargetId.ServicePrincipalNames', '"00000003-0000-0000-c000-000000000000;https://graph"'],
      ]),
    ).toEqual({
      appOnly: false,
      allUsers: false,
      scopes: ['Mail.Read', 'offline_access'],
      appId: '00000003-0000-0000-c000-000000000000',
    });
    expect(grantFacts([['DelegatedPermissionGrant.ConsentType', 'AllPrincipals']]).allUsers).toBe(true);
    expect(grantFacts([])).toEqual({});
  });

  it('masks tokens, redacts secret-named properties and truncates long values', () => {
    expect(modifiedPropertyText('PasswordProfile', '"x"')).toBe('PasswordProfile=[redacted]');
    expect(modifiedPropertyText('StrongAuthenticationPhoneAppDetail', '[{"DeviceToken":"abc"}]')).toBe(
      'StrongAuthenticationPhoneAppDetail=[redacted]',
    );
    expect(modifiedPropertyText('StsRefreshTokensValidFrom', '["2025-05-02T06:58:49Z"]')).toBe(
      'StsRefreshTokensValidFrom=2025-05-02T06:58:49Z',
    );
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    expect(modifiedPropertyText('Note', JSON.stringify(jwt))).toBe('Note=eyJh…dXJl');
    expect(modifiedPropertyText('Blob', JSON.stringify('x'.repeat(500))).length).toBeLessThan(220);
  });

  // The growth on runs of JWT look-alikes (an 80 KB run took 3.3 s) is measured by `npm run bench:hostile`.
  it('masks a JWT inside a long value and cuts the value short', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    expect(modifiedPropertyText('Note', JSON.stringify(`note: ${jwt} and more`))).toBe('Note=note: eyJh…dXJl and more');
    for (const unit of ['eyJ', 'eyJ-', 'eyJaaaaaaaaaaa.', 'eyJaaaaaaaaaaa.bbbbbbbbbbbb']) {
      const out = modifiedPropertyText('Note', JSON.stringify(`note: ${unit.repeat(Math.ceil(2_000 / unit.length))}`));
      expect(out.startsWith('Note=note: '), unit).toBe(true);
      expect(out.length, unit).toBeLessThan(220);
    }
  });

  it('writes double-encoded, list and object values as plain text', () => {
    expect(modifiedPropertyText('DisplayName', JSON.stringify(JSON.stringify(['a', 'b'])))).toBe('DisplayName=a,b');
    expect(modifiedPropertyText('Flags', '[{"x":1}]')).toBe('Flags=[{"x":1}]');
    expect(modifiedPropertyText('Empty', null)).toBe('Empty=');
  });
});
