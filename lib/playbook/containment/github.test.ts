/**
 * GitHub containment actions: organization, login, hashed_token / token_id and OAuth client id
 * from audit events, placeholders otherwise; no raw token is ever written into a command.
 */
import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../../test/support/cases';
import { buildGithub } from './github';
import {
  BREAKOUTS,
  IDS,
  JWT,
  bashWords,
  caseWith,
  ev,
  githubCase,
  hostileProviderCase,
  tokenizeBash,
} from '../../../test/support/containment-cases';
import type { ContainmentAction } from './types';

const byId = (actions: ContainmentAction[], id: string): ContainmentAction => actions.find((x) => x.id === id)!;

describe('buildGithub', () => {
  const actions = buildGithub(githubCase());

  it("revokes the owner's fine-grained PAT access in the org (GitHub App token)", () => {
    const w = bashWords(byId(actions, 'github-revoke-fine-grained-pat').command);
    expect(w).toContain(`https://api.github.com/orgs/${IDS.githubOrg}/personal-access-tokens`);
    expect(w).toContain(`owner[]=${IDS.githubLogin}`);
    expect(w).toContain('Authorization: Bearer ${GITHUB_APP_TOKEN}');
  });

  it('selects by token_id when the case has one', () => {
    const c = caseWith([
      ev({
        id: 't',
        provider: 'github',
        actor: IDS.githubLogin,
        account: IDS.githubOrg,
        action: 'repo.download_zip',
        credentialKind: 'pat',
        credentialId: '1234567',
      }),
    ]);
    expect(bashWords(byId(buildGithub(c), 'github-revoke-fine-grained-pat').command)).toContain(
      '[.[] | select(.token_id == 1234567) | .id]',
    );
  });

  it("removes the user's SSO credential authorizations", () => {
    const a = byId(actions, 'github-remove-sso-authorizations');
    expect(bashWords(a.command)).toContain(`login=${IDS.githubLogin}`);
    expect(a.missing).toEqual([]);
  });

  it('the OAuth grant revoke uses the client id from the case and the secret from the environment', () => {
    const a = byId(actions, 'github-revoke-oauth-grant');
    expect(bashWords(a.command)).toContain(`${IDS.githubClient}:\${GITHUB_OAUTH_CLIENT_SECRET}`);
    expect(bashWords(a.command)).toContain(`https://api.github.com/applications/${IDS.githubClient}/grant`);
  });

  it('golden: audit log search by hashed token', async () => {
    await expect(byId(actions, 'github-monitor-audit-log').command).toMatchFileSnapshot(
      './__golden__/github-monitor-audit-log.sh',
    );
  });

  it('an AWS-only case leaves placeholders', () => {
    const b = buildGithub(sampleCase());
    expect(byId(b, 'github-remove-sso-authorizations').missing).toEqual(['<ORG>', '<LOGIN>']);
    expect(byId(b, 'github-revoke-oauth-grant').missing).toEqual(['<CLIENT_ID>']);
    expect(byId(b, 'github-revoke-oauth-grant').command).toContain('/applications/<CLIENT_ID>/grant');
  });

  it('refuses an org or login that is not a GitHub name, and a numeric oauth_application_id as client id', () => {
    const c = caseWith(
      [ev({ id: 'g', provider: 'github', actor: 'octo cat', account: 'acme/../x', action: 'x', appId: '123456' })],
      { kind: 'identity', id: 'x y' },
    );
    const b = buildGithub(c);
    expect(byId(b, 'github-remove-sso-authorizations').missing).toEqual(['<ORG>', '<LOGIN>']);
    expect(byId(b, 'github-revoke-oauth-grant').missing).toEqual(['<CLIENT_ID>']);
  });

  it('never lets a hostile value into a command', () => {
    for (const h of BREAKOUTS) {
      for (const a of buildGithub(hostileProviderCase(h))) {
        expect(a.command).not.toContain(h);
        expect(a.command).not.toMatch(JWT);
        expect(() => tokenizeBash(a.command)).not.toThrow();
      }
    }
  });
});
