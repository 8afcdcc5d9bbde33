import { describe, expect, it } from 'vitest';
import { countryCentroid, countryDistanceKm, EARTH_RADIUS_KM, haversineKm } from './geo';

const LONDON = { lat: 51.5074, lon: -0.1278 };
const NEW_YORK = { lat: 40.7128, lon: -74.006 };

describe('haversineKm', () => {
  it('London–New York ≈ 5570 km', () => {
    expect(haversineKm(LONDON, NEW_YORK)).toBeGreaterThan(5550);
    expect(haversineKm(LONDON, NEW_YORK)).toBeLessThan(5590);
  });

  it('is symmetric, zero on the same point, half the circumference at the antipode', () => {
    expect(haversineKm(NEW_YORK, LONDON)).toBeCloseTo(haversineKm(LONDON, NEW_YORK), 9);
    expect(haversineKm(LONDON, LONDON)).toBe(0);
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
    expect(haversineKm({ lat: 90, lon: 0 }, { lat: -90, lon: 0 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
  });

  it('crosses the antimeridian the short way', () => {
    // Fiji side to Samoa side: ~ 1.1 × 111 km per degree at the equator, not 35 000 km
    expect(haversineKm({ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 })).toBeCloseTo(111.2, 0);
  });

  it('answers NaN rather than throwing on bad numbers', () => {
    expect(haversineKm({ lat: Number.NaN, lon: 0 }, LONDON)).toBeNaN();
    expect(haversineKm({ lat: 0, lon: Infinity }, LONDON)).toBeNaN();
  });
});

describe('countryCentroid', () => {
  it('knows ISO 3166-1 alpha-2 codes in any case', () => {
    expect(countryCentroid('US')).toEqual({ lat: 38, lon: -97 });
    expect(countryCentroid('gb')).toEqual(countryCentroid('GB'));
    expect(countryCentroid('XK')).toBeDefined(); // Kosovo: present in the IP data too
  });

  it('answers undefined for unknown or malformed codes', () => {
    for (const c of ['ZZ', 'AN', '', 'USA', undefined]) expect(countryCentroid(c)).toBeUndefined();
  });

  it('gives country-to-country distances (coarse by design)', () => {
    const ukUs = countryDistanceKm('GB', 'US')!;
    expect(ukUs).toBeGreaterThan(6000); // GB centre → the middle of the US, not New York
    expect(ukUs).toBeLessThan(7500);
    expect(countryDistanceKm('FR', 'FR')).toBe(0);
    expect(countryDistanceKm('FR', 'ZZ')).toBeUndefined();
  });
});
