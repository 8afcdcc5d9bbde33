/**
 * Who sent a message to the background, and what it may do (issue 8, items 2 and 8).
 *
 * - A content script (a console page's frame) speaks only for its own tab: naming another tab
 *   (`get-state`, `highlight` carry an optional tabId) is ignored, because a script on one
 *   console page must not read another tab's verdict and rows or make it scroll.
 * - A top-level extension page (the case tab, sidebar.html opened in its own tab) cannot be
 *   framed or overlaid by a web page: it may name any tab and use the cases.
 * - A framed extension page is the sidebar only when the extension mounted it: its (tab, frame)
 *   claimed a one-time token (./sidebar-grant.ts). Any other framed copy of sidebar.html (a page
 *   on a console host framing it to click for the analyst) is refused everything.
 */
import { isExtensionPage } from './store-rpc';
import { SIDEBAR_REFUSED } from './sidebar-grant';

export interface SenderFacts {
  url?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

export type SenderKind = 'content' | 'extension-top' | 'extension-framed';

export type Access = { ok: true; tabId: number } | { ok: false; error?: string };

/** Whether a (tab, frame) claimed a sidebar token (SidebarGrants.isBound). */
export type IsBound = (tabId: number | undefined, frameId: number | undefined) => boolean;

export const CASES_REFUSED = 'Cases are only available to the extension’s own pages.';

export function senderKind(sender: SenderFacts, extensionBase: string): SenderKind {
  if (!isExtensionPage(sender.url, extensionBase)) return 'content';
  const top =
    (sender.frameId ?? 0) === 0 && (sender.tab?.url === undefined || isExtensionPage(sender.tab.url, extensionBase));
  return top ? 'extension-top' : 'extension-framed';
}

/**
 * The tab a `get-state` / `highlight` is about: a content script's own tab; any tab for a
 * top-level extension page; for a framed one, its own tab and only once its frame is bound.
 */
export function targetTab(
  requested: number | undefined,
  sender: SenderFacts,
  extensionBase: string,
  isBound: IsBound,
): Access {
  const own = sender.tab?.id;
  switch (senderKind(sender, extensionBase)) {
    case 'content':
      return own === undefined ? { ok: false } : { ok: true, tabId: own };
    case 'extension-top': {
      const tabId = requested ?? own;
      return tabId === undefined ? { ok: false } : { ok: true, tabId };
    }
    case 'extension-framed':
      if (own === undefined || !isBound(own, sender.frameId) || (requested !== undefined && requested !== own))
        return { ok: false, error: SIDEBAR_REFUSED };
      return { ok: true, tabId: own };
  }
}

/** May this sender use the cases (store-rpc)? Extension pages only; a framed one only when bound. */
export function storeAccess(
  sender: SenderFacts,
  extensionBase: string,
  isBound: IsBound,
): { ok: true } | { ok: false; error: string } {
  switch (senderKind(sender, extensionBase)) {
    case 'content':
      return { ok: false, error: CASES_REFUSED };
    case 'extension-top':
      return { ok: true };
    case 'extension-framed':
      return isBound(sender.tab?.id, sender.frameId) ? { ok: true } : { ok: false, error: SIDEBAR_REFUSED };
  }
}
