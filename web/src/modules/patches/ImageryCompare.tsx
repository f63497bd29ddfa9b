/**
 * Before/after imagery of a patch (前后时相对比) with OpenLayers, as the map module uses it: two
 * maps side by side sharing one view, or one map with a swipe control (卷帘) over the patch. The
 * imagery comes from the batch's XYZ/WMTS URL templates; the patch outline is drawn on top.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Segmented, Slider, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Style from 'ol/style/Style.js';
import Stroke from 'ol/style/Stroke.js';
import type RenderEvent from 'ol/render/Event.js';
import 'ol/ol.css';

interface Props { before: string | null; after: string | null; geometry: unknown; synthetic: boolean; beforeDate: string; afterDate: string }

const outline = () => new VectorLayer({ source: new VectorSource(), style: new Style({ stroke: new Stroke({ color: '#ff2d2d', width: 2.5 }) }), zIndex: 10 });

export function ImageryCompare({ before, after, geometry, synthetic, beforeDate, afterDate }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'side' | 'swipe'>('side');
  const [swipe, setSwipe] = useState(50);
  const swipeRef = useRef(50);
  const leftEl = useRef<HTMLDivElement>(null);
  const rightEl = useRef<HTMLDivElement>(null);
  const maps = useRef<OlMap[]>([]);

  useEffect(() => {
    if (!leftEl.current || !before || !after) return;
    const feature = new GeoJSON().readFeature({ type: 'Feature', geometry, properties: {} }, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
    const view = new View({ center: [0, 0], zoom: 17, maxZoom: 20 });
    const mk = (el: HTMLDivElement, layers: TileLayer<XYZ>[]) => {
      const o = outline();
      o.getSource()!.addFeature(Array.isArray(feature) ? feature[0]! : feature);
      return new OlMap({ target: el, layers: [...layers, o], view });
    };
    const beforeLayer = new TileLayer({ source: new XYZ({ url: before, crossOrigin: 'anonymous' }) });
    const afterLayer = new TileLayer({ source: new XYZ({ url: after, crossOrigin: 'anonymous' }) });
    const created: OlMap[] = [];
    if (mode === 'side' && rightEl.current) {
      created.push(mk(leftEl.current, [beforeLayer]), mk(rightEl.current, [afterLayer]));
    } else {
      afterLayer.on('prerender', (e: RenderEvent) => {
        const ctx = e.context as CanvasRenderingContext2D;
        const x = (ctx.canvas.width * swipeRef.current) / 100;
        ctx.save(); ctx.beginPath(); ctx.rect(x, 0, ctx.canvas.width - x, ctx.canvas.height); ctx.clip();
      });
      afterLayer.on('postrender', (e: RenderEvent) => (e.context as CanvasRenderingContext2D).restore());
      created.push(mk(leftEl.current, [beforeLayer, afterLayer]));
    }
    const extent = (Array.isArray(feature) ? feature[0]! : feature).getGeometry()!.getExtent();
    view.fit(extent, { padding: [40, 40, 40, 40], maxZoom: 18 });
    maps.current = created;
    return () => { for (const m of created) m.setTarget(undefined); maps.current = []; };
  }, [before, after, geometry, mode]);

  useEffect(() => { swipeRef.current = swipe; for (const m of maps.current) m.render(); }, [swipe]);

  if (!before || !after) return <Alert type="info" showIcon title={t('patches.imagery.none')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented value={mode} onChange={(v) => setMode(v as 'side' | 'swipe')} options={[{ value: 'side', label: t('patches.imagery.side') }, { value: 'swipe', label: t('patches.imagery.swipe') }]} />
        {synthetic && <Tag color="orange">{t('patches.imagery.synthetic')}</Tag>}
      </Space>
      {mode === 'side' ? (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <figure style={{ flex: '1 1 240px', margin: 0 }}>
            <figcaption>{t('patches.imagery.before', { date: beforeDate })}</figcaption>
            <div ref={leftEl} data-testid="imagery-before" style={{ height: 260, border: '1px solid #d9d9d9' }} />
          </figure>
          <figure style={{ flex: '1 1 240px', margin: 0 }}>
            <figcaption>{t('patches.imagery.after', { date: afterDate })}</figcaption>
            <div ref={rightEl} data-testid="imagery-after" style={{ height: 260, border: '1px solid #d9d9d9' }} />
          </figure>
        </div>
      ) : (
        <>
          <div ref={leftEl} data-testid="imagery-swipe" style={{ height: 300, border: '1px solid #d9d9d9' }} />
          <Slider value={swipe} onChange={setSwipe} ariaLabelForHandle={t('patches.imagery.swipe')} tooltip={{ formatter: (v) => `${v}%` }} />
          <span>{t('patches.imagery.swipeHint', { before: beforeDate, after: afterDate })}</span>
        </>
      )}
    </Space>
  );
}
