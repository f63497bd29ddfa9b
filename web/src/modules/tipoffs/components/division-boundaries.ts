/**
 * What a place-picking map orients by: the division boundaries of the public map layer
 * `divisions` (county and township lines, with names) and the configured basemap, both read
 * through the map's public HTTP API. Loaded once per page; a missing map module or layer
 * leaves the map with its graticule only.
 */
import { api } from '../../../app/api.ts';

export interface DivisionBoundary {
  code: string;
  name: string;
  /** Outer ring and holes, [lon, lat] (CGCS2000). */
  rings: [number, number][][][];
}

export interface Orientation {
  boundaries: DivisionBoundary[];
  /** The layer is generated demo data, not surveyed boundaries: say so under the map. */
  synthetic: boolean;
  basemap: { url: string; labelsUrl: string | null; attribution: string } | null;
}

interface FeaturePage {
  features: { code: string | null; name: string | null; geometry?: { type: string; coordinates: unknown } }[];
  next: number | null;
}

let loading: Promise<Orientation> | null = null;

export function loadOrientation(): Promise<Orientation> {
  loading ??= (async () => {
    const [layer, config] = await Promise.all([
      api.get<{ synthetic?: boolean }>('/api/map/layers/divisions').catch(() => null),
      api.get<{ basemap: Orientation['basemap'] }>('/api/map/config').catch(() => null),
    ]);
    const boundaries: DivisionBoundary[] = [];
    if (layer) {
      let after = 0;
      for (let i = 0; i < 20; i++) {
        const page = await api.get<FeaturePage>('/api/map/layers/divisions/features', { limit: 1000, after }).catch(() => null);
        if (!page) break;
        for (const f of page.features) {
          const g = f.geometry;
          if (!f.code || !g) continue;
          const rings = g.type === 'Polygon' ? [g.coordinates as [number, number][][]]
            : g.type === 'MultiPolygon' ? g.coordinates as [number, number][][][] : [];
          if (rings.length) boundaries.push({ code: f.code, name: f.name ?? f.code, rings });
        }
        if (page.next === null) break;
        after = page.next;
      }
    }
    return { boundaries, synthetic: layer?.synthetic ?? false, basemap: config?.basemap ?? null };
  })();
  return loading;
}

/**
 * The boundary to show for a chosen division: its own, else that of the nearest division above
 * it that has one (a village falls back to its township, a township without data to its county).
 */
export function boundaryFor(all: readonly DivisionBoundary[], code: string | null | undefined): { boundary: DivisionBoundary; exact: boolean } | null {
  if (!code) return null;
  const byCode = new Map(all.map((b) => [b.code, b]));
  const exact = byCode.get(code);
  if (exact) return { boundary: exact, exact: true };
  // GB/T 2260: 9-digit township → 6-digit county → 4-digit city (padded) → province.
  for (const up of [code.slice(0, 6), `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]) {
    const b = byCode.get(up);
    if (b && up !== code) return { boundary: b, exact: false };
  }
  return null;
}

/** Even-odd ray casting over every ring: inside the outer ring and not in a hole. */
export function containsPoint(b: DivisionBoundary, lon: number, lat: number): boolean {
  let inside = false;
  for (const polygon of b.rings) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/** [minLon, minLat, maxLon, maxLat] of a boundary. */
export function extentOf(b: DivisionBoundary): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const polygon of b.rings) for (const ring of polygon) for (const [x, y] of ring) {
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  return [x0, y0, x1, y1];
}
