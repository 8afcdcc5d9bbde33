/**
 * The secret masking as it was before issue 11 made it fast (lib/model/secret.ts at d9ceccc),
 * kept unchanged as the reference: the property tests and bench/case-store.bench.ts check that
 * today's maskSecretsIn and maskDeep give exactly what these give, on every input.
 */
/** `eyJhbGciOi…x9Qk`: the first four and last four characters, nothing for short values. */
export function maskSecret(secret: string): string {
  if (secret.length <= 12) return '…';
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}

/** Values that look like bearer secrets: JWTs, AWS session tokens, GitHub tokens, long opaque strings. */
export function looksLikeSecret(v: string): boolean {
  return (
    /^eyJ[\w-]{10,}\.[\w-]{10,}\./.test(v) ||
    /^(ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}$/.test(v) ||
    /^(IQoJ|IgoJ|FwoG|FQoG|AQoDYXdz)[A-Za-z0-9+/=%]{40,}$/.test(v) ||
    /^AIza[0-9A-Za-z_-]{35}$/.test(v) ||
    /^[A-Za-z0-9+/=_-]{80,}$/.test(v)
  );
}

// Bearer secrets inside longer text. Every pattern starts at a literal prefix or a bounded
// look-behind and has no quantified group, and none can fail after an unbounded run (failure
// only happens within the first N characters), so a global replace stays linear in the text.
// JWTs are the exception (two dotted segments after the prefix) and are found by maskJwts.
const TOKEN = '[A-Za-z0-9._~+/-]';
const SECRET_PATTERNS: readonly string[] = [
  // GitHub tokens; AWS session tokens (IQoJ/IgoJ/FwoG/FQoG and the older AQoDYXdz), also URL-encoded.
  '\\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}',
  '\\b(?:IQoJ|IgoJ|FwoG|FQoG|AQoDYXdz)[A-Za-z0-9+/=%]{40,}',
  // AWS secret access key: only by context (40 base64 characters look like many other things).
  // (the quotes may be escaped: `\"SecretAccessKey\": \"…\"` inside a JSON string)
  '(?<=(?:secret_access_key|SECRET_ACCESS_KEY|SecretAccessKey|secretAccessKey|secret_key|SECRET_KEY)["\'\\\\:= ]{1,10})[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])',
  // Google API keys.
  '\\bAIza[0-9A-Za-z_-]{35}',
  // Entra client secrets (the current format: three characters, a digit, "Q~", then 31-34).
  '(?<![A-Za-z0-9_~.-])[A-Za-z0-9_.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])',
  // Azure shared access signatures: the sig= parameter of a SAS URL or connection string.
  '(?<=[?&;]sig=)[A-Za-z0-9%+/=]{16,}',
  // HTTP Basic credentials.
  // (the value must look like base64: a digit, "+", "/" or "=" within it, so "Basic authentication" is prose)
  '(?<=\\bBasic )(?=[A-Za-z]{0,64}[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}',
  // Generic name=value / name: value pairs whose name says secret (bounded look-behind and
  // look-ahead: linear). The value must hold a digit and be 8+ long, so code such as
  // `{access_token: input}` in a containment command is left alone.
  // Quotes may be escaped (`\"client_secret\": \"…\"` inside a JSON string). A name right after
  // ":" or "/" is a path segment, not a setting: `arn:aws:secretsmanager:…:secret:db-password-a1B2c3`
  // names the secret (evidence the analyst needs), it does not hold it.
  '(?<=(?<![:/])\\b(?:password|passwd|secret|client_secret|token|access_token|refresh_token|id_token|api_key|apikey|private_key|sig)' +
    '\\\\?["\']?\\s{0,3}[=:]\\s{0,3}\\\\?["\']?)(?![*]|\\d{4}-\\d\\d-\\d\\d)' +
    '(?=[^\\s"\'\\\\&,;<>…]{0,64}\\d)[^\\s"\'\\\\&,;<>…]{8,}',
  // Google OAuth access and refresh tokens.
  '\\bya29\\.[A-Za-z0-9_-]{20,}',
  '\\b1//[A-Za-z0-9_-]{20,}',
  // Okta API tokens (42 characters, a whole word; user ids 00u… are 20) and SSWS headers.
  '(?<![A-Za-z0-9_-])00[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])',
  `(?<=\\bSSWS )${TOKEN}{20,}=*`,
  // Any bearer token in an Authorization header or similar.
  `(?<=\\bBearer )${TOKEN}{20,}=*`,
  // Entra / Microsoft refresh tokens.
  '\\b0\\.A[A-Za-z0-9._-]{20,}',
  // Slack and GitLab tokens.
  '\\bxox[abprs]-[A-Za-z0-9-]{10,}',
  '\\bglpat-[A-Za-z0-9_-]{20,}',
];
const SECRET_IN_TEXT = new RegExp(SECRET_PATTERNS.join('|'), 'g');

// Runs of JWT characters (base64url and dots): maximal, so the scan is linear.
const JWT_RUN = /[\w.-]+/g;

/**
 * Masks every JWT (`eyJ…` ≥10 chars `.` ≥10 chars `.` anything) inside the text, wherever it
 * starts. Done on dotted runs by hand, not with one regex: `eyJ[\w-]{10,}\.` can fail after
 * scanning a whole run and would be retried at every `eyJ` in it (quadratic on `eyJeyJeyJ…`).
 */
function maskJwts(text: string): string {
  if (!text.includes('eyJ')) return text;
  return text.replace(JWT_RUN, (run) => {
    if (!run.includes('eyJ')) return run;
    const seg = run.split('.');
    const out: string[] = [];
    let i = 0;
    while (i < seg.length) {
      const s = seg[i]!;
      const k = s.indexOf('eyJ');
      // The leftmost eyJ leaves the longest first segment: if it does not qualify, none does.
      if (k >= 0 && s.length - k - 3 >= 10 && i + 2 < seg.length && seg[i + 1]!.length >= 10) {
        out.push(s.slice(0, k) + maskSecret(`${s.slice(k)}.${seg[i + 1]!}.${seg[i + 2]!}`));
        i += 3;
      } else {
        out.push(s);
        i += 1;
      }
    }
    return out.join('.');
  });
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,30})PRIVATE KEY-----/g;

/**
 * Masks PEM private keys: the BEGIN line is kept, the body and END line become "…". A key whose END
 * line is missing (a cut log line) is masked to the end of the text. indexOf from the last
 * position only: linear.
 */
function maskPrivateKeys(text: string): string {
  if (!text.includes('PRIVATE KEY-----')) return text;
  let out = '';
  let at = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
    const bodyStart = m.index + m[0].length;
    const endTag = `-----END ${m[1]}PRIVATE KEY-----`;
    const end = text.indexOf(endTag, bodyStart);
    const stop = end < 0 ? text.length : end + endTag.length;
    out += `${text.slice(at, bodyStart)}…${end < 0 ? '' : endTag}`;
    at = stop;
    PEM_BEGIN.lastIndex = stop;
  }
  return out + text.slice(at);
}

/**
 * Masks every bearer secret found in a text (a whole value that looks like one, or one embedded
 * in a sentence, a URL, a header or a config line): JWTs, GitHub, GitLab and Slack tokens, AWS
 * session tokens and secret access keys (by context), Google OAuth access and refresh tokens,
 * Okta API tokens, Entra refresh tokens and anything after `Bearer ` or `SSWS `. The last line of
 * defence before anything is stored or exported: the sources already mask what they recognise.
 * Linear in the length of the text.
 */
export function referenceMaskSecretsIn(text: string): string {
  // A mask keeps a secret's last four characters, and those can begin a second secret that the
  // first one overlapped (`xoxp-…glpat-0` then `.A…`: an Entra refresh token). Masking again until
  // nothing changes covers it, so that masking stored text a second time never alters it. Text
  // without a secret (the usual case) is scanned once; the passes are capped, so it stays linear.
  let current = text;
  for (let pass = 0; pass < MAX_MASK_PASSES; pass++) {
    const next = maskOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** A new secret can only start in a previous pass's four-character tail: two passes settle real text, the rest is margin. */
const MAX_MASK_PASSES = 4;

function maskOnce(text: string): string {
  const out = maskPlain(text);
  if (!out.includes('%')) return out;
  // URL-encoded text (a console URL's query, a logged request URI): `Bearer%20…`, `%22sessionToken%22:%20%22IgoJ…`
  // hide the words and separators the patterns look for. When decoding shows a secret, the text
  // is kept decoded and masked; otherwise it is kept as it was.
  const decoded = percentDecoded(out);
  if (decoded === out) return out;
  const masked = maskPlain(decoded);
  return masked === decoded ? out : masked;
}

function maskPlain(text: string): string {
  if (looksLikeSecret(text)) return maskSecret(text);
  return maskJwts(maskPrivateKeys(text)).replace(SECRET_IN_TEXT, (m) => maskSecret(m));
}

/** Each run of `%XX` escapes decoded as UTF-8 (a run that is not valid UTF-8 is left as it is). Linear. */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * Object keys whose string value is a secret whatever it looks like (compared lower-case, without
 * `_` and `-`): `{"client_secret": "hunter2"}`. Identifiers (`accessKeyId`, `token_id`,
 * `hashed_token`, `sessionId`) and lists of them (`tokens`) are not here.
 */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'secret',
  'clientsecret',
  'secretaccesskey',
  'secretkey',
  'sessiontoken',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'apikey',
  'privatekey',
  'sig',
  'token',
  'bearertoken',
  'authorization',
  'cookie',
]);
const isSecretKey = (k: string): boolean => SECRET_KEYS.has(k.toLowerCase().replace(/[_-]/g, ''));

/** Every string of a plain JSON-like value, masked; a string under a secret-named key masked whole. */
export function referenceMaskDeep<T>(value: T): T {
  if (typeof value === 'string') return referenceMaskSecretsIn(value) as T;
  if (Array.isArray(value)) return value.map((v) => referenceMaskDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = typeof v === 'string' && v && isSecretKey(k) && !v.includes('…') ? maskSecret(v) : referenceMaskDeep(v);
    return out as T;
  }
  return value;
}
