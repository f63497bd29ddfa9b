/**
 * An OpenLayers map without a basemap (none is configured and the portal must not call
 * third-party tile servers): a lon/lat graticule and the outline of China's extent, in
 * EPSG:4326 (CGCS2000 lon/lat differs from it by centimetres, far below what a click picks).
 */
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Feature from 'ol/Feature.js';
import Graticule from 'ol/layer/Graticule.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { fromExtent } from 'ol/geom/Polygon.js';
import { Stroke, Style } from 'ol/style.js';
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
