/**
 * GCP containment actions: values from a service-account-key + impersonation case, placeholders
 * for an AWS case, shape checks (SA email, 40-hex key id, project), bash quoting.
 */
import { describe, expect, it } from 'vitest';
import { sampleCase } from '../../../test/support/cases';
import { buildGcp, gcpFacts, projectOfServiceAccount } from './gcp';
import {
  BREAKOUTS,
  IDS,
  JWT,
  bashWords,
  caseWith,
  ev,
  gcpCase,
  hostileProviderCase,
  tokenizeBash,
} from '../../../test/support/containment-cases';
import type { ContainmentAction } from './types';

const byId = (actions: ContainmentAction[], id: string): ContainmentAction => actions.find((x) => x.id === id)!;

describe('buildGcp on a GCP case', () => {
  const actions = buildGcp(gcpCase());

  it('reads the key, service account and project from serviceAccountKeyName', () => {
    expect(gcpFacts(gcpCase()).keys).toEqual([{ sa: IDS.gcpSa, keyId: IDS.gcpKeyId, project: IDS.gcpProject }]);
  });

  it('disables then deletes the key with the real ids', () => {
    const disable = byId(actions, 'gcp-disable-sa-keys');
    const words = bashWords(disable.command);
    expect(words).toContain(IDS.gcpKeyId);
    expect(words).toContain(`--iam-account=${IDS.gcpSa}`);
    expect(words).toContain(`--project=${IDS.gcpProject}`);
    expect(disable.missing).toEqual([]);
    expect(bashWords(byId(actions, 'gcp-delete-sa-keys').command).slice(0, 6)).toEqual([
      'gcloud',
      'iam',
      'service-accounts',
      'keys',
      'delete',
      IDS.gcpKeyId,
    ]);
  });

  it('golden: disable keys', () => {
    expect(byId(actions, 'gcp-disable-sa-keys').command).toMatchInlineSnapshot(`
      "gcloud iam service-accounts keys list --iam-account='deployer@proj-prod-123.iam.gserviceaccount.com' --managed-by=user --project='proj-prod-123'
      gcloud iam service-accounts keys disable '1f2e3d4c5b6a79880716253443526170819a0b1c' \\
        --iam-account='deployer@proj-prod-123.iam.gserviceaccount.com' --project='proj-prod-123'"
    `);
  });

  it('removes the Token Creator binding of the principal that minted tokens', () => {
    const a = byId(actions, 'gcp-remove-token-creator');
    const words = bashWords(a.command);
    expect(words).toContain(`--member=user:${IDS.gcpImpersonator}`);
    expect(words).toContain('--role=roles/iam.serviceAccountTokenCreator');
    expect(a.missing).toEqual([]);
  });

  it('the log-based metric filters token minting for the service account', () => {
    const a = byId(actions, 'gcp-monitor-token-minting');
    const filter = bashWords(a.command).find((w) => w.startsWith('--log-filter='))!;
    expect(filter).toContain('protoPayload.serviceName="iamcredentials.googleapis.com"');
    expect(filter).toContain(`protoPayload.request.name:"${IDS.gcpSa}"`);
  });
});

describe('GCP placeholders, shape checks and quoting', () => {
  it('an AWS-only case lists the placeholders', () => {
    const actions = buildGcp(sampleCase());
    expect(byId(actions, 'gcp-disable-sa-keys').missing).toEqual(['<SERVICE_ACCOUNT_EMAIL>', '<KEY_ID>']);
    expect(byId(actions, 'gcp-remove-token-creator').missing).toEqual([
      '<SERVICE_ACCOUNT_EMAIL>',
      '<MEMBER>',
      '<PROJECT_ID>',
    ]);
  });

  it('refuses a key id or service account that is not the right shape', () => {
    const c = caseWith(
      [
        ev({
          id: 'g',
          provider: 'gcp',
          actor: "sa'@x.iam.gserviceaccount.com",
          action: 'list',
          credentialId: `//iam.googleapis.com/projects/${IDS.gcpProject}/serviceAccounts/${IDS.gcpSa}/keys/not-hex; id`,
        }),
      ],
      { kind: 'identity', id: 'nobody' },
    );
    const actions = buildGcp(c);
    expect(byId(actions, 'gcp-disable-sa-keys').missing).toEqual(['<SERVICE_ACCOUNT_EMAIL>', '<KEY_ID>']);
    for (const a of actions) expect(a.command).not.toContain('not-hex');
  });

  it('derives the project only from a well-formed service account email', () => {
    expect(projectOfServiceAccount(IDS.gcpSa)).toBe(IDS.gcpProject);
    expect(projectOfServiceAccount('123-compute@developer.gserviceaccount.com')).toBeUndefined();
  });

  it('never lets a hostile value into a command', () => {
    for (const h of BREAKOUTS) {
      for (const a of buildGcp(hostileProviderCase(h))) {
        expect(a.command).not.toContain(h);
        expect(a.command).not.toMatch(JWT);
        expect(() => tokenizeBash(a.command)).not.toThrow();
      }
    }
  });
});
