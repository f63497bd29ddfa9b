/**
 * Kysely types of the map schema (migration 0300_map_layers.sql). Geometries are GeoJSON in
 * EPSG:4490; `bbox` is a Postgres `box` written as '((maxLon,maxLat),(minLon,minLat))' text.
 */
import type { ColumnType, Generated } from 'kysely';
import type { Geometry } from '../../platform/geo/index.ts';

type Json<T> = ColumnType<T, string | T, string | T>;

export type LayerKind = 'boundary' | 'cadastre' | 'landuse' | 'plan' | 'protection' | 'mining' | 'hazard' | 'approval' | 'supply' | 'other';
export type LayerVisibility = 'public' | 'scoped';
export type LayerGeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon';
export type FeatureChange = 'create' | 'update' | 'delete';

/** One attribute of a layer's schema (属性结构). */
export interface AttributeDef {
  key: string;
  label: string;
  labelEn: string;
  type: 'text' | 'number' | 'date' | 'code';
  unit?: string;
}

/** Fill and stroke of a legend entry, CSS colours (e.g. '#f5d76e' or 'rgba(…)'). */
export interface Paint { fill: string; stroke: string }

/** Legend (图例): `classes` colour features by `properties[field]`; `default` for the rest. */
export interface LayerStyle {
  field?: string;
  default: Paint;
  classes?: (Paint & { value: string; label: string; labelEn: string })[];
  /** Point layers: marker radius in pixels. */
  radius?: number;
}

export interface LayersTable {
  id: Generated<number>;
  code: string;
  name: string;
  nameEn: string;
  kind: LayerKind;
  geometryType: LayerGeometryType;
  attributeSchema: Json<AttributeDef[]>;
  visibility: LayerVisibility;
  orgPath: string;
  synthetic: Generated<boolean>;
  sourceNote: Generated<string>;
  style: Json<LayerStyle>;
  sortOrder: Generated<number>;
  featureCount: Generated<number>;
  version: Generated<number>;
  /** Internet side: the sender's layer version held (exchange map.public_layer, migration 1072). */
  exchangedVersion: Generated<string | null>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
}

export interface FeaturesTable {
  id: Generated<number>;
  layerId: number;
  code: string | null;
  name: string | null;
  properties: Json<Record<string, unknown>>;
  geom: Json<Geometry>;
  /** Postgres box text; write `'(minLon,minLat),(maxLon,maxLat)'`. */
  bbox: string;
  areaM2: number | null;
  isPublic: boolean;
  orgPath: string;
  version: Generated<number>;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
}

export interface FeatureVersionsTable {
  id: Generated<number>;
  featureId: number;
  layerId: number;
  version: number;
  change: FeatureChange;
  code: string | null;
  properties: Json<Record<string, unknown>>;
  geom: Json<Geometry>;
  isPublic: boolean;
  orgPath: string;
  changedBy: number | null;
  changedAt: Generated<Date>;
}

export interface MapTables {
  'map.layers': LayersTable;
  'map.features': FeaturesTable;
  'map.feature_versions': FeatureVersionsTable;
}
