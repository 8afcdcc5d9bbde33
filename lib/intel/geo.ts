/**
 * Distances on the globe and country "centroids" for the geo-anomaly indicator (new country,
 * impossible travel ≥ 500 km at ≥ 800 km/h).
 *
 * The offline data resolves an address only to a country, so coordinates are the country's
 * reference point from the `world-countries` package (`latlng`, ODbL-1.0, by ISO 3166-1
 * alpha-2 `cca2`). That point is an approximate centre, not a city: distances between two
 * addresses in the same country are 0, and between large neighbours can be off by ~1000 km.
 * Indicators should prefer a log's own coordinates (Entra, Okta) when they exist.
 *
 * Pure: no I/O (the JSON is bundled like any module).
 */
import { COUNTRIES as countries } from './countries';

export interface LatLon {
  lat: number;
  lon: number;
}

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). NaN when any input is not a finite number. */
export function haversineKm(a: LatLon, b: LatLon): number {
  if (![a.lat, a.lon, b.lat, b.lon].every(Number.isFinite)) return Number.NaN;
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

let centroids: Map<string, LatLon> | undefined;

function table(): Map<string, LatLon> {
  if (!centroids) {
    centroids = new Map();
    for (const c of countries) {
      const [lat, lon] = c.latlng ?? [];
      if (typeof c.cca2 === 'string' && Number.isFinite(lat) && Number.isFinite(lon)) {
        centroids.set(c.cca2.toUpperCase(), { lat: lat!, lon: lon! });
      }
    }
  }
  return centroids;
}

/** Reference point of a country by ISO 3166-1 alpha-2 code (any case); undefined if unknown. */
export function countryCentroid(code: string | undefined): LatLon | undefined {
  if (typeof code !== 'string' || code.length !== 2) return undefined;
  return table().get(code.toUpperCase());
}

/** Distance in km between two countries' reference points; undefined if either is unknown. */
export function countryDistanceKm(a: string | undefined, b: string | undefined): number | undefined {
  const pa = countryCentroid(a);
  const pb = countryCentroid(b);
  return pa && pb ? haversineKm(pa, pb) : undefined;
}
