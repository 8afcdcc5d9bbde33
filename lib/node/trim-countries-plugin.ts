/**
 * Build step (Vite plugin, wxt.config.ts): the `world-countries` JSON cut to the fields the
 * product reads (lib/intel/countries.ts, `countryRecord`). The package ships 1.4 MB (translations,
 * borders, flags, currencies…) and the engine's chunk carried 565 KB of it into every extension
 * page and the service worker; a 5,000-event case tab spent about 100 ms less of its load busy
 * without it (`bench:extension` with BENCH_PROFILE). The CLI and the tests read the package as it
 * is; COUNTRIES' type keeps the code to the fields both have.
 */
import { readFileSync } from 'node:fs';
import { countryRecord, type CountryRecord } from '../intel/countries';

/** The package's data file, as Vite resolves it (index.mjs re-exports it). */
export const WORLD_COUNTRIES_JSON = /[\\/]node_modules[\\/]world-countries[\\/]countries\.json$/;

/** The trimmed JSON text for the package's data file. */
export function trimmedCountriesJson(path: string): string {
  const all = JSON.parse(readFileSync(path, 'utf8')) as CountryRecord[];
  return JSON.stringify(all.map(countryRecord));
}

export function trimCountriesPlugin() {
  return {
    name: 'token-triage:trim-world-countries',
    enforce: 'pre' as const,
    load(id: string): string | null {
      return WORLD_COUNTRIES_JSON.test(id) ? trimmedCountriesJson(id) : null;
    },
  };
}
