/** GeometryEngine on JSTS (the JavaScript port of JTS, itself the model of GEOS). */
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import GeoJSONWriter from 'jsts/org/locationtech/jts/io/GeoJSONWriter.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import UnaryUnionOp from 'jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js';
import Polygonizer from 'jsts/org/locationtech/jts/operation/polygonize/Polygonizer.js';
import RelateOp from 'jsts/org/locationtech/jts/operation/relate/RelateOp.js';
import ArrayList from 'jsts/java/util/ArrayList.js';
import InteriorPointArea from 'jsts/org/locationtech/jts/algorithm/InteriorPointArea.js';
import type { GeometryEngine, ValidityError } from './engine.ts';
import type { Geometry, Polygonal, Position, Ring } from './geo.types.ts';
import { polygonsOf } from './geo.types.ts';

// JSTS's bundled typings do not describe its dynamic API well; it is wrapped here once.
/* eslint-disable @typescript-eslint/no-explicit-any */
type J = any;
const reader: J = new (GeoJSONReader as J)();
const writer: J = new (GeoJSONWriter as J)();
const factory: J = reader.parser.geometryFactory;

function toJsts(g: Geometry): J {
  return reader.read(g);
}

/** Polygons of a JSTS result as GeoJSON (lines and points of a collection are dropped). */
function toPolygonal(g: J): Polygonal | undefined {
  if (!g || g.isEmpty()) return undefined;
  const polys: Ring[][] = [];
  for (let i = 0; i < g.getNumGeometries(); i++) {
    const part = g.getGeometryN(i);
    const type = part.getGeometryType();
    if (type === 'Polygon') polys.push((writer.write(part) as { coordinates: Ring[] }).coordinates);
    else if (type === 'MultiPolygon' || type === 'GeometryCollection') {
      const sub = toPolygonal(part);
      if (sub) polys.push(...polygonsOf(sub));
    }
  }
  if (polys.length === 0) return undefined;
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}

function insideRing(p: Position, ring: Ring): boolean {
  let inside = false;
  const [x, y] = p as [number, number];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function createJstsEngine(): GeometryEngine {
  return {
    name: 'jsts',

    validityError(g: Polygonal): ValidityError | undefined {
      const op = new (IsValidOp as J)(toJsts(g));
      if (op.isValid()) return undefined;
      const err = op.getValidationError();
      const c = err?.getCoordinate();
      return { message: String(err?.getMessage?.() ?? err), location: c ? [c.x, c.y] : undefined };
    },

    makeValid(g: Polygonal): Polygonal | undefined {
      // Node all ring linework, rebuild faces, keep those inside by the even-odd rule per
      // polygon: a bow-tie keeps both lobes (buffer(0) would drop one).
      const lines = polygonsOf(g).flatMap((rings) => rings.map((r) => toJsts({ type: 'LineString', coordinates: r })));
      const noded = (UnaryUnionOp as J).union(factory.buildGeometry(toJavaList(lines)));
      const polygonizer = new (Polygonizer as J)();
      polygonizer.add(noded);
      const faces: J[] = [...polygonizer.getPolygons().toArray()];
      const kept = faces.filter((face) => {
        const ip = (InteriorPointArea as J).getInteriorPoint(face);
        return polygonsOf(g).some((rings) => rings.filter((r) => insideRing([ip.x, ip.y], r)).length % 2 === 1);
      });
      if (kept.length === 0) return undefined;
      return toPolygonal((UnaryUnionOp as J).union(factory.buildGeometry(toJavaList(kept))));
    },

    intersection(a, b) {
      return toPolygonal((OverlayOp as J).intersection(toJsts(a), toJsts(b)));
    },
    difference(a, b) {
      return toPolygonal((OverlayOp as J).difference(toJsts(a), toJsts(b)));
    },
    union(gs) {
      if (gs.length === 0) return undefined;
      return toPolygonal((UnaryUnionOp as J).union(factory.buildGeometry(toJavaList(gs.map(toJsts)))));
    },
    intersects(a, b) {
      return (RelateOp as J).intersects(toJsts(a), toJsts(b));
    },
  };
}

function toJavaList(items: J[]): J {
  // GeometryFactory.buildGeometry takes a java.util.Collection; JSTS ships ArrayList.
  const list = new (ArrayList as J)();
  for (const it of items) list.add(it);
  return list;
}
