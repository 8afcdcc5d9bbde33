import { describe, expect, it } from 'vitest';
import { buildContext } from '../context';
import { ev, T0, MIN } from '../../../test/support/events';
import type { TokenEvent } from '../../model/token-event';
import { massApiAccess, massApiAccessSettings } from './mass-api-access';

const run = (events: TokenEvent[], o: Record<string, unknown> = {}) =>
  massApiAccess.evaluate(buildContext(events), massApiAccessSettings.parse(o));
const sev = (f: ReturnType<typeof run>) => f.map((x) => [x.severity, x.events]);

const ROLE = 'arn:aws:sts::111122223333:assumed-role/app/i-0abc';
const key = { kind: 'temporary_key' as const, id: 'ASIASTOLEN' };
const call = (
  id: string,
  t: number,
  name: string,
  service: string,
  verb: TokenEvent['action']['verb'],
  o: Parameters<typeof ev>[0] = {},
) => ev({ id, time: t, actor: { id: ROLE }, credential: key, action: { name, service, verb }, ...o });
const DESCRIBE = [
  'DescribeInstances',
  'DescribeVpcs',
  'DescribeSubnets',
  'DescribeSecurityGroups',
  'DescribeVolumes',
  'DescribeSnapshots',
  'DescribeImages',
  'DescribeKeyPairs',
  'DescribeRegions',
  'DescribeAddresses',
  'DescribeRouteTables',
  'DescribeNatGateways',
];

describe('mass-api-access', () => {
  it('defaults are the thresholds of the public rules', () => {
    expect(massApiAccessSettings.parse({})).toEqual({
      enumDistinctOver: 5,
      enumWindowMs: 10_000,
      secretsMinDistinct: 20,
      secretsWindowMs: 360_000,
      filesMinDistinct: 25,
      filesWindowMs: 180_000,
      reposMinDistinct: 10,
      reposWindowMs: 3_600_000,
      oktaAppsMinDistinct: 10,
      oktaAppsWindowMs: 60_000,
      keyVaultMinOps: 10,
      keyVaultMinActions: 2,
      keyVaultWindowMs: 60_000,
      mailboxesOver: 5,
      mailboxesWindowMs: 600_000,
      largeFactor: 2,
      mediumScore: 2,
      highScore: 3,
      ignoreConsoleSessions: true,
      minHistoryEvents: 10,
      maxEvidence: 50,
    });
  });

  it('Elastic discovery via CLI: 6 distinct Describe calls in 10 s is low; 5 is nothing; spread over 10 s+ is nothing', () => {
    const six = DESCRIBE.slice(0, 6).map((n, i) => call(`d${i}`, T0 + i * 1000, n, 'ec2.amazonaws.com', 'list'));
    const f = run(six);
    expect(sev(f)).toEqual([['low', ['d0', 'd1', 'd2', 'd3', 'd4', 'd5']]]);
    expect(f[0]!.title).toBe(`Burst of 6 distinct list/get/describe actions by token ASIASTOLEN (${ROLE})`);
    expect(f[0]!.detail).toContain(
      'threshold 6 in 10 s, after Elastic "AWS Discovery API Calls via CLI from a Single Resource"',
    );
    expect(f[0]!.tokens).toEqual(['ASIASTOLEN']);
    expect(run(six.slice(0, 5))).toEqual([]);
    expect(
      run(DESCRIBE.slice(0, 6).map((n, i) => call(`s${i}`, T0 + i * 2500, n, 'ec2.amazonaws.com', 'list'))),
    ).toEqual([]);
  });

  it('repeating the same action does not count: distinct names only', () => {
    expect(
      run(
        Array.from({ length: 20 }, (_, i) =>
          call(`r${i}`, T0 + i * 100, 'DescribeInstances', 'ec2.amazonaws.com', 'list'),
        ),
      ),
    ).toEqual([]);
  });

  it('a large enumeration touching IAM with a write in the same span is high, one finding per burst', () => {
    const evs = [
      ...DESCRIBE.map((n, i) => call(`d${i}`, T0 + i * 500, n, 'ec2.amazonaws.com', 'list')),
      call('i1', T0 + 6500, 'ListUsers', 'iam.amazonaws.com', 'list'),
      call('w1', T0 + 7000, 'CreateUser', 'iam.amazonaws.com', 'privileged'),
      call('d99', T0 + 10 * MIN, 'DescribeInstances', 'ec2.amazonaws.com', 'list'),
    ];
    const f = run(evs);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('high');
    expect(f[0]!.events).toEqual([
      'd0',
      'd1',
      'd2',
      'd3',
      'd4',
      'd5',
      'd6',
      'd7',
      'd8',
      'd9',
      'd10',
      'd11',
      'i1',
      'w1',
    ]);
    expect(f[0]!.detail).toContain('sensitive: IAM');
    expect(f[0]!.detail).toContain('1 write during or within 10 s after the burst: CreateUser');
  });

  it('hard negative: the AWS console storm of Describe calls in a console session', () => {
    const evs = DESCRIBE.map((n, i) =>
      call(`c${i}`, T0 + i * 200, n, 'ec2.amazonaws.com', 'list', { credential: { ...key, fromConsole: true } }),
    );
    expect(run(evs)).toEqual([]);
  });

  it('Elastic rapid secrets retrieval: 20 distinct secrets in 6 min is medium (sensitive); 40 is high; 19 is nothing', () => {
    const secrets = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        call(`s${i}`, T0 + i * 15_000, 'GetSecretValue', 'secretsmanager.amazonaws.com', 'read', {
          target: { id: `arn:aws:secretsmanager:us-east-1:1:secret:s${i}` },
        }),
      );
    // spaced 15 s: 20 secrets span 4 m 45 s. Enumeration needs 6 distinct names: one name only, so no enumeration.
    expect(sev(run(secrets(20)))).toEqual([['medium', secrets(20).map((_, i) => `s${i}`)]]);
    expect(run(secrets(19))).toEqual([]);
    const many = Array.from({ length: 40 }, (_, i) =>
      call(`m${i}`, T0 + i * 5000, 'GetSecretValue', 'secretsmanager.amazonaws.com', 'read', {
        target: { id: `sec-${i}` },
      }),
    );
    const f = run(many);
    expect(f.map((x) => x.severity)).toEqual(['high']);
    expect(f[0]!.events).toHaveLength(40);
  });

  it('files per session, repos per token, Okta apps, mailboxes (Elastic, Okta and Splunk thresholds)', () => {
    const files = Array.from({ length: 25 }, (_, i) =>
      ev({
        id: `f${i}`,
        time: T0 + i * 5000,
        provider: 'm365',
        format: 'm365-ual',
        actor: { id: 'bob@contoso.com' },
        credential: { kind: 'oauth_access_token', id: 'uti-9' },
        action: { name: 'FileDownloaded', service: 'SharePoint', verb: 'read' },
        target: { id: `https://contoso.sharepoint.com/f${i}.docx` },
      }),
    );
    expect(run(files).map((x) => [x.severity, x.events.length])).toEqual([['medium', 25]]);

    const repos = Array.from({ length: 10 }, (_, i) =>
      ev({
        id: `g${i}`,
        time: T0 + i * MIN,
        provider: 'github',
        format: 'github-audit',
        actor: { id: 'octo' },
        credential: { kind: 'pat', id: 'hash1' },
        action: { name: 'git.clone', service: 'github', verb: 'read' },
        details: { repo: `org/r${i}`, repositoryPublic: false },
      }),
    );
    expect(run(repos).map((x) => [x.severity, x.events.length])).toEqual([['medium', 10]]);
    const publicRepos = repos.map((r) => ({ ...r, details: { ...r.details, repositoryPublic: true } }));
    expect(run(publicRepos)).toEqual([]);

    const apps = Array.from({ length: 10 }, (_, i) =>
      ev({
        id: `o${i}`,
        time: T0 + i * 5000,
        provider: 'okta',
        format: 'okta',
        actor: { id: 'carol@example.com' },
        credential: { kind: 'session', id: 'root-1' },
        action: { name: 'user.authentication.sso', service: 'okta', verb: 'auth' },
        app: { id: `0oa${i}` },
      }),
    );
    expect(run(apps).map((x) => [x.severity, x.events.length])).toEqual([['low', 10]]);

    const boxes = Array.from({ length: 6 }, (_, i) =>
      ev({
        id: `b${i}`,
        time: T0 + i * MIN,
        provider: 'm365',
        format: 'm365-ual',
        actor: { id: 'app-sp' },
        action: { name: 'MailItemsAccessed', service: 'Exchange', verb: 'read' },
        target: { id: `user${i}@contoso.com` },
      }),
    );
    expect(run(boxes).map((x) => [x.severity, x.events.length])).toEqual([['medium', 6]]);
  });

  it('Elastic Key Vault excessive retrieval: 10 Key Vault ops of ≥ 2 actions in 1 min; 10 ops of one action is nothing', () => {
    const kv = (names: string[]) =>
      names.map((n, i) =>
        ev({
          id: `k${i}`,
          time: T0 + i * 3000,
          provider: 'azure',
          format: 'azure-keyvault',
          actor: { id: 'app-1' },
          credential: { kind: 'oauth_access_token', id: 'uti-kv' },
          action: { name: n, service: 'Microsoft.KeyVault', verb: 'read' },
          target: { id: `s${i}` },
        }),
      );
    const mixed = kv([...Array(8).fill('SecretGet'), 'SecretList', 'SecretList']);
    const f = run(mixed, { enumDistinctOver: 100 });
    expect(f.map((x) => [x.severity, x.events.length])).toEqual([['medium', 10]]);
    expect(f[0]!.detail).toContain(
      '≥ 10 operations and ≥ 2 actions in 1 min, after Elastic "Azure Key Vault Excessive Secret or Key Retrieved"',
    );
    expect(run(kv(Array(10).fill('SecretGet')), { enumDistinctOver: 100 })).toEqual([]);
  });

  // Real user agents from the CloudConsoleCartographer console sessions and Terraform's own.
  const CONSOLE_BACKEND =
    'aws-internal/3 aws-sdk-java/1.12.692 Linux/5.10.213-179.855.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+9-LTS ' +
    'java/1.8.0_402 vendor/N/A cfg/retry-mode/standard';
  const S3_CONSOLE =
    '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.1030 Linux/5.4.238-155.347.amzn2int.x86_64 ' +
    'OpenJDK_64-Bit_Server_VM/25.362-b10 java/1.8.0_362 vendor/Oracle_Corporation cfg/retry-mode/standard]';
  const EDGE =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 Edg/114.0.1823.43';
  const TERRAFORM =
    'APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/5.17.0 aws-sdk-go-v2/1.21.0 os/linux lang/go#1.20.8';
  const nobody = { id: 'unknown', kind: 'unknown' as const };

  it('hard negative: console back ends, the console in a browser and Terraform refreshes never count as enumeration', () => {
    for (const ua of [CONSOLE_BACKEND, S3_CONSOLE, EDGE, TERRAFORM]) {
      const f = run(
        DESCRIBE.map((n, i) =>
          ev({
            id: `c${i}`,
            time: T0 + i * 100,
            actor: nobody,
            source: { userAgent: ua },
            action: { name: n, service: 'ec2.amazonaws.com', verb: 'list' },
          }),
        ),
      );
      expect(f, ua).toEqual([]);
      // The browser is the console only when the record says the console signed the call.
      const credential = ua === EDGE ? { ...key, fromConsole: true } : key;
      const g = run(
        DESCRIBE.map((n, i) =>
          ev({
            id: `k${i}`,
            time: T0 + i * 100,
            credential,
            source: { userAgent: ua },
            action: { name: n, service: 'ec2.amazonaws.com', verb: 'list' },
          }),
        ),
      );
      expect(g, ua).toEqual([]);
    }
    // A browser user agent sent with stolen keys (no console flag) is counted like any client.
    const spoofed = run(
      DESCRIBE.map((n, i) =>
        ev({
          id: `s${i}`,
          time: T0 + i * 100,
          credential: key,
          source: { userAgent: EDGE },
          action: { name: n, service: 'ec2.amazonaws.com', verb: 'list' },
        }),
      ),
    );
    expect(spoofed.length).toBe(1);
    // The same burst from the CLI is counted.
    const cli = run(
      DESCRIBE.map((n, i) =>
        ev({
          id: `a${i}`,
          time: T0 + i * 100,
          credential: key,
          source: { userAgent: 'aws-cli/2.15.30 Python/3.11.8' },
          action: { name: n, service: 'ec2.amazonaws.com', verb: 'list' },
        }),
      ),
    );
    expect(cli.length).toBe(1);
  });

  it("enumeration is weighed by the identity's own history: its usual CLI is low, a client it never used is medium", () => {
    const CLI = 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0';
    const history = Array.from({ length: 12 }, (_, i) =>
      ev({
        id: `h${i}`,
        time: T0 - 2 * 3_600_000 + i * MIN,
        credential: key,
        source: { userAgent: CLI },
        action: { name: 'ListBuckets', service: 's3.amazonaws.com', verb: 'list' },
      }),
    );
    const burst = (ua: string) =>
      DESCRIBE.map((n, i) =>
        ev({
          id: `b${i}`,
          time: T0 + i * 100,
          credential: key,
          source: { userAgent: ua },
          action: { name: n, service: 'ec2.amazonaws.com', verb: 'list' },
        }),
      );
    const usual = run([...history, ...burst(CLI)]);
    expect(usual.map((x) => x.severity)).toEqual(['low']);
    expect(usual[0]!.detail).toContain('has used these clients before');
    const fresh = run([...history, ...burst('python-requests/2.31.0')]);
    expect(fresh.map((x) => x.severity)).toEqual(['high']);
    expect(fresh[0]!.detail).toContain('from a client this identity has not used before');
  });

  it('Parameter Store reads count as secret reads only with decryption; a console-driven secret burst is at most low', () => {
    const param = (i: number, decrypt: boolean, ua = 'aws-cli/2.15.30') =>
      ev({
        id: `p${i}`,
        time: T0 + i * 1000,
        credential: key,
        source: { userAgent: ua },
        action: { name: 'GetParameter', service: 'ssm.amazonaws.com', verb: 'read' },
        details: { secretName: `/prod/db/${i}`, withDecryption: decrypt },
      });
    const plain = run(Array.from({ length: 20 }, (_, i) => param(i, false)));
    expect(plain.filter((f) => f.title.includes('secrets'))).toEqual([]);
    const decrypted = run(Array.from({ length: 20 }, (_, i) => param(i, true)));
    expect(decrypted.filter((f) => f.title.includes('secrets')).map((f) => f.severity)).toEqual(['medium']);
    const viaConsole = run(Array.from({ length: 20 }, (_, i) => param(i, true, CONSOLE_BACKEND)));
    expect(viaConsole.map((f) => f.severity)).toEqual(['low']);
    expect(viaConsole[0]!.detail).toContain('console activity');
  });

  it('one secret retrieved in the console is not mass access', () => {
    const f = run([
      ev({
        id: 's60',
        time: T0,
        source: { userAgent: EDGE },
        action: { name: 'GetSecretValue', service: 'secretsmanager.amazonaws.com', verb: 'read' },
      }),
      ev({
        id: 's61',
        time: T0 + 1000,
        source: { userAgent: 'secretsmanager.amazonaws.com' },
        action: { name: 'Decrypt', service: 'kms.amazonaws.com', verb: 'read' },
      }),
    ]);
    expect(f).toEqual([]);
  });

  it('evidence is capped with "and N more"', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      call(`m${i}`, T0 + i * 1000, 'GetSecretValue', 'secretsmanager.amazonaws.com', 'read', {
        target: { id: `sec-${i}` },
      }),
    );
    const f = run(many);
    expect(f).toHaveLength(1);
    expect(f[0]!.events).toHaveLength(50);
    expect(f[0]!.detail).toMatch(/\(and 10 more events\)$/);
  });
});
