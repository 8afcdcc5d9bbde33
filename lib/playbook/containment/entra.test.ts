/**
 * Entra containment actions: values from an Entra / M365 / Azure case, placeholders for an AWS
 * case, GUID/UPN shape checks, PowerShell and KQL quoting.
 */
import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../../test/support/cases';
import { buildEntra } from './entra';
import { kqlQuote, psQuote } from './shared';
import {
  BREAKOUTS,
  IDS,
  JWT,
  caseWith,
  entraCase,
  ev,
  hostileProviderCase,
  readPsSingleQuoted,
} from '../../../test/support/containment-cases';
import type { ContainmentAction } from './types';

const byId = (actions: ContainmentAction[], id: string): ContainmentAction => actions.find((x) => x.id === id)!;

/** The PowerShell single-quoted argument after `-Param` on each line that has it. */
function psArgs(command: string, param: string): string[] {
  const out: string[] = [];
  for (const line of command.split('\n')) {
    const at = line.indexOf(`${param} '`);
    if (at < 0) continue;
    const { value, end } = readPsSingleQuoted(line, at + param.length + 1);
    expect(/^(\s|$|,)/.test(line.slice(end))).toBe(true);
    out.push(value);
  }
  return out;
}

describe('buildEntra on an Entra case', () => {
  const actions = buildEntra(entraCase());

  it("revokes the user's sessions by UPN, connecting to the case tenant", () => {
    const a = byId(actions, 'entra-revoke-sessions');
    expect(psArgs(a.command, '-UserId')).toEqual([IDS.entraUser]);
    expect(psArgs(a.command, '-TenantId')).toEqual([IDS.entraTenant]);
    expect(a.missing).toEqual([]);
    expect(a.language).toBe('powershell');
  });

  it('golden: revoke sessions', () => {
    expect(byId(actions, 'entra-revoke-sessions').command).toMatchInlineSnapshot(`
      "Connect-MgGraph -Scopes 'User.RevokeSessions.All' -TenantId '72f988bf-86f1-41af-91ab-2d7cd011db47'
      Revoke-MgUserSignInSession -UserId 'adele.vance@contoso.com'"
    `);
  });

  it('removes the grants of the app the user consented to (appId GUID in the OData filter)', () => {
    const a = byId(actions, 'entra-remove-oauth-grants');
    expect(a.command).toContain(`Get-MgServicePrincipal -Filter "appId eq '${IDS.entraApp}'"`);
    expect(a.command).toContain('Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId $_.Id');
    expect(a.missing).toEqual([]);
  });

  it('targets the service principal that signed in as itself; key ids are never in logs', () => {
    const a = byId(actions, 'entra-remove-sp-credentials');
    expect(a.command).toContain(`Get-MgServicePrincipal -Filter "appId eq '${IDS.entraSpApp}'"`);
    expect(a.command).toContain("Remove-MgServicePrincipalPassword -ServicePrincipalId $sp.Id -KeyId '<KEY_ID>'");
    expect(a.missing).toEqual(['<KEY_ID>']);
  });

  it('MFA re-registration is a console step naming the user', () => {
    const a = byId(actions, 'entra-require-mfa-reregistration');
    expect(a.language).toBe('console');
    expect(a.command).toContain(`All users > ${IDS.entraUser} > Authentication methods`);
  });

  it('sign-in alert query filters on the user and the session id, after the snapshot', () => {
    const a = byId(actions, 'entra-monitor-signin-alert');
    expect(a.command).toContain(
      `| where UserPrincipalName =~ '${IDS.entraUser}' or SessionId in ('${IDS.entraSession}')`,
    );
    expect(a.command).toContain('| where TimeGenerated > datetime(2026-11-20T03:14:07Z)');
  });

  it('uses UserId == for an object id', () => {
    const a = byId(buildEntra(entraCase(IDS.entraUserGuid)), 'entra-monitor-signin-alert');
    expect(a.command).toContain(`UserId == '${IDS.entraUserGuid}'`);
  });
});

describe('Entra placeholders, shape checks and quoting', () => {
  it('an AWS-only case fills nothing and lists every placeholder', () => {
    const actions = buildEntra(sampleCase());
    expect(byId(actions, 'entra-revoke-sessions').missing).toEqual(['<USER_ID_OR_UPN>']);
    expect(psArgs(byId(actions, 'entra-revoke-sessions').command, '-UserId')).toEqual(['<USER_ID_OR_UPN>']);
    expect(byId(actions, 'entra-remove-oauth-grants').missing).toEqual(['<USER_ID_OR_UPN>', '<APP_ID>']);
    expect(byId(actions, 'entra-revoke-sessions').command).not.toContain('-TenantId');
  });

  it('a UPN with an apostrophe is quoted, not refused (PowerShell doubles it, KQL escapes it)', () => {
    const actions = buildEntra(entraCase(IDS.entraUserQuoted));
    const revoke = byId(actions, 'entra-revoke-sessions');
    expect(revoke.command).toContain("Revoke-MgUserSignInSession -UserId 'o''brien@contoso.com'");
    expect(psArgs(revoke.command, '-UserId')).toEqual([IDS.entraUserQuoted]);
    expect(byId(actions, 'entra-monitor-signin-alert').command).toContain(
      "UserPrincipalName =~ 'o\\'brien@contoso.com'",
    );
  });

  it('refuses non-GUID app ids and tenant ids', () => {
    const c = caseWith([
      ev({
        id: 'x',
        provider: 'entra',
        actor: IDS.entraUser,
        action: 'Sign-in',
        appId: "x'); Remove-MgUser",
        account: 'contoso',
      }),
    ]);
    const actions = buildEntra(c);
    expect(byId(actions, 'entra-remove-oauth-grants').missing).toEqual(['<APP_ID>']);
    expect(byId(actions, 'entra-revoke-sessions').command).not.toContain('-TenantId');
  });

  it('never lets a hostile value into a command', () => {
    for (const h of BREAKOUTS) {
      for (const a of buildEntra(hostileProviderCase(h))) {
        expect(a.command).not.toContain(h);
        expect(a.command).not.toMatch(JWT);
      }
    }
  });

  it('psQuote round-trips hostile strings, typographic quotes included', () => {
    for (const h of [...BREAKOUTS, "it's", "''", '\u2018\u2019\u201A\u201B', '$env:PATH', '`n']) {
      const quoted = psQuote(h);
      expect(readPsSingleQuoted(quoted, 0)).toEqual({ value: h, end: quoted.length });
    }
  });

  it('kqlQuote escapes quotes and backslashes', () => {
    expect(kqlQuote("a'b\\c")).toBe("'a\\'b\\\\c'");
  });
});
