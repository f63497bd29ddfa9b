/**
 * Calls of the map pages: the map API (layers, features, history, search, overlay), the tile
 * config and the geometry tools (/api/geo/*). Geometries are GeoJSON in EPSG:4490.
 */
import { api, ApiError } from '../../app/api.ts';
import { currentLanguage } from '../../app/language.ts';

export interface Paint { fill: string; stroke: string }
export interface LayerStyle {
  field?: string;
  default: Paint;
  classes?: (Paint & { value: string; label: string; labelEn: string })[];
  radius?: number;
}
export interface AttributeDef { key: string; label: string; labelEn: string; type: string; unit?: string }

export interface MapLayer {
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  geometryType: string;
  visibility: 'public' | 'scoped';
  style: LayerStyle;
  attributeSchema: AttributeDef[];
  version: number;
  featureCount?: number;
  synthetic?: boolean;
  sourceNote?: string;
}

export interface Geometry { type: string; coordinates: unknown }

export interface MapFeature {
  id: number;
  layer?: string;
  code: string | null;
  name: string | null;
  properties: Record<string, unknown>;
  geometry?: Geometry;
  areaM2?: number | null;
  version?: number;
  updatedAt?: string;
}

export interface FeatureVersion {
  version: number;
  change: string;
  changedAt: string;
  changedBy?: string | number | null;
  changedByName?: string | null;
  properties?: Record<string, unknown>;
}

/** A search hit is a feature of GET /api/map/search (`layer` = layer code). */
export interface SearchHit {
  layer: string;
  id: number;
  code: string | null;
  name: string | null;
  properties?: Record<string, unknown>;
  geometry?: Geometry;
}

export interface MapConfig {
  tileUrl: string;
  maxZoom: number;
  /** Zoom range of each layer: the map draws a layer only inside it (below it the server aggregates). */
  layerZoom?: Record<string, { minZoom: number; maxZoom: number }>;
  basemap: { url: string; labelsUrl: string | null; attribution: string } | null;
}

export interface Area { areaM2: number; areaHa: number; areaMu: number }

/** Lists come as an array or as `{ items }`; accept both. */
function items<T>(x: unknown): T[] {
  if (Array.isArray(x)) return x as T[];
  const o = x as { items?: T[]; layers?: T[]; hits?: T[]; versions?: T[] } | null;
  return o?.items ?? o?.layers ?? o?.hits ?? o?.versions ?? [];
}

export const mapApi = {
  config: () => api.get<MapConfig>('/api/map/config'),
  layers: async () => items<MapLayer>(await api.get('/api/map/layers')),
  feature: (layer: string, id: number) => api.get<MapFeature>(`/api/map/layers/${encodeURIComponent(layer)}/features/${id}`),
  history: async (layer: string, id: number) => items<FeatureVersion>(await api.get(`/api/map/layers/${encodeURIComponent(layer)}/features/${id}/history`)),
  search: async (q: string) => items<SearchHit>(await api.get('/api/map/search', { q })),
  overlay: (geometry: Geometry) => api.post<Record<string, unknown>>('/api/map/overlay', { geometry }),
  area: (geometry: Geometry) => api.post<Area>('/api/geo/area', geometry),
  overlayPdf: (geometry: Geometry) => rawPost('/api/map/overlay/pdf', JSON.stringify({ geometry }), 'application/json'),
  /** POST /api/geo/convert with the raw file; returns the converted bytes. */
  convert: (body: Blob | string, from: GeoFormat, to: GeoFormat) =>
    rawPost(`/api/geo/convert?from=${from}&to=${to}`, body, from === 'geojson' ? 'application/geo+json' : 'application/octet-stream'),
};

export type GeoFormat = 'geojson' | 'redline-txt' | 'shapefile' | 'kml';

/** The format of an uploaded red-line file from its name. */
export function formatOfFile(name: string): GeoFormat | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'zip') return 'shapefile';
  if (ext === 'txt') return 'redline-txt';
  if (ext === 'kml' || ext === 'kmz') return 'kml'; // a KMZ is read as KML by the server
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  return null;
}

async function rawPost(path: string, body: Blob | string, contentType: string): Promise<Blob> {
  const res = await fetch(path, {
    method: 'POST', credentials: 'same-origin', body,
    headers: { 'Content-Type': contentType, 'Accept-Language': currentLanguage() },
  });
  if (!res.ok) {
    const data = await res.json().catch(() => null) as { error?: { code?: string; message?: string; field?: string } } | null;
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? 'http', e?.message ?? `${res.status} ${res.statusText}`, e?.field, { ...e });
  }
  return res.blob();
}

/** Saves a blob as a file download. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
