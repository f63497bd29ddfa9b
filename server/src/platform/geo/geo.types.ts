/**
 * GeoJSON shapes used across the geometry platform. Coordinates are [lon, lat] in EPSG:4490
 * (CGCS2000) unless a function says otherwise; projected coordinates are [easting, northing].
 */
export type Position = number[];
export type Ring = Position[];

export interface PointGeometry { type: 'Point'; coordinates: Position }
export interface LineStringGeometry { type: 'LineString'; coordinates: Position[] }
export interface PolygonGeometry { type: 'Polygon'; coordinates: Ring[] }
export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: Ring[][] }
export interface MultiLineStringGeometry { type: 'MultiLineString'; coordinates: Position[][] }
export interface MultiPointGeometry { type: 'MultiPoint'; coordinates: Position[] }

export type Geometry =
  | PointGeometry | LineStringGeometry | PolygonGeometry
  | MultiPolygonGeometry | MultiLineStringGeometry | MultiPointGeometry;
export type Polygonal = PolygonGeometry | MultiPolygonGeometry;

export type Properties = Record<string, unknown>;

export interface Feature<G extends Geometry = Geometry> {
  type: 'Feature';
  id?: string | number;
  geometry: G;
  properties: Properties;
}

export interface FeatureCollection<G extends Geometry = Geometry> {
  type: 'FeatureCollection';
  features: Feature<G>[];
}

/** A problem found while reading a file or checking a geometry; `line` for text formats. */
export interface GeoWarning {
  code: string;
  message: string;
  line?: number;
  feature?: number;
}

/** What every reader returns: features in EPSG:4490 plus what was noticed on the way. */
export interface ReadResult {
  features: Feature[];
  warnings: GeoWarning[];
  /** The CRS the file's coordinates were in (EPSG code), for information. */
  sourceCrs: number;
}

/** Polygon rings of a polygonal geometry as a list of polygons. */
export function polygonsOf(g: Polygonal): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}
