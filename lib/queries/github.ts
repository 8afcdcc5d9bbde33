/**
 * GitHub audit log search (organization or enterprise audit log) for the case scope. Qualifiers
 * in one search are ANDed, so there is one search per value: actor_ip:… (IPs), hashed_token:…
 * (token ids; the SHA-256 base64 hash GitHub shows) and actor:… (identities), each with
 * created:>=from created:<=to. GitHub search has no escape character: control characters and
 * double quotes are stripped, and a value containing a space or colon (IPv6) is wrapped in
 * double quotes. There is no ASN or app qualifier: scope.asns and scope.appIds are not used.
 * With every list empty there is a single search: the window alone.
 */
import { type QueryLanguage, type Scope, type ScopeQuery, cleanValues, stripControl, timeWindow } from './scope';

/** A GitHub search value: quotes stripped, quoted if it has whitespace or a colon. */
export function githubValue(value: string): string {
  const v = stripControl(value).replace(/"/g, '');
  return /[\s:]/.test(v) ? `"${v}"` : v;
}

export function buildGitHub(scope: Scope): ScopeQuery[] {
  const w = timeWindow(scope);
  const created = `created:>=${w.from} created:<=${w.to}`;
  const out: ScopeQuery[] = [];
  const add = (qualifier: string, label: string, values: string[]) => {
    for (const raw of values) {
      const v = githubValue(raw);
      if (v === '' || v === '""') continue;
      out.push({ title: `GitHub audit log: ${label} ${v}`, text: `${qualifier}:${v} ${created}` });
    }
  };
  add('actor_ip', 'IP', cleanValues(scope.ips));
  add('hashed_token', 'token', cleanValues(scope.tokenIds));
  add('actor', 'actor', cleanValues(scope.identities));
  if (!out.length) out.push({ title: 'GitHub audit log: the window', text: created });
  return out;
}

export const gitHub: QueryLanguage = {
  id: 'github',
  label: 'GitHub audit log search',
  build: buildGitHub,
};
