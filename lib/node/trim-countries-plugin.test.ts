import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { trimCountriesPlugin, trimmedCountriesJson } from './trim-countries-plugin';
import { COUNTRIES } from '../intel/countries';

const require = createRequire(import.meta.url);
const packageJson = require.resolve('world-countries/countries.json');

describe("the build's trim of world-countries", () => {
  it('keeps, for every country of the package, its code, names and reference point, and nothing else', () => {
    const trimmed = JSON.parse(trimmedCountriesJson(packageJson)) as Record<string, unknown>[];
    expect(trimmed).toHaveLength(COUNTRIES.length);
    trimmed.forEach((t, i) => {
      const c = COUNTRIES[i]!;
      expect(Object.keys(t).sort()).toEqual(['cca2', 'latlng', 'name']);
      expect(t).toEqual({ cca2: c.cca2, name: { common: c.name.common, official: c.name.official }, latlng: c.latlng });
    });
    expect(trimmed.map((t) => t.cca2)).toContain('KP');
  });

  it('is a small part of the package (the point of it)', () => {
    const size = Buffer.byteLength(trimmedCountriesJson(packageJson));
    expect(size).toBeLessThan(40_000);
    expect(statSync(packageJson).size).toBeGreaterThan(1_000_000);
  });

  it("loads only the package's data file, and leaves every other module to Vite", () => {
    const plugin = trimCountriesPlugin();
    expect(plugin.load(packageJson)).toBe(trimmedCountriesJson(packageJson));
    expect(plugin.load('/work/app/lib/intel/countries.json')).toBeNull();
    expect(plugin.load('/x/node_modules/other-countries/countries.json')).toBeNull();
    expect(plugin.load('/x/node_modules/world-countries/index.mjs')).toBeNull();
  });
});
