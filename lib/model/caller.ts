/**
 * Whether a record names who made the call. Exports with the identity stripped (the minimised
 * CloudConsoleCartographer sessions), Google system events without `authenticationInfo`, redacted
 * failures: their readers keep them (they are still evidence) with the placeholder actor
 * `unknown` of kind `unknown`. Such records are no identity: grouping them under one "unknown"
 * subject would add unrelated callers' events up into one story. A token id, where present,
 * still ties records together.
 */
import type { TokenEvent } from './token-event';

const PLACEHOLDER = /^(unknown|unknown \(redacted\)|anonymous|-|null)?$/i;

/** The record names its caller (an ARN, a user, an app, a service). */
export function hasCaller(e: Pick<TokenEvent, 'actor'>): boolean {
  const id = e.actor.id.trim();
  if (!id) return false;
  return !(e.actor.kind === 'unknown' && PLACEHOLDER.test(id));
}
