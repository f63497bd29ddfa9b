/**
 * An OpenLayers map in EPSG:4326 (CGCS2000 lon/lat differs from it by centimetres, far below
 * what a click picks): a lon/lat graticule and the outline of China's extent to start with;
 * `addOrientation` then adds the configured basemap (MAP_BASEMAP_URL; the portal calls no
 * third-party tile server of its own accord) and the division boundaries with their names.
 */
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Feature from 'ol/Feature.js';
import Graticule from 'ol/layer/Graticule.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { fromExtent } from 'ol/geom/Polygon.js';
import { Fill, Stroke, Style, Text } from 'ol/style.js';
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import Polygon from 'ol/geom/Polygon.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import type { FeatureLike } from 'ol/Feature.js';
import type { Orientation } from './division-boundaries.ts';
import { defaults as defaultControls, ScaleLine } from 'ol/control.js';
import 'ol/ol.css';

/** Where a report may lie (the server checks the same box). */
export const CHINA_EXTENT: [number, number, number, number] = [73.5, 18, 135.1, 53.6];

export function createBaseMap(target: HTMLElement, center: [number, number], zoom: number): OlMap {
  const outline = new VectorLayer({
    source: new VectorSource({ features: [new Feature(fromExtent(CHINA_EXTENT))] }),
    style: new Style({ stroke: new Stroke({ color: '#1d5fc9', width: 1.5, lineDash: [6, 4] }) }),
  });
  return new OlMap({
    target,
    controls: defaultControls({ attribution: false }).extend([new ScaleLine()]),
    layers: [
      new Graticule({ strokeStyle: new Stroke({ color: 'rgba(0,0,0,0.18)', width: 1 }), showLabels: true, wrapX: false }),
      outline,
    ],
    view: new View({ projection: 'EPSG:4326', center, zoom, extent: [60, 5, 150, 60], constrainOnlyCenter: true }),
  });
}

/** Style of the division lines: the county bold, townships thin with their names; `selected` highlighted. */
function boundaryStyle(selected: () => string | null) {
  const cache = new Map<string, Style>();
  return (f: FeatureLike, resolution: number): Style => {
    const code = String(f.get('code'));
    const county = code.length <= 6;
    const chosen = selected() === code;
    // Township names from about 1:500,000 (resolution in degrees per pixel).
    const label = county ? resolution > 0.0015 : resolution < 0.0012;
    const key = `${code}|${chosen}|${label}`;
    let st = cache.get(key);
    if (!st) {
      st = new Style({
        stroke: new Stroke({ color: chosen ? '#e8590c' : '#7a3db8', width: chosen ? 3 : county ? 2.2 : 1, lineDash: county || chosen ? undefined : [4, 3] }),
        fill: new Fill({ color: chosen ? 'rgba(232,89,12,0.08)' : 'rgba(0,0,0,0)' }),
        zIndex: chosen ? 2 : county ? 1 : 0,
        text: label ? new Text({
          text: String(f.get('name')), font: `${county ? 600 : 400} ${county ? 14 : 12}px sans-serif`, overflow: true,
          fill: new Fill({ color: chosen ? '#b3400a' : '#4b2a73' }), stroke: new Stroke({ color: '#fff', width: 3 }),
        }) : undefined,
      });
      cache.set(key, st);
    }
    return st;
  };
}

/**
 * Adds the basemap (under everything) and the division boundaries; the graticule goes once
 * there are boundaries to orient by. Returns the boundaries' source (features carry `code`, `name`).
 */
export function addOrientation(m: OlMap, o: Orientation, selected: () => string | null): VectorSource {
  if (o.basemap) {
    m.getLayers().insertAt(0, new TileLayer({ source: new XYZ({ url: o.basemap.url, attributions: o.basemap.attribution || undefined, crossOrigin: 'anonymous' }) }));
    if (o.basemap.labelsUrl) m.addLayer(new TileLayer({ source: new XYZ({ url: o.basemap.labelsUrl }), zIndex: 5 }));
  }
  const source = new VectorSource({
    features: o.boundaries.map((b) => {
      const f = new Feature(b.rings.length === 1 ? new Polygon(b.rings[0]!) : new MultiPolygon(b.rings));
      f.setProperties({ code: b.code, name: b.name });
      return f;
    }),
  });
  if (o.boundaries.length) {
    const graticules = m.getLayers().getArray().filter((l) => l instanceof Graticule);
    for (const l of graticules) m.removeLayer(l);
    m.addLayer(new VectorLayer({ source, style: boundaryStyle(selected), zIndex: 1, declutter: true }));
  }
  return source;
}
