import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { looksLikeSecret, maskDeep, maskSecret, maskSecretsIn } from './secret';
import { leakNeedles, SECRET_KINDS } from '../../test/support/secret-kinds';
import { referenceMaskDeep, referenceMaskSecretsIn } from '../../test/support/secret-reference';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const GHP = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

describe('maskSecret / looksLikeSecret', () => {
  it('keeps four characters each side, nothing of a short value', () => {
    expect(maskSecret(JWT)).toBe('eyJh…sw5c');
    expect(maskSecret('short')).toBe('…');
  });
  it('recognises bearer secrets, not identifiers', () => {
    expect(looksLikeSecret(JWT)).toBe(true);
    expect(looksLikeSecret(GHP)).toBe(true);
    expect(looksLikeSecret('AKIAEXAMPLEALICE0001')).toBe(false);
    expect(looksLikeSecret('arn:aws:iam::111122223333:user/alice')).toBe(false);
  });
});

describe('maskSecretsIn', () => {
  it('masks secrets embedded in text and keeps the rest', () => {
    expect(maskSecretsIn(`Authorization: Bearer ${JWT} from 1.2.3.4`)).toBe(
      'Authorization: Bearer eyJh…sw5c from 1.2.3.4',
    );
    expect(maskSecretsIn(`token=${GHP}&x=1`)).toBe(`token=ghp_…q7R8&x=1`);
    expect(maskSecretsIn('aws-cli/2.15.0 Python/3.11')).toBe('aws-cli/2.15.0 Python/3.11');
  });
  it('never leaves a JWT in any surrounding text', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => !maskSecretsIn(`${a} ${JWT} ${b}`).includes(JWT)));
  });
});

// Fixtures: made-up values with the real shapes (none of them is a live credential).
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const YA29 = 'ya29.a0AfH6SMBx3-Example_Access-Token_0123456789abcdef';
const G_REFRESH = '1//0gExampleRefresh-Token_0123456789abcdefXYZ';
const OKTA_API = '00' + 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-Ab';
const OKTA_SSWS = 'SomeOpaqueOktaToken0123456789';
const OPAQUE = 'vF9dft4qmTc2Nvb3RlckBleGFtcGxlLmNvbQ~x.y+z/0';
const ENTRA_RT = '0.ARoAv4j5cvGGr0GRqy180BHbR8A-Example_RefreshToken.AgABAAEAAAD';
const SLACK = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const GITLAB = 'glpat-AbCdEfGhIj_KlMnOp-qrs';

/** Identifiers and ordinary text that must come out exactly as they went in. */
const LOOK_ALIKES = [
  'AKIAEXAMPLEALICE0001',
  'ASIAEXAMPLETEMP00042',
  'arn:aws:iam::111122223333:user/alice',
  'arn:aws:sts::111122223333:assumed-role/deploy-role/build-42',
  '5d3a1f2e-7b8c-4d9e-a0f1-2b3c4d5e6f70',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709', // SHA-1
  '00a39a3ee5e6b4b0d3255bfef95601890afd80709', // SHA-1-like starting 00 (41 chars)
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // SHA-256
  '0003c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // SHA-256 starting 00
  '203.0.113.42',
  '2001:db8::1',
  '10.0.0.1',
  '00u1abcdEFGH2345ijkl', // Okta user id
  '0oa1b2c3d4E5F6g7H8i9', // Okta client id
  'The quick brown fox jumps over the lazy dog',
  'Bearer token missing',
  'SSWS short',
  'ya29.short',
  '1//short',
  'xoxb-short',
  'glpat-short',
  'SecretAccessKey: (redacted)',
  'version 0.A1 released',
  'aws-cli/2.15.0 Python/3.11 Linux/6.1 exe/x86_64',
];

describe('maskSecretsIn: more token types', () => {
  const cases: [string, string, string][] = [
    // [name, text with the secret, the secret]
    ['aws_secret_access_key (ini)', `[default]\naws_secret_access_key = ${AWS_SECRET}\n`, AWS_SECRET],
    ['AWS_SECRET_ACCESS_KEY (env)', `export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}; aws s3 ls`, AWS_SECRET],
    ['AWS_SECRET_ACCESS_KEY (quoted env)', `AWS_SECRET_ACCESS_KEY='${AWS_SECRET}'`, AWS_SECRET],
    ['SecretAccessKey (JSON)', `{"AccessKeyId":"ASIAEXAMPLETEMP00042","SecretAccessKey": "${AWS_SECRET}"}`, AWS_SECRET],
    ['secretAccessKey (JS)', `{ secretAccessKey: '${AWS_SECRET}' }`, AWS_SECRET],
    ['Google access token', `GET /drive/v3/files?access_token=${YA29} HTTP/1.1`, YA29],
    ['Google refresh token', `refresh_token=${G_REFRESH}&grant_type=refresh_token`, G_REFRESH],
    ['Okta API token', `token ${OKTA_API} created`, OKTA_API],
    ['SSWS header', `Authorization: SSWS ${OKTA_SSWS}`, OKTA_SSWS],
    ['Bearer opaque token', `Authorization: Bearer ${OPAQUE}== from 1.2.3.4`, `${OPAQUE}==`],
    ['Entra refresh token', `"refresh_token":"${ENTRA_RT}"`, ENTRA_RT],
    ['Slack token', `slack token=${SLACK} leaked`, SLACK],
    ['GitLab token', `PRIVATE-TOKEN: ${GITLAB}`, GITLAB],
  ];

  it.each(cases)('%s: masked (first four … last four), the rest of the text kept', (_name, text, secret) => {
    const out = maskSecretsIn(text);
    expect(out).not.toContain(secret);
    expect(out).toBe(text.replace(secret, maskSecret(secret)));
  });

  // Those recognised by their own prefix (not by the words before them) are masked alone too.
  const selfEvident = cases.filter(([, , secret]) => ![AWS_SECRET, OKTA_SSWS, `${OPAQUE}==`].includes(secret));
  it.each(selfEvident)('%s: masked as a whole value too', (_name, _text, secret) => {
    expect(maskSecretsIn(secret)).toBe(maskSecret(secret));
  });

  it('the AWS secret key is masked only by context: the same 40 characters alone are kept', () => {
    expect(maskSecretsIn(`key ${AWS_SECRET} here`)).toBe(`key ${AWS_SECRET} here`);
    expect(maskSecretsIn(`SecretAccessKey ${AWS_SECRET}`)).toBe(`SecretAccessKey ${maskSecret(AWS_SECRET)}`);
  });

  it.each(LOOK_ALIKES)('leaves %j alone, alone and in text', (v) => {
    expect(maskSecretsIn(v)).toBe(v);
    expect(maskSecretsIn(`user ${v} did x`)).toBe(`user ${v} did x`);
    expect(maskSecretsIn(`"id":"${v}","ip":"203.0.113.42"`)).toBe(`"id":"${v}","ip":"203.0.113.42"`);
  });

  it('masks JWTs wherever they start (also glued to other text), as before', () => {
    expect(maskSecretsIn(`x${JWT}.y`)).toBe(`x${maskSecret(JWT)}.y`);
    expect(maskSecretsIn(`a.b ${JWT} ${JWT}`)).toBe(`a.b ${maskSecret(JWT)} ${maskSecret(JWT)}`);
    expect(maskSecretsIn('eyJshort.eyJalsoshort.x')).toBe('eyJshort.eyJalsoshort.x');
  });

  it('is idempotent on every fixture', () => {
    for (const [, text] of cases) expect(maskSecretsIn(maskSecretsIn(text))).toBe(maskSecretsIn(text));
  });
});

// Their growth on adversarial repetitions of every prefix is measured by `npm run bench:hostile`.
describe('maskSecretsIn on long runs of token alphabets', () => {
  it('is idempotent on any mix of token prefixes and separators (fast-check)', () => {
    const pieces = fc.constantFrom(
      'eyJ',
      'ghp_',
      'ya29.',
      '1//',
      '00',
      '0.A',
      'xoxp-',
      'glpat-',
      'Bearer ',
      'SSWS ',
      'SecretAccessKey=',
      '.',
      '-',
      '_',
      '/',
      '+',
      '=',
      'A',
      'z',
      '9',
      ' ',
      '"',
      ':',
    );
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 200, maxLength: 2_000 }), (parts) => {
        const once = maskSecretsIn(parts.join(''));
        return maskSecretsIn(once) === once;
      }),
      { numRuns: 50 },
    );
  });

  it('masks a secret that begins inside the kept tail of another (the case CI found)', () => {
    const text = `${'eyJ'.repeat(3)}xoxp-xoxp-eyJglpat-0.A${'eyJ'.repeat(12)}xoxp-eyJ=`;
    const once = maskSecretsIn(text);
    expect(maskSecretsIn(once)).toBe(once);
    expect(once).not.toContain('0.AeyJeyJ');
  });
});

// Issue "Trust", item 4: kinds that passed the mask before. Made-up values with the real shapes.
const STS_IGOJ = 'IgoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDExampleSessionTokenValue0123456789';
const STS_OLD = 'AQoDYXdzEJr//////////wEa8AExampleOlderSessionTokenValue0123456789abcdefABCDEF';
const STS_URLENC = 'IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2F%2F%2F%2F%2F%2FwEaCXVzLWVhc3QtMSJHMEUCIQDExample%3D%3D';
const GOOGLE_KEY = 'AIzaSyD-Example_Key_0123456789abcdefghi';
const ENTRA_SECRET = 'Abc8Q~Example.Client-Secret_0123456789ab';
const SAS_SIG = 'Qz8Example%2BSignature%2FValue0123456789%3D';
const BASIC = 'YWxpY2U6czNjcjN0UGFzc3dvcmQ=';
const PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAexample0123456789\nabcdefExampleKeyMaterial==\n-----END RSA PRIVATE KEY-----';

describe('maskSecretsIn: the kinds a review found passing', () => {
  const cases: [string, string, string][] = [
    ['STS session token IgoJ', `"sessionToken": "${STS_IGOJ}"`, STS_IGOJ],
    ['STS session token AQoDYXdz (older)', `X-Amz-Security-Token: ${STS_OLD}`, STS_OLD],
    ['STS session token, URL-encoded', `GET /?X-Amz-Security-Token=${STS_URLENC}&X-Amz-Date=1`, STS_URLENC],
    ['Google API key', `https://maps.googleapis.com/maps/api/js?key=${GOOGLE_KEY}`, GOOGLE_KEY],
    ['Entra client secret', `client_id=abc&client_secret=${ENTRA_SECRET}&scope=x`, ENTRA_SECRET],
    ['Entra client secret, bare', `new secret ${ENTRA_SECRET} added`, ENTRA_SECRET],
    [
      'Azure SAS sig=',
      `https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sp=r&sig=${SAS_SIG}`,
      SAS_SIG,
    ],
    ['Basic credentials', `Authorization: Basic ${BASIC}`, BASIC],
    ['secret_access_key without the aws_ prefix', `secret_access_key = ${AWS_SECRET}`, AWS_SECRET],
    ['password=value', 'login?user=alice&password=Hunter2Hunter2&next=/', 'Hunter2Hunter2'],
    ['"password": "value"', '{"user":"alice","password": "Correct-Horse-9"}', 'Correct-Horse-9'],
    ['token: value', 'token: 7f3kQ9zPq1Lx', '7f3kQ9zPq1Lx'],
    ['api_key=value', 'api_key=sk_live_51Hexample', 'sk_live_51Hexample'],
    ['refresh_token=value (opaque)', 'grant_type=refresh_token&refresh_token=rt9xQ2opaqueValue7', 'rt9xQ2opaqueValue7'],
  ];
  it.each(cases)('%s: masked, the rest of the text kept', (_name, text, secret) => {
    const out = maskSecretsIn(text);
    expect(out).not.toContain(secret);
    expect(out).toBe(text.replace(secret, maskSecret(secret)));
    expect(maskSecretsIn(out)).toBe(out);
  });

  it('masks a PEM private key whole, also when its END line is missing', () => {
    const out = maskSecretsIn(`key file:\n${PEM}\nend`);
    expect(out).not.toContain('KeyMaterial');
    expect(out).toContain('key file:');
    expect(out.endsWith('\nend')).toBe(true);
    const cut = maskSecretsIn(`oops ${PEM.slice(0, 60)}`);
    expect(cut).not.toContain('MIIEowIBAAKCAQEAexample');
    expect(cut.startsWith('oops ')).toBe(true);
  });

  const lookAlikes = [
    'tokenType: Bearer',
    'token_count: 12',
    'tokens=5',
    'password=',
    'secret: ***',
    'token: …',
    'sig=abc',
    'signature verified',
    'AIza too short',
    'Basic auth disabled',
    'the key=value pair',
    'AccessKeyId: ASIAEXAMPLETEMP00042',
    'Basic authentication is blocked',
    'ClientAppUsed: Basic Authentication',
    'token: 2024-03-01T10:00:00Z',
    'hashed_token: 5d3a1f2e7b8c',
    'partitionKey=orders-2024',
    "jq -Rn '{access_token: input}' < leaked.txt",
    'password: changeme',
    'X8Q~ is not a secret',
    'BEGIN PRIVATE KEY section',
  ];
  it.each(lookAlikes)('leaves %j alone', (v) => {
    expect(maskSecretsIn(v)).toBe(v);
  });
});

// The one table of kinds the leak test plants everywhere (test/secrets/planted-secrets.test.ts):
// each kind is masked in its own words, plainly, URL-encoded and inside a JSON string.
describe('maskSecretsIn: every kind of the planted-secrets table', () => {
  const gone = (out: string, k: (typeof SECRET_KINDS)[number]) => leakNeedles(k).filter((n) => out.includes(n));
  it.each(SECRET_KINDS.map((k) => [k.id, k] as const))(
    '%s: masked in its words, URL-encoded and JSON-quoted',
    (_id, k) => {
      expect(gone(maskSecretsIn(k.text), k)).toEqual([]);
      expect(gone(maskSecretsIn(`https://console.example/#/q?${encodeURI(k.text)}&x=1`), k)).toEqual([]);
      expect(gone(maskSecretsIn(`https://console.example/#/q=${encodeURIComponent(k.text)}`), k)).toEqual([]);
      expect(gone(maskSecretsIn(`detail: user agent ${JSON.stringify(k.text)}`), k)).toEqual([]);
      expect(gone(maskSecretsIn(JSON.stringify({ ua: `curl ${k.text}` })), k)).toEqual([]);
    },
  );
  it.each(SECRET_KINDS.map((k) => [k.id, k] as const))('%s: masking twice changes nothing', (_id, k) => {
    for (const t of [k.text, encodeURI(k.text), JSON.stringify(k.text)])
      expect(maskSecretsIn(maskSecretsIn(t))).toBe(maskSecretsIn(t));
  });
});

describe('maskSecretsIn: URL-encoded text', () => {
  it('decodes a text only when that shows a secret, and then keeps it decoded and masked', () => {
    expect(maskSecretsIn('https://x/#/q?Authorization:%20Bearer%20Pl4ntBr7Xz2Kq9Wv4Rm1Td8Yb3Nc6Ls5&n=1')).toBe(
      'https://x/#/q?Authorization: Bearer Pl4n…6Ls5&n=1',
    );
    expect(maskSecretsIn('a=%22sessionToken%22:%20%22' + STS_IGOJ + '%22')).toBe(
      `a="sessionToken": "${maskSecret(STS_IGOJ)}"`,
    );
  });
  it('leaves URL-encoded text without a secret, and stray percent signs, as they are', () => {
    for (const t of [
      'https://x/search?q=hello%20world&lang=en%2DGB',
      '100% done, %zz and %E2%82 (cut)',
      `GET /?X-Amz-Security-Token=${maskSecret(STS_URLENC)}&X-Amz-Date=1`,
    ]) {
      expect(maskSecretsIn(t)).toBe(t);
    }
  });
});

describe('maskSecretsIn: escaped quotes (a JSON string inside a JSON string)', () => {
  it('masks a secret after an escaped quote', () => {
    expect(maskSecretsIn('ua "x {\\"client_secret\\": \\"hunter2x9\\"}"')).toBe(
      'ua "x {\\"client_secret\\": \\"…\\"}"',
    );
    expect(maskSecretsIn(`{\\"SecretAccessKey\\": \\"${AWS_SECRET}\\"}`)).toBe(
      `{\\"SecretAccessKey\\": \\"${maskSecret(AWS_SECRET)}\\"}`,
    );
  });
});

describe('maskDeep', () => {
  it('masks a string under a secret-named key whatever it looks like, and keeps identifiers', () => {
    const out = maskDeep({
      client_secret: 'hunter2',
      Password: 'Correct-Horse-9',
      sessionToken: 'shortish',
      nested: { 'api-key': 'k-123456789' },
      accessKeyId: 'ASIAEXAMPLETEMP00042',
      token_id: '12345',
      hashed_token: 'abc123hash',
      tokens: ['AKIAEXAMPLEALICE0001'],
      sessionId: 's-1',
    });
    expect(out).toEqual({
      client_secret: '…',
      Password: 'Corr…se-9',
      sessionToken: '…',
      nested: { 'api-key': '…' },
      accessKeyId: 'ASIAEXAMPLETEMP00042',
      token_id: '12345',
      hashed_token: 'abc123hash',
      tokens: ['AKIAEXAMPLEALICE0001'],
      sessionId: 's-1',
    });
    expect(maskDeep(out)).toEqual(out);
  });
});

describe('identifiers that name a secret are not one', () => {
  it('keeps Secrets Manager ARNs and resource paths whole', () => {
    for (const id of [
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:stratus-red-team-retrieve-secret-a1B2c3',
      'projects/my-project/secrets/db-password2/versions/3',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/app/token:7',
    ])
      expect(maskSecretsIn(`read ${id} twice`)).toBe(`read ${id} twice`);
    expect(maskSecretsIn('secret: hunter2x9Z')).toBe('secret: …');
  });
});

// Issue 11: maskSecretsIn skips text no pattern can match, and maskDeep judges each distinct
// string once. The former implementation (test/support/secret-reference.ts) is the reference:
// the output must be exactly its output, on text built from every literal the patterns need,
// near misses of them, the planted secrets, and the lengths where the skip changes (12, 42, 80).
describe('the fast masking gives exactly what the former one gave', () => {
  const anchors = [
    'eyJ',
    'ey',
    'J',
    'ghp_',
    'gho_',
    'ghu_',
    'ghs_',
    'ghr_',
    'gh',
    'github_pat_',
    'IQoJ',
    'IgoJ',
    'FwoG',
    'FQoG',
    'AQoDYXdz',
    'AIza',
    'Q~',
    '8Q~',
    'secret',
    'Secret',
    'SECRET',
    'secret_access_key',
    'SecretAccessKey',
    'SECRET_KEY',
    'secre',
    'Basic ',
    'Basic',
    'password',
    'passwd',
    'passw',
    'token',
    'access_token',
    'tok',
    'api_key',
    'apikey',
    'api',
    'private_key',
    'sig',
    'sig=',
    '?sig=',
    '&sig=',
    'si',
    'ya29.',
    'ya29',
    '1//',
    '1/',
    '00',
    '0',
    '0.A',
    '0.',
    'xoxb-',
    'xox',
    'glpat-',
    'glpat',
    'SSWS ',
    'Bearer ',
    'Bearer',
    'PRIVATE KEY-----',
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----END RSA PRIVATE KEY-----',
    '%',
    '%20',
    '%22',
    '%3D',
    '%2F',
    '%E2%80',
  ];
  const filler = ['A', 'z', 'Q', '9', '1', '.', '-', '_', '/', '+', '=', '~', ' ', '"', "'", '\\', ':', '…', 'é', '\n'];
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...anchors) },
    { weight: 6, arbitrary: fc.constantFrom(...filler) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/) },
    { weight: 1, arbitrary: fc.constantFrom(...SECRET_KINDS.flatMap((k) => [k.secret, k.text].filter(Boolean))) },
  );
  const text = fc.oneof(
    fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
    fc.string({ maxLength: 100, unit: 'binary' }),
  );

  it('maskSecretsIn on text made of the patterns’ literals, near misses and secrets (fast-check)', () => {
    fc.assert(
      fc.property(text, (t) => maskSecretsIn(t) === referenceMaskSecretsIn(t)),
      { numRuns: 20_000 },
    );
  });

  it('maskSecretsIn at the lengths where the skip changes', () => {
    for (const t of [
      'sig=abcdef1', // 11: nothing can match
      'sig=abcdefg1', // 12: the shortest text a pattern changes
      `00${'a1'.repeat(20)}`, // 42: an Okta token, no other literal
      `x00${'a1'.repeat(20)}`,
      `${'Ab9+'.repeat(20)}`, // 80: a whole opaque value
      `${'Ab9+'.repeat(19)}Ab9`,
    ]) {
      expect(maskSecretsIn(t)).toBe(referenceMaskSecretsIn(t));
    }
    expect(maskSecretsIn('sig=abcdefg1')).not.toBe('sig=abcdefg1');
    expect(maskSecretsIn(`00${'a1'.repeat(20)}`)).not.toContain('a1a1a1');
    expect(maskSecretsIn('Ab9+'.repeat(20))).toBe('Ab9+…Ab9+');
  });

  const key = fc.oneof(
    fc.constantFrom(
      'password',
      'client_secret',
      'Session-Token',
      'authorization',
      'sig',
      'id',
      'actor',
      'token_id',
      '',
    ),
    fc.string({ maxLength: 12 }),
  );
  const leaf = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 6 }),
      fc.dictionary(key, tie('node'), { maxKeys: 6 }),
    ),
  })).node;

  it('maskDeep on nested values with secret-named keys and repeated strings (fast-check)', () => {
    fc.assert(
      fc.property(value, (v) => {
        // Twice the same value in one call: the second copy is judged from the per-call memo.
        const input = { a: v, b: [v, v] };
        const out = maskDeep(input);
        expect(out).toStrictEqual(referenceMaskDeep(input));
        expect(JSON.stringify(out)).toBe(JSON.stringify(referenceMaskDeep(input)));
      }),
      { numRuns: 3_000 },
    );
  });

  it('maskDeep on anything fast-check makes (fast-check)', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), (v) => {
        expect(maskDeep(v)).toStrictEqual(referenceMaskDeep(v));
      }),
      { numRuns: 2_000 },
    );
  });

  it('maskDeep copies: the result is a new value, the input is unchanged', () => {
    const input = { events: [{ id: 'ev-1', actor: 'arn:aws:iam::111122223333:user/a' }], note: 'plain' };
    const before = structuredClone(input);
    const out = maskDeep(input);
    expect(out).not.toBe(input);
    expect(out.events).not.toBe(input.events);
    expect(out.events[0]).not.toBe(input.events[0]);
    out.events.push({ id: 'ev-2', actor: 'x' });
    expect(input).toEqual(before);
  });
});
