/** Shared by the readers and writers: structural checks of GeoJSON and attribute aliases. */
import { AppError } from '../../http/errors.ts';
import type { Geometry, Position, Properties, Ring } from '../geo.types.ts';

function bad(field: string, message: string): AppError {
  return new AppError('geo.file_invalid', `${field}: ${message}`, { field });
}

function position(p: unknown, field: string): Position {
  if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
    throw bad(field, `${JSON.stringify(p)?.slice(0, 60)} is not a position [x, y]`);
  }
  return [p[0] as number, p[1] as number]; // heights are dropped: areas are on the ellipsoid
}

function positions(a: unknown, field: string): Position[] {
  if (!Array.isArray(a)) throw bad(field, 'expected an array of positions');
  return a.map((p, i) => position(p, `${field}[${i}]`));
}

function rings(a: unknown, field: string): Ring[] {
  if (!Array.isArray(a) || a.length === 0) throw bad(field, 'a polygon needs at least one ring');
  return a.map((r, i) => positions(r, `${field}[${i}]`));
}

/** Checks a GeoJSON geometry's structure; 2D positions; collections of one kind become Multi*. */
export function normaliseGeometry(raw: unknown, field: string): Geometry {
  if (!raw || typeof raw !== 'object') throw bad(field, 'missing geometry');
  const g = raw as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const c = `${field}.coordinates`;
  switch (g.type) {
    case 'Point': return { type: 'Point', coordinates: position(g.coordinates, c) };
    case 'MultiPoint': return { type: 'MultiPoint', coordinates: positions(g.coordinates, c) };
    case 'LineString': return { type: 'LineString', coordinates: positions(g.coordinates, c) };
    case 'MultiLineString':
      if (!Array.isArray(g.coordinates)) throw bad(c, 'expected an array of lines');
      return { type: 'MultiLineString', coordinates: g.coordinates.map((l, i) => positions(l, `${c}[${i}]`)) };
    case 'Polygon': return { type: 'Polygon', coordinates: rings(g.coordinates, c) };
    case 'MultiPolygon':
      if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) throw bad(c, 'expected an array of polygons');
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p, i) => rings(p, `${c}[${i}]`)) };
    case 'GeometryCollection': {
      if (!Array.isArray(g.geometries)) throw bad(`${field}.geometries`, 'expected an array');
      const parts = g.geometries.map((x, i) => normaliseGeometry(x, `${field}.geometries[${i}]`));
      if (parts.length > 0 && parts.every((p) => p.type === 'Polygon' || p.type === 'MultiPolygon')) {
        return { type: 'MultiPolygon', coordinates: parts.flatMap((p) => (p.type === 'Polygon' ? [p.coordinates] : p.type === 'MultiPolygon' ? p.coordinates : [])) };
      }
      if (parts.length > 0 && parts.every((p) => p.type === 'LineString')) {
        return { type: 'MultiLineString', coordinates: parts.map((p) => (p as { coordinates: Position[] }).coordinates) };
      }
      if (parts.length > 0 && parts.every((p) => p.type === 'Point')) {
        return { type: 'MultiPoint', coordinates: parts.map((p) => (p as { coordinates: Position }).coordinates) };
      }
      throw new AppError('geo.geometry_unsupported', `${field}: a GeometryCollection mixing kinds is not supported`, { field });
    }
    default:
      throw bad(`${field}.type`, `"${String(g.type)}" is not a GeoJSON geometry type`);
  }
}

/** Property names read as a parcel's number / name / use / land class, in order of preference. */
const ALIASES = {
  code: ['code', '地块编号', 'DKBH', 'dkbh', 'BH', 'parcelCode', 'CODE', 'ZDDM', 'zddm'],
  name: ['name', '地块名称', 'DKMC', 'dkmc', 'MC', 'NAME', 'Name'],
  use: ['use', '地块用途', 'DKYT', 'dkyt', 'YT'],
  landClass: ['landClass', '地类编号', 'DLBM', 'dlbm', 'landclass'],
  sheet: ['sheet', '图幅号', 'TFH', 'tfh'],
} as const;

export function attribute(props: Properties, key: keyof typeof ALIASES): string {
  for (const k of ALIASES[key]) {
    const v = props[k];
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  return '';
}
