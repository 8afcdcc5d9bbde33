import { describe, expect, it } from 'vitest';
import { classifyClient, clientKindOf, type ClientFacts, type ClientKind } from './client-kind';
import { ev } from '../../test/support/events';

// Real user agents from the public sessions in ../shared/corpus/sessions (CloudConsoleCartographer,
// plaso, dftimewolf) and the tools' own documented strings.
const CASES: [string, ClientFacts, ClientKind][] = [
  [
    'console back end',
    {
      provider: 'aws',
      userAgent:
        'aws-internal/3 aws-sdk-java/1.12.692 Linux/5.10.213-179.855.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+9-LTS ' +
        'java/1.8.0_402 vendor/N/A cfg/retry-mode/standard',
    },
    'console',
  ],
  [
    'S3 console, bracketed',
    {
      provider: 'aws',
      userAgent:
        '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.1030 Linux/5.4.238-155.347.amzn2int.x86_64 ' +
        'OpenJDK_64-Bit_Server_VM/25.362-b10 java/1.8.0_362 vendor/Oracle_Corporation cfg/retry-mode/standard]',
    },
    'console',
  ],
  [
    'S3 console, no brackets',
    {
      provider: 'aws',
      userAgent: 'S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.1030 Linux/5.4.238-155.347.amzn2int.x86_64',
    },
    'console',
  ],
  [
    'CloudTrail console',
    {
      provider: 'aws',
      userAgent: '[AWSCloudTrail, aws-internal/3 aws-sdk-java/1.12.594 Linux/5.10.201-168.748.amzn2int.x86_64]',
    },
    'console',
  ],
  ['RDS console', { provider: 'aws', userAgent: 'RDS Console, aws-internal/3 aws-sdk-java/1.12.x' }, 'console'],
  [
    'EC2 console front end',
    { provider: 'aws', userAgent: 'EC2ConsoleFrontend, aws-internal/3 aws-sdk-java/1.12.x' },
    'console',
  ],
  ['EC2 console (plaso)', { provider: 'aws', userAgent: 'console.ec2.amazonaws.com', fromConsole: true }, 'console'],
  ['AWS Internal', { provider: 'aws', userAgent: 'AWS Internal' }, 'console'],
  [
    'sign-in back end',
    {
      provider: 'aws',
      userAgent: 'Jersey/${project.version} (HttpUrlConnection 11.0.22)',
      service: 'signin.amazonaws.com',
    },
    'console',
  ],
  [
    'Jersey elsewhere is not the console',
    {
      provider: 'aws',
      userAgent: 'Jersey/${project.version} (HttpUrlConnection 11.0.22)',
      service: 'iam.amazonaws.com',
    },
    'unknown',
  ],
  [
    'browser on AWS APIs, signed by the console session',
    {
      provider: 'aws',
      fromConsole: true,
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 Edg/114.0.1823.43',
    },
    'console',
  ],
  // A browser user agent costs nothing to send with stolen keys: without the console flag it is a browser.
  [
    'browser on AWS APIs, no console flag',
    {
      provider: 'aws',
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 Edg/114.0.1823.43',
    },
    'browser',
  ],
  [
    'a headless browser is automation',
    {
      provider: 'okta',
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
    },
    'scripting',
  ],
  [
    'the AWS CLI running a CloudFormation command is the CLI, not IaC',
    {
      provider: 'aws',
      userAgent:
        'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/cloudformation.describe-stacks',
    },
    'sdk',
  ],
  ['service principal as user agent', { provider: 'aws', userAgent: 'secretsmanager.amazonaws.com' }, 'service'],
  ['invokedBy a service', { provider: 'aws', userAgent: 'aws-cli/2.15.30', invokedBy: 'ec2.amazonaws.com' }, 'service'],
  ['AWS service actor', { provider: 'aws', serviceActor: true }, 'service'],
  ['service name where the IP would be', { provider: 'aws', caller: 'health.amazonaws.com' }, 'service'],
  [
    'CloudFormation invokedBy',
    { provider: 'aws', userAgent: 'cloudformation.amazonaws.com', invokedBy: 'cloudformation.amazonaws.com' },
    'iac',
  ],
  [
    'Terraform',
    {
      provider: 'aws',
      userAgent:
        'APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/5.17.0 ' +
        '(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.21.0 os/linux lang/go#1.20.8 ' +
        'md/GOOS#linux md/GOARCH#amd64 api/ec2#1.118.0',
    },
    'iac',
  ],
  ['CDK', { provider: 'aws', userAgent: 'aws-sdk-js/2.1386.0 promise aws-cdk/2.100.0' }, 'iac'],
  ['Pulumi', { provider: 'aws', userAgent: 'APN/1.0 Pulumi/1.0 PulumiAWS/6.0.0 aws-sdk-go-v2/1.21.0' }, 'iac'],
  ['Crossplane', { provider: 'aws', userAgent: 'crossplane-provider-aws/v0.45.0 aws-sdk-go/1.44.0' }, 'iac'],
  ['aws-cli', { provider: 'aws', userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22' }, 'sdk'],
  [
    'Boto3',
    { provider: 'aws', userAgent: 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.5.0 lang/python#3.11.8' },
    'sdk',
  ],
  [
    'CloudShell back end (Go SDK in Lambda)',
    {
      provider: 'aws',
      userAgent: 'aws-sdk-go/1.48.8 (go1.21.4; linux; amd64) md/internal exec-env/AWS_Lambda_go1.x moontide-service',
    },
    'sdk',
  ],
  ['python-requests', { provider: 'aws', userAgent: 'python-requests/2.31.0' }, 'scripting'],
  ['curl', { provider: 'gcp', userAgent: 'curl/8.4.0' }, 'scripting'],
  [
    'TruffleHog inside an SDK user agent',
    { provider: 'aws', userAgent: 'aws-sdk-go/1.44.0 (go1.20; linux; amd64) TruffleHog' },
    'tool',
  ],
  [
    'Kali',
    { provider: 'aws', userAgent: 'aws-cli/1.22.34 Python/3.9.11 Linux/5.15.0-kali3-amd64 botocore/1.23.34' },
    'tool',
  ],
  ['Pacu', { provider: 'aws', userAgent: 'aws-cli/1.16.102 Python/3.7.3 Linux/4.19.0 botocore/1.12.92 Pacu' }, 'tool'],
  [
    'tool beats the console-session flag',
    { provider: 'aws', userAgent: 'python-requests/2.31 aws_consoler', fromConsole: true },
    'tool',
  ],
  [
    'Google Cloud console',
    {
      provider: 'gcp',
      userAgent:
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.61 Safari/537.36,gzip(gfe),gzip(gfe)',
    },
    'console',
  ],
  ['Google first-party automation', { provider: 'gcp', userAgent: 'google-api-go-client/0.5,gzip(gfe)' }, 'sdk'],
  [
    'gcloud',
    { provider: 'gcp', userAgent: 'google-cloud-sdk gcloud/456.0.0 command/gcloud.compute.instances.list' },
    'sdk',
  ],
  [
    'Terraform on Google Cloud',
    {
      provider: 'gcp',
      userAgent:
        'Terraform/1.5.7 (+https://www.terraform.io) Terraform-Plugin-SDK/2.10.1 terraform-provider-google/5.0.0',
    },
    'iac',
  ],
  [
    'a browser on Entra is a browser',
    {
      provider: 'entra',
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    },
    'browser',
  ],
  ['nothing to go on', { provider: 'aws' }, 'unknown'],
  ['console session flag alone', { provider: 'aws', fromConsole: true }, 'console'],
];

describe('classifyClient', () => {
  it.each(CASES)('%s', (_name, facts, kind) => {
    expect(classifyClient(facts).kind).toBe(kind);
  });

  it('names what matched', () => {
    expect(classifyClient(CASES[1]![1]).name).toBe('S3Console');
    expect(classifyClient({ provider: 'aws', userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.5.7' }).name).toBe(
      'Terraform',
    );
    expect(classifyClient({ provider: 'aws', userAgent: 'aws-cli/2 TruffleHog' }).name).toBe('TruffleHog');
  });
});

describe('clientKindOf', () => {
  it('uses what the reader stored, else classifies the event', () => {
    expect(clientKindOf(ev({ source: { userAgent: 'python-requests/2.31.0', clientKind: 'console' } }))).toBe(
      'console',
    );
    expect(clientKindOf(ev({ source: { userAgent: 'aws-internal/3 aws-sdk-java/1.12.692' } }))).toBe('console');
    expect(clientKindOf(ev({ details: { invokedBy: 'cloudformation.amazonaws.com' } }))).toBe('iac');
    expect(clientKindOf(ev({ credential: { kind: 'temporary_key', id: 'ASIA1', fromConsole: true } }))).toBe('console');
    expect(clientKindOf(ev({ source: { userAgent: 'python-requests/2.31.0' } }))).toBe('scripting');
  });
});
