/**
 * Google Workspace containment actions: user key and OAuth client id from token events,
 * placeholders otherwise; URL-path encoding inside bash single quotes; JSON bodies.
 */
import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../../test/support/cases';
import { buildWorkspace } from './workspace';
import {
  BREAKOUTS,
  IDS,
  JWT,
  bashWords,
  caseWith,
  ev,
  hostileProviderCase,
  tokenizeBash,
  workspaceCase,
} from '../../../test/support/containment-cases';
import type { ContainmentAction } from './types';

const byId = (actions: ContainmentAction[], id: string): ContainmentAction => actions.find((x) => x.id === id)!;
const DIR = 'https://admin.googleapis.com/admin/directory/v1/users/';
const urls = (command: string): string[] => bashWords(command).filter((w) => w.startsWith('https://'));

describe('buildWorkspace', () => {
  const actions = buildWorkspace(workspaceCase());

  it("deletes the client's tokens for the user", () => {
    const a = byId(actions, 'workspace-delete-oauth-tokens');
    expect(urls(a.command)).toEqual([
      `${DIR}jane.doe%40example.com/tokens`,
      `${DIR}jane.doe%40example.com/tokens/${IDS.workspaceClient}`,
    ]);
    expect(bashWords(a.command)).toContain('DELETE');
    expect(a.missing).toEqual([]);
  });

  it('golden: sign out', () => {
    expect(byId(actions, 'workspace-sign-out').command).toMatchInlineSnapshot(
      `"curl -sS -X POST -H "Authorization: Bearer \${GOOGLE_ADMIN_TOKEN}" -H 'Content-Length: 0' ` +
        `'https://admin.googleapis.com/admin/directory/v1/users/jane.doe%40example.com/signOut'"`,
    );
  });

  it('sends a JSON body for the password change', () => {
    const w = bashWords(byId(actions, 'workspace-require-reauth').command);
    expect(JSON.parse(w[w.indexOf('--data') + 1]!)).toEqual({ changePasswordAtNextLogin: true });
  });

  it('names the client in the API controls step', () => {
    expect(byId(actions, 'workspace-review-api-controls').command).toContain(
      `client ID ${IDS.workspaceClient}: set access to "Blocked"`,
    );
  });

  it('an AWS-only case leaves placeholders', () => {
    const b = buildWorkspace(sampleCase());
    expect(byId(b, 'workspace-delete-oauth-tokens').missing).toEqual(['<USER_KEY>', '<CLIENT_ID>']);
    expect(byId(b, 'workspace-sign-out').missing).toEqual(['<USER_KEY>']);
  });

  it('refuses a client id that is not a Google OAuth client id', () => {
    const c = caseWith([
      ev({
        id: 'w',
        provider: 'workspace',
        actor: IDS.workspaceUser,
        action: 'authorize',
        service: 'token',
        appId: '../users/admin@example.com',
      }),
    ]);
    expect(byId(buildWorkspace(c), 'workspace-delete-oauth-tokens').missing).toEqual(['<CLIENT_ID>']);
  });

  it('never lets a hostile value into a command', () => {
    for (const h of BREAKOUTS) {
      for (const a of buildWorkspace(hostileProviderCase(h))) {
        expect(a.command).not.toContain(h);
        expect(a.command).not.toMatch(JWT);
        expect(() => tokenizeBash(a.command)).not.toThrow();
      }
    }
  });
});
