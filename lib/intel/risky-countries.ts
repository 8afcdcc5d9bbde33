/**
 * High-risk countries: the playbook's "unfamiliar or *risky* locations". A success from one of
 * these countries is at least medium (risky-network), and several identities new to the same
 * one within an hour are a multi-account signal (multi-account). Both indicators take the list
 * as their `riskyCountries` setting (ISO 3166-1 alpha-2 codes, any case).
 *
 * The default, and why:
 * - Cuba (CU), Iran (IR), North Korea (KP): the countries under comprehensive (country-wide)
 *   sanctions in the US Treasury's OFAC "Sanctions Programs and Country Information" list. The
 *   cloud and SaaS vendors this tool reads (AWS, Microsoft, Google, GitHub, Okta) are US companies
 *   that block or restrict service there, so a legitimate user of the organisation's tenant rarely
 *   signs in from them.
 * - Syria (SY) is not in the default: it was on that list until the US revoked its Syria
 *   sanctions programme in 2025 (Executive Order 14312, effective 1 July 2025), and the EU lifted
 *   most economic measures the same year. Add it if your policy still treats it as high-risk.
 * - The occupied regions of Ukraine (Crimea and the so-called Donetsk and Luhansk People's
 *   Republics) are also comprehensively sanctioned, but they cannot be expressed by country
 *   code: the address data places them in UA or RU. They are covered only insofar as their
 *   addresses geolocate to Russia.
 * - Russia (RU) and Belarus (BY) are added although they are not comprehensively sanctioned:
 *   since 2022 the major cloud vendors stopped selling there and US and EU export controls cover
 *   both broadly, so for the organisations this tool serves a session from there is unusual and
 *   worth a Tier-1 look. An organisation with staff there should take them out of the setting.
 *
 * What the setting does not claim: attackers rarely connect from their own country (they rent
 * VPSs and proxies), so an empty hit list proves nothing; this is a tripwire, not attribution.
 *
 * Country names come from the `world-countries` package (ISO 3166-1, `cca2` → `name.common`).
 * Pure: no I/O.
 */
import { z } from 'zod';
import { COUNTRIES as countries } from './countries';

export const DEFAULT_RISKY_COUNTRIES: readonly string[] = ['CU', 'IR', 'KP', 'RU', 'BY'];

/** The `riskyCountries` setting: ISO 3166-1 alpha-2 codes, upper-cased; unknown codes refused. */
export const riskyCountriesSetting = z
  .array(
    z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code')
      .transform((c) => c.toUpperCase())
      .refine((c) => byCode().has(c), 'not an ISO 3166-1 alpha-2 country code'),
  )
  .default([...DEFAULT_RISKY_COUNTRIES]);

let codes: Map<string, string> | undefined;
let names: Map<string, string> | undefined;

function byCode(): Map<string, string> {
  if (!codes) {
    codes = new Map();
    for (const c of countries) if (typeof c.cca2 === 'string') codes.set(c.cca2.toUpperCase(), c.name.common);
  }
  return codes;
}

function byName(): Map<string, string> {
  if (!names) {
    names = new Map();
    for (const c of countries) {
      if (typeof c.cca2 !== 'string') continue;
      for (const n of [c.name.common, c.name.official])
        if (typeof n === 'string') names.set(n.toLowerCase(), c.cca2.toUpperCase());
    }
  }
  return names;
}

/**
 * The ISO alpha-2 code for what a log or the address data says: a code (`ru`, `RU`) or a country
 * name as Okta writes it (`Russia`, `Russian Federation`). Undefined when it is neither.
 */
export function countryCode(text: string | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return byCode().has(t.toUpperCase()) ? t.toUpperCase() : undefined;
  return byName().get(t.toLowerCase());
}

/** "Russia (RU)" for a code; the code alone when the data does not know it. */
export function countryLabel(code: string): string {
  const name = byCode().get(code.toUpperCase());
  return name ? `${name} (${code.toUpperCase()})` : code;
}
