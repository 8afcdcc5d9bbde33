/**
 * Secrets seen in logs or on pages are never kept raw (DESIGN.md, Security): a masked form for
 * display (the keyed hash for matching lives with storage, which has WebCrypto). Identifiers (accessKeyId, sessionId, client id) are
 * not secrets and are kept as they are.
 */
/** `eyJhbGciOi…x9Qk`: the first four and last four characters, nothing for short values. */
export function maskSecret(secret: string): string {
  if (secret.length <= 12) return '…';
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
}

/** Values that look like bearer secrets: JWTs, AWS session tokens, GitHub tokens, long opaque strings. */
export function looksLikeSecret(v: string): boolean {
  return /^eyJ[\w-]{10,}\.[\w-]{10,}\./.test(v) ||
    /^(ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}$/.test(v) ||
    /^(IQoJ|FwoG|FQoG)[A-Za-z0-9+/=]{40,}$/.test(v) ||
    /^[A-Za-z0-9+/=_-]{80,}$/.test(v);
}

// Bearer secrets inside longer text: JWTs, GitHub tokens, AWS session tokens.
const SECRET_IN_TEXT = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]*|\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}|\b(?:IQoJ|FwoG|FQoG)[A-Za-z0-9+/=]{40,}/g;

/**
 * Masks every bearer secret found in a text (a whole value that looks like one, or one embedded
 * in a sentence, a URL or a user agent). The last line of defence before anything is stored or
 * exported: the sources already mask what they recognise.
 */
export function maskSecretsIn(text: string): string {
  if (looksLikeSecret(text)) return maskSecret(text);
  return text.replace(SECRET_IN_TEXT, (m) => maskSecret(m));
}
