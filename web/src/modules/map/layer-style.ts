/** OpenLayers styles of the map layers from their legend (`style` of the layer registry). */
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import type { FeatureLike } from 'ol/Feature.js';
import type { LayerStyle, Paint } from './map-api.ts';

function toStyle(p: Paint, geometryType: string, radius: number): Style {
  const fill = new Fill({ color: p.fill });
  const stroke = new Stroke({ color: p.stroke, width: /Line/.test(geometryType) ? 2 : 1 });
  if (/Point/.test(geometryType)) return new Style({ image: new Circle({ radius, fill, stroke }) });
  return new Style({ fill, stroke });
}

/** A style function colouring features by `style.field` through the legend classes. */
export function layerStyleFunction(style: LayerStyle, geometryType: string): (f: FeatureLike) => Style {
  const radius = style.radius ?? 6;
  const fallback = toStyle(style.default ?? { fill: 'rgba(29,95,201,0.2)', stroke: '#1d5fc9' }, geometryType, radius);
  const byValue = new Map((style.classes ?? []).map((c) => [String(c.value), toStyle(c, geometryType, radius)]));
  const field = style.field;
  return (f) => {
    if (!field) return fallback;
    const v = f.get(field);
    return (v !== undefined && byValue.get(String(v))) || fallback;
  };
}

export const RED_LINE_STYLE = new Style({
  fill: new Fill({ color: 'rgba(230,30,30,0.12)' }),
  stroke: new Stroke({ color: '#e61e1e', width: 2.5 }),
  image: new Circle({ radius: 4, fill: new Fill({ color: '#e61e1e' }) }),
});

export const HIGHLIGHT_STYLE = new Style({
  fill: new Fill({ color: 'rgba(255,200,0,0.35)' }),
  stroke: new Stroke({ color: '#ff9800', width: 3 }),
  image: new Circle({ radius: 7, fill: new Fill({ color: 'rgba(255,152,0,0.7)' }), stroke: new Stroke({ color: '#ff9800', width: 2 }) }),
});

export const MEASURE_STYLE = new Style({
  fill: new Fill({ color: 'rgba(29,95,201,0.12)' }),
  stroke: new Stroke({ color: '#1d5fc9', width: 2, lineDash: [6, 4] }),
  image: new Circle({ radius: 4, fill: new Fill({ color: '#1d5fc9' }) }),
});
