/**
 * Click the map to place the point of a report; the lon/lat fields show it and can be typed.
 * Value `{lon, lat}` in degrees (CGCS2000), rounded to 6 decimals (~0.1 m). The map shows the
 * division boundaries with their names (and the basemap when one is configured), zooms to the
 * division chosen in the form, and warns when the point lies outside it.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import Feature from 'ol/Feature.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import { Circle, Fill, Stroke, Style } from 'ol/style.js';
import type OlMap from 'ol/Map.js';
import { addOrientation, createBaseMap } from './base-map.ts';
import { boundaryFor, containsPoint, extentOf, loadOrientation, type Orientation } from './division-boundaries.ts';

export interface LonLat { lon: number; lat: number }

interface Props {
  value?: LonLat | null;
  onChange?: (v: LonLat | null) => void;
  /** The division chosen in the form (9- or 6-digit code): the map zooms to it and checks the point against it. */
  divisionCode?: string | null;
  /** Initial centre when no point is set. */
  center?: [number, number];
  zoom?: number;
  height?: number;
  readOnly?: boolean;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const PIN = new Style({ image: new Circle({ radius: 8, fill: new Fill({ color: '#e8473c' }), stroke: new Stroke({ color: '#fff', width: 2 }) }) });

export function MapPointPicker({ value, onChange, divisionCode, center = [106.9, 27.6], zoom = 8, height = 320, readOnly }: Props) {
  const { t } = useTranslation();
  const [orientation, setOrientation] = useState<Orientation | null>(null);
  const [fitted, setFitted] = useState<string | null>(null);
  const selected = useRef<string | null>(null);
  const boundaries = useRef<VectorSource | null>(null);
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
    let live = true;
    void loadOrientation().then((o) => {
      if (!live) return;
      boundaries.current = addOrientation(m, o, () => selected.current);
      // Nothing chosen yet: show the area the boundaries cover rather than a bare graticule.
      const all = boundaries.current.getExtent();
      if (!value && o.boundaries.length && all) m.getView().fit(all, { padding: [16, 16, 16, 16] });
      setOrientation(o);
    });
    return () => {
      live = false;
      m.setTarget(undefined);
      map.current = null;
    };
    // The map is built once; the point follows `value` below.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const chosen = orientation ? boundaryFor(orientation.boundaries, divisionCode) : null;
  // Zoom to the chosen division (or the nearest one above it with a boundary) and highlight it.
  useEffect(() => {
    selected.current = chosen?.boundary.code ?? null;
    boundaries.current?.changed();
    if (!chosen || readOnly || !map.current) return;
    map.current.getView().fit(extentOf(chosen.boundary), { padding: [24, 24, 24, 24] });
    setFitted(chosen.boundary.code);
  }, [chosen?.boundary.code, readOnly]); // eslint-disable-line react-hooks/exhaustive-deps
  const outside = !!(value && chosen && !containsPoint(chosen.boundary, value.lon, value.lat));

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
      <div ref={div} data-testid="map-point-picker" data-boundaries={orientation?.boundaries.length ?? ''} data-fitted={fitted ?? ''} style={{ height, border: '1px solid #d9d9d9', borderRadius: 6, background: '#f7f9fc', cursor: readOnly ? 'default' : 'crosshair' }} />
      <Space style={{ marginTop: 8 }} wrap>
        <label htmlFor="point-lon">{t('tipoffs.map.lon')}</label>
        <InputNumber id="point-lon" data-testid="point-lon" value={value?.lon ?? null} min={73} max={136} step={0.0001} precision={6} disabled={readOnly}
          onChange={(v) => set('lon', v)} style={{ width: 150 }} />
        <label htmlFor="point-lat">{t('tipoffs.map.lat')}</label>
        <InputNumber id="point-lat" data-testid="point-lat" value={value?.lat ?? null} min={3} max={54} step={0.0001} precision={6} disabled={readOnly}
          onChange={(v) => set('lat', v)} style={{ width: 150 }} />
        {!readOnly && <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{t('tipoffs.map.hint')}</span>}
      </Space>
      {!readOnly && divisionCode && orientation && (!chosen || !chosen.exact) && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} data-testid="division-no-boundary">
          {chosen ? t('tipoffs.map.parentBoundary', { name: chosen.boundary.name }) : t('tipoffs.map.noBoundary')}
        </Typography.Paragraph>
      )}
      {!readOnly && outside && (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} data-testid="point-outside"
          message={t('tipoffs.map.outside', { name: chosen!.boundary.name })} />
      )}
      {orientation?.synthetic && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }} data-testid="boundaries-synthetic">
          {t('tipoffs.map.synthetic')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
