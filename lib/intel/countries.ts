/**
 * The country table the product reads: each country's ISO 3166-1 alpha-2 code, common and
 * official name, and reference point, from the `world-countries` package (ODbL-1.0). Every reader
 * goes through COUNTRIES, typed to these fields only, because the extension's build keeps only
 * them (lib/node/trim-countries-plugin.ts): about 25 KB of the package's 1.4 MB of JSON, which
 * every extension page and the service worker would otherwise parse. Pure: the JSON is bundled
 * like any module.
 */
import all from 'world-countries';

export interface CountryRecord {
  /** ISO 3166-1 alpha-2. */
  cca2: string;
  name: { common: string; official: string };
  /** [latitude, longitude] of the country's approximate centre. */
  latlng: readonly number[];
}

/** One country cut to the fields above: what the extension's build keeps of each. */
export function countryRecord(c: CountryRecord): CountryRecord {
  return { cca2: c.cca2, name: { common: c.name.common, official: c.name.official }, latlng: c.latlng };
}

export const COUNTRIES: readonly CountryRecord[] = all;
