/**
 * Click the map to place the point of a report; the lon/lat fields show it and can be typed.
 * Value `{lon, lat}` in degrees (CGCS2000), rounded to 6 decimals (~0.1 m).
 */
import { useEffect, useRef } from 'react';
import { InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import type OlMap from 'ol/Map.js';
import { createBaseMap } from './base-map.ts';

export interface LonLat { lon: number; lat: number }

interface Props {
  value?: LonLat | null;
  onChange?: (v: LonLat | null) => void;
  /** Initial centre when no point is set. */
  center?: [number, number];
  zoom?: number;
  height?: number;
  readOnly?: boolean;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const PIN = new Style({ image: new Circle({ radius: 8, fill: new Fill({ color: '#e8473c' }), stroke: new Stroke({ color: '#fff', width: 2 }) }) });

export function MapPointPicker({ value, onChange, center = [106.9, 27.6], zoom = 8, height = 320, readOnly }: Props) {
  const { t } = useTranslation();
  const div = useRef<HTMLDivElement>(null);
  const map = useRef<OlMap | null>(null);
  const source = useRef(new VectorSource());
  const change = useRef(onChange);
  change.current = onChange;

  useEffect(() => {
    const m = createBaseMap(div.current!, value ? [value.lon, value.lat] : center, zoom);
    m.addLayer(new VectorLayer({ source: source.current, style: PIN }));
    if (!readOnly) {
      m.on('singleclick', (e) => {
        const [lon, lat] = e.coordinate as [number, number];
        change.current?.({ lon: round6(lon), lat: round6(lat) });
      });
    }
    map.current = m;
    return () => {
      m.setTarget(undefined);
      map.current = null;
    };
    // The map is built once; the point follows `value` below.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    source.current.clear();
    if (value) source.current.addFeature(new Feature(new Point([value.lon, value.lat])));
  }, [value]);

  const set = (k: 'lon' | 'lat', v: number | null) => {
    if (v === null) return onChange?.(null);
    const next = { lon: value?.lon ?? center[0], lat: value?.lat ?? center[1], [k]: v };
    onChange?.(next);
    map.current?.getView().setCenter([next.lon, next.lat]);
  };

  return (
    <div>
      <div ref={div} data-testid="map-point-picker" style={{ height, border: '1px solid #d9d9d9', borderRadius: 6, background: '#f7f9fc', cursor: readOnly ? 'default' : 'crosshair' }} />
      <Space style={{ marginTop: 8 }} wrap>
        <label htmlFor="point-lon">{t('tipoffs.map.lon')}</label>
        <InputNumber id="point-lon" data-testid="point-lon" value={value?.lon ?? null} min={73} max={136} step={0.0001} precision={6} disabled={readOnly}
          onChange={(v) => set('lon', v)} style={{ width: 150 }} />
        <label htmlFor="point-lat">{t('tipoffs.map.lat')}</label>
        <InputNumber id="point-lat" data-testid="point-lat" value={value?.lat ?? null} min={3} max={54} step={0.0001} precision={6} disabled={readOnly}
          onChange={(v) => set('lat', v)} style={{ width: 150 }} />
        {!readOnly && <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{t('tipoffs.map.hint')}</span>}
      </Space>
    </div>
  );
}
