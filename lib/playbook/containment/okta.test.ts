/**
 * Okta containment actions: the user by id (00u…) or by login (looked up at run time), client
 * and API token ids from the events, placeholders otherwise; URL-path encoding and bash quoting.
 */
import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../../test/support/cases';
import { buildOkta } from './okta';
import {
  BREAKOUTS,
  IDS,
  JWT,
  bashWords,
  caseWith,
  ev,
  hostileProviderCase,
  oktaCase,
  tokenizeBash,
} from '../../../test/support/containment-cases';
import type { ContainmentAction } from './types';

const byId = (actions: ContainmentAction[], id: string): ContainmentAction => actions.find((x) => x.id === id)!;
/** URL words (after bash parsing), with the org URL variable shown as written. */
const urls = (command: string): string[] => bashWords(command).filter((w) => w.startsWith('${OKTA_ORG_URL}'));

describe('buildOkta', () => {
  it('clears sessions with oauthTokens=true for the literal user id', () => {
    const a = byId(buildOkta(oktaCase(true)), 'okta-clear-sessions');
    expect(urls(a.command)).toEqual([`\${OKTA_ORG_URL}/api/v1/users/${IDS.oktaUserId}/sessions?oauthTokens=true`]);
    expect(bashWords(a.command)).toContain('Authorization: SSWS ${OKTA_API_TOKEN}');
    expect(a.missing).toEqual([]);
  });

  it('golden: clear sessions by user id', () => {
    expect(byId(buildOkta(oktaCase(true)), 'okta-clear-sessions').command).toMatchInlineSnapshot(`
      "curl -sS -X DELETE -H "Authorization: SSWS \${OKTA_API_TOKEN}" -H 'Accept: application/json' \\
        "\${OKTA_ORG_URL}"'/api/v1/users/00u1abcdEFGH2345ijkl/sessions?oauthTokens=true'"
    `);
  });

  it('looks the id up from the login (URL-encoded) when the case has only the login', () => {
    const a = byId(buildOkta(oktaCase()), 'okta-clear-sessions');
    expect(a.command).toContain(`"\${OKTA_ORG_URL}"'/api/v1/users/jane.doe%40example.com' | jq -r .id)`);
    expect(urls(a.command)[1]).toBe('${OKTA_ORG_URL}/api/v1/users/${OKTA_USER_ID}/sessions?oauthTokens=true');
  });

  it("revokes the client's tokens and grants and the API token", () => {
    const a = byId(buildOkta(oktaCase(true)), 'okta-revoke-client-tokens');
    expect(urls(a.command)).toEqual([
      `\${OKTA_ORG_URL}/api/v1/users/${IDS.oktaUserId}/clients`,
      `\${OKTA_ORG_URL}/api/v1/users/${IDS.oktaUserId}/clients/${IDS.oktaClient}/tokens`,
      `\${OKTA_ORG_URL}/api/v1/users/${IDS.oktaUserId}/clients/${IDS.oktaClient}/grants`,
      `\${OKTA_ORG_URL}/api/v1/api-tokens/${IDS.oktaApiToken}`,
    ]);
  });

  it('resets the password before the factors', () => {
    const u = urls(byId(buildOkta(oktaCase(true)), 'okta-reset-factors').command);
    expect(u.map((x) => x.split('/').pop())).toEqual(['reset_password?sendEmail=true', 'reset_factors']);
  });

  it('queries the System Log for the user since the first flagged event', () => {
    const w = bashWords(byId(buildOkta(oktaCase(true)), 'okta-monitor-system-log').command);
    expect(w).toContain(`filter=actor.id eq "${IDS.oktaUserId}" or target.id eq "${IDS.oktaUserId}"`);
    expect(w).toContain('since=2026-11-20T02:14:07Z');
  });

  it('an AWS-only case leaves placeholders', () => {
    const actions = buildOkta(sampleCase());
    expect(byId(actions, 'okta-clear-sessions').missing).toEqual(['<OKTA_USER_ID>']);
    expect(byId(actions, 'okta-revoke-client-tokens').missing).toEqual(['<OKTA_USER_ID>', '<CLIENT_ID>']);
    expect(byId(actions, 'okta-monitor-system-log').missing).toEqual(['<OKTA_LOGIN>']);
  });

  it('refuses an id that is not 00u… and a client id with path characters', () => {
    const c = caseWith(
      [ev({ id: 'o', provider: 'okta', actor: '00u../../api-tokens', action: 'x', appId: '0oa/../../users' })],
      { kind: 'identity', id: 'x' },
    );
    const actions = buildOkta(c);
    expect(byId(actions, 'okta-clear-sessions').missing).toEqual(['<OKTA_USER_ID>']);
    expect(byId(actions, 'okta-revoke-client-tokens').missing).toEqual(['<OKTA_USER_ID>', '<CLIENT_ID>']);
    for (const a of actions) expect(a.command).not.toContain('../');
  });

  it('never lets a hostile value into a command', () => {
    for (const h of BREAKOUTS) {
      for (const a of buildOkta(hostileProviderCase(h))) {
        expect(a.command).not.toContain(h);
        expect(a.command).not.toMatch(JWT);
        expect(() => tokenizeBash(a.command)).not.toThrow();
      }
    }
  });

  it('a login with an apostrophe is encoded in the URL and quoted in the filter', () => {
    const c = caseWith([
      ev({ id: 'o', provider: 'okta', actor: "o'brien@example.com", action: 'user.session.start', flagged: ['x'] }),
    ]);
    const actions = buildOkta(c);
    expect(byId(actions, 'okta-clear-sessions').command).toContain("/api/v1/users/o%27brien%40example.com'");
    expect(bashWords(byId(actions, 'okta-monitor-system-log').command)).toContain(
      'filter=actor.alternateId eq "o\'brien@example.com"',
    );
  });
});
