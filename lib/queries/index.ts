/**
 * Scope queries for the org's own engine: every language builder, in the order the UI lists
 * them, and `buildAllQueries` to run them all on one case scope. Pure: no I/O, no network.
 */
import { athena } from './athena';
import { bigQuery } from './bigquery';
import { cloudTrailLake } from './cloudtrail-lake';
import { gcpLogging } from './gcp-logging';
import { gitHub } from './github';
import { kql } from './kql';
import { okta } from './okta';
import type { QueryLanguage, Scope, ScopeQuery } from './scope';

export type { QueryLanguage, Scope, ScopeQuery } from './scope';

export const QUERY_LANGUAGES: readonly QueryLanguage[] = [
  cloudTrailLake,
  athena,
  kql,
  gcpLogging,
  bigQuery,
  okta,
  gitHub,
];

export function buildAllQueries(scope: Scope): { language: QueryLanguage; queries: ScopeQuery[] }[] {
  return QUERY_LANGUAGES.map((language) => ({ language, queries: language.build(scope) }));
}
