/**
 * Which tab a message to the background is about. A content script speaks only for its own tab;
 * naming another tab (`get-state`, `highlight` carry an optional tabId) is an extension page's
 * right (the sidebar, the case tab), because a script on one console page must not read the
 * verdict and rows of another tab or make it scroll.
 */
import { isExtensionPage } from './store-rpc';

export interface SenderFacts {
  url?: string;
  tab?: { id?: number };
}

export function targetTab(requested: number | undefined, sender: SenderFacts, extensionBase: string): number | undefined {
  if (requested !== undefined && isExtensionPage(sender.url, extensionBase)) return requested;
  return sender.tab?.id;
}
