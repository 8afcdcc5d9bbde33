/**
 * The `app` of an event from what a record names of the application or token that acted: its id,
 * its name, its granted scopes. Only what is named is kept (in that key order, which the JSON
 * output follows); nothing named, no `app`. Shared by the GitHub and Workspace formats, whose
 * records name the app in different fields.
 */
import type { TokenEvent } from '../../../model/token-event';

export function eventApp(id: string | undefined, name: string | undefined, scopes?: string[]): TokenEvent['app'] {
  if (!(id || name || scopes)) return undefined;
  const app: NonNullable<TokenEvent['app']> = {};
  if (id) app.id = id;
  if (name) app.name = name;
  if (scopes) app.scopes = scopes;
  return app;
}
