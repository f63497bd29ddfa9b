/**
 * The geometry engine of the overlay analysis, kept small so engines can be swapped: prepare the
 * red line once, then test and cut each candidate feature. Two implementations: JSTS (here) and
 * GEOS compiled to WebAssembly (overlay.engine-geos.ts, the default after measuring).
 * Coordinates are EPSG:4490 degrees; areas are measured afterwards on the ellipsoid.
 */
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import GeoJSONWriter from 'jsts/org/locationtech/jts/io/GeoJSONWriter.js';
import RelateOp from 'jsts/org/locationtech/jts/operation/relate/RelateOp.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import type { Geometry, Polygonal, Ring } from '../../platform/geo/index.ts';

export interface PreparedRedline {
  /** True when the feature shares any point with the red line. */
  intersects(g: Geometry): boolean;
  /** True when the feature lies wholly inside the red line (its intersection is itself). */
  covers(g: Geometry): boolean;
  /** The polygonal part of red line ∩ feature, undefined when it has no area. */
  intersection(g: Polygonal): Polygonal | undefined;
  /** The polygonal part of the red line outside every one of `cover` (red line − ∪ cover), undefined when nothing is left. */
  uncovered(cover: Polygonal[]): Polygonal | undefined;
  /** Frees what the engine holds outside the JavaScript heap (GEOS-WASM); call once when done. */
  dispose?(): void;
}

export interface OverlayEngine {
  readonly name: string;
  prepare(redline: Polygonal): PreparedRedline;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type J = any;

export function createJstsOverlayEngine(): OverlayEngine {
  const reader: J = new (GeoJSONReader as J)();
  const writer: J = new (GeoJSONWriter as J)();
  const toPolygonal = (g: J): Polygonal | undefined => {
    if (!g || g.isEmpty()) return undefined;
    const polys: Ring[][] = [];
    const walk = (x: J) => {
      for (let i = 0; i < x.getNumGeometries(); i++) {
        const part = x.getGeometryN(i);
        const t = part.getGeometryType();
        if (t === 'Polygon') { if (!part.isEmpty()) polys.push((writer.write(part) as { coordinates: Ring[] }).coordinates); }
        else if (t === 'MultiPolygon' || t === 'GeometryCollection') walk(part);
      }
    };
    walk(g);
    if (polys.length === 0) return undefined;
    return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
  };
  return {
    name: 'jsts',
    prepare(redline) {
      // JSTS 2.12's prepared geometries (PreparedPolygon and its predicates) call their parent
      // constructors without arguments and throw, so the red line is parsed once and every test
      // goes through RelateOp / OverlayOp, after an envelope check.
      const r = reader.read(redline);
      const env = r.getEnvelopeInternal();
      const near = (g: J) => env.intersects(g.getEnvelopeInternal());
      return {
        intersects: (g) => { const x = reader.read(g); return near(x) && (RelateOp as J).intersects(r, x); },
        covers: (g) => { const x = reader.read(g); return env.covers(x.getEnvelopeInternal()) && (RelateOp as J).covers(r, x); },
        intersection: (g) => { const x = reader.read(g); return near(x) ? toPolygonal((OverlayOp as J).intersection(r, x)) : undefined; },
        uncovered: (cover) => {
          let rest: J = r;
          for (const g of cover) {
            const x = reader.read(g);
            if (!rest.getEnvelopeInternal().intersects(x.getEnvelopeInternal())) continue;
            rest = (OverlayOp as J).difference(rest, x);
            if (rest.isEmpty()) return undefined;
          }
          return toPolygonal(rest);
        },
      };
    },
  };
}

let current: OverlayEngine | undefined;
let loading: Promise<OverlayEngine> | undefined;

/**
 * The engine in use: GEOS-WASM (measured faster, see overlay.engine-geos.ts), loaded once on
 * first use; JSTS when the WebAssembly module cannot be loaded or `MAP_OVERLAY_ENGINE=jsts`.
 */
export async function overlayEngine(): Promise<OverlayEngine> {
  if (current) return current;
  loading ??= (async () => {
    if (process.env.MAP_OVERLAY_ENGINE === 'jsts') return createJstsOverlayEngine();
    try {
      const { createGeosOverlayEngine } = await import('./overlay.engine-geos.ts');
      return await createGeosOverlayEngine();
    } catch {
      return createJstsOverlayEngine();
    }
  })();
  current = await loading;
  return current;
}

export function setOverlayEngine(e: OverlayEngine): void {
  current = e;
}
