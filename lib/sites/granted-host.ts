/**
 * A reader on a host the analyst granted at run time (a custom Okta domain, a GitHub Enterprise
 * Server host). The content script is registered for exactly the granted origins, so the host
 * is already decided: the route alone says whether this is the reader's view.
 */
import type { SiteReader } from './site-reader';

export function onGrantedHost(reader: SiteReader, route: RegExp): SiteReader {
  return { ...reader, matchesUrl: (url: URL) => url.protocol === 'https:' && route.test(url.pathname) };
}
