/**
 * Heat map of reports on the basemap-free OpenLayers map: each grid cell from the server is a
 * square shaded by its count (vector, no WebGL needed, so it works on any office PC).
 */
import { useEffect, useRef } from 'react';
import Feature from 'ol/Feature.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { fromExtent } from 'ol/geom/Polygon.js';
import { Fill, Stroke, Style, Text } from 'ol/style.js';
import type OlMap from 'ol/Map.js';
import { createBaseMap } from './base-map.ts';

interface Cell { lon: number; lat: number; count: number }

/** White → yellow → red by share of the largest count. */
function shade(share: number): string {
  const s = Math.max(0, Math.min(1, share));
  const g = Math.round(220 - 200 * s);
  return `rgba(230, ${g}, 30, ${0.35 + 0.5 * s})`;
}

export function HeatGrid({ cells, cell, height = 420 }: { cells: Cell[]; cell: number; height?: number }) {
  const div = useRef<HTMLDivElement>(null);
  const map = useRef<OlMap | null>(null);
  const source = useRef(new VectorSource());

  useEffect(() => {
    const m = createBaseMap(div.current!, [106.9, 27.6], 8);
    m.addLayer(new VectorLayer({ source: source.current }));
    map.current = m;
    return () => { m.setTarget(undefined); };
  }, []);

  useEffect(() => {
    const src = source.current;
    src.clear();
    const max = Math.max(1, ...cells.map((c) => c.count));
    for (const c of cells) {
      const h = cell / 2;
      const f = new Feature(fromExtent([c.lon - h, c.lat - h, c.lon + h, c.lat + h]));
      f.setStyle(new Style({
        fill: new Fill({ color: shade(c.count / max) }),
        stroke: new Stroke({ color: 'rgba(180,60,0,0.6)', width: 1 }),
        text: new Text({ text: String(c.count), font: '11px sans-serif' }),
      }));
      src.addFeature(f);
    }
    const extent = src.getExtent();
    if (cells.length > 0 && extent) map.current?.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 13 });
  }, [cells, cell]);

  return <div ref={div} data-testid="heat-grid" style={{ height, border: '1px solid #d9d9d9', borderRadius: 6, background: '#f7f9fc' }} />;
}
