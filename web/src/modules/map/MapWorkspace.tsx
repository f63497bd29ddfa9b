/**
 * The one map (一张图) page body, shared by the workbench page and the public map: layer tree,
 * search, the map, and a side panel for identify results and the overlay report. `staff` adds
 * feature history, red lines (draw or upload), the overlay analysis, its PDF and red-line export.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Dropdown, Input, List, Segmented, Space, Tooltip, Typography, Upload } from 'antd';
import {
  AimOutlined, ClearOutlined, CloseOutlined, DownloadOutlined, EditOutlined, ExperimentOutlined, FilePdfOutlined, UploadOutlined,
  ColumnWidthOutlined, BorderOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { showError } from '../../app/errors.ts';
import { download, formatOfFile, mapApi, type Area, type Geometry, type MapConfig, type MapLayer, type SearchHit } from './map-api.ts';
import { MapController, type PickedFeature, type Tool } from './map-controller.ts';
import { LayerTree } from './LayerTree.tsx';
import { IdentifyPanel } from './IdentifyPanel.tsx';
import { OverlayResult, overlayGeometries, type OverlayReport } from './OverlayResult.tsx';

type Panel = { kind: 'identify'; picked: PickedFeature } | { kind: 'overlay'; report: OverlayReport } | null;
type Measure = { kind: 'length'; meters: number } | { kind: 'area'; area: Area } | null;

/** One geometry for the overlay from the red-line parts: a MultiPolygon when there are several. */
function combine(parts: Geometry[]): Geometry | null {
  const polys = parts.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? (g.coordinates as unknown[]) : []));
  if (polys.length === 0) return null;
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

export function MapWorkspace({ mode, height }: { mode: 'staff' | 'public'; height: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const { message } = App.useApp();
  const staff = mode === 'staff';
  const target = useRef<HTMLDivElement>(null);
  const ctl = useRef<MapController | null>(null);
  const [config, setConfig] = useState<MapConfig | null>(null);
  const [layers, setLayers] = useState<MapLayer[]>([]);
  const [visible, setVisible] = useState<Set<string>>(new Set());
  const [tool, setTool] = useState<Tool>('identify');
  const [panel, setPanel] = useState<Panel>(null);
  const [redline, setRedline] = useState<Geometry[]>([]);
  const [redlineArea, setRedlineArea] = useState<Area | null>(null);
  const [measure, setMeasure] = useState<Measure>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  // Config and layers first, then the map (the basemap is part of its construction).
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [cfg, all] = await Promise.all([mapApi.config(), mapApi.layers()]);
        if (!live) return;
        const shown = staff ? all : all.filter((l) => l.visibility === 'public');
        setConfig(cfg);
        setLayers(shown);
        // Boundaries, parcels and the plan on at start; the rest on demand.
        setVisible(new Set(shown.filter((l, i) => ['boundary', 'cadastre', 'plan'].includes(l.kind) || i < 2).map((l) => l.code)));
      } catch (e) {
        if (live) setLoadError(showError(t, e, message));
      }
    })();
    return () => { live = false; };
  }, [staff]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!config || !target.current) return;
    const c = new MapController(target.current, config);
    ctl.current = c;
    return () => {
      c.dispose();
      ctl.current = null;
    };
  }, [config]);

  useEffect(() => {
    if (ctl.current && config) ctl.current.setLayers(layers, visible, config.tileUrl);
  }, [layers, visible, config]);

  useEffect(() => {
    const c = ctl.current;
    if (!c) return;
    c.onPick = (p) => setPanel(p ? { kind: 'identify', picked: p } : null);
    c.onRedline = (g) => { if (g) void acceptRedline([g], false); };
    c.onMeasure = (m) => {
      if (m.kind === 'length') setMeasure(m);
      else mapApi.area(m.geometry).then((area) => setMeasure({ kind: 'area', area }), (e) => showError(t, e, message));
    };
  });

  // Only on a change of tool: a new Draw interaction would drop the sketch in progress.
  useEffect(() => {
    ctl.current?.setTool(tool);
  }, [tool, config]);

  async function acceptRedline(parts: Geometry[], fromFile: boolean) {
    setRedline(parts);
    if (fromFile) ctl.current?.setRedline(parts);
    const g = combine(parts);
    setRedlineArea(null);
    if (g) {
      try {
        setRedlineArea(await mapApi.area(g));
      } catch (e) {
        showError(t, e, message);
      }
    }
  }

  async function upload(file: File) {
    const from = formatOfFile(file.name);
    if (!from) {
      message.error(t('map.redline.unknownFormat'));
      return;
    }
    setBusy('upload');
    try {
      const out = await mapApi.convert(file, from, 'geojson');
      const fc = JSON.parse(await out.text()) as { features: { geometry: Geometry }[] };
      const parts = fc.features.map((f) => f.geometry).filter((g) => g.type === 'Polygon' || g.type === 'MultiPolygon');
      if (parts.length === 0) throw new Error(t('map.redline.noPolygon'));
      setTool('identify');
      await acceptRedline(parts, true);
      message.success(t('map.redline.loaded', { count: parts.length }));
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(null);
    }
  }

  async function runOverlay() {
    const g = combine(redline);
    if (!g) return;
    setBusy('overlay');
    try {
      const report = await mapApi.overlay(g) as unknown as OverlayReport;
      setPanel({ kind: 'overlay', report });
      ctl.current?.setHighlight(overlayGeometries(report));
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(null);
    }
  }

  async function overlayPdf() {
    const g = combine(redline);
    if (!g) return;
    setBusy('pdf');
    try {
      download(await mapApi.overlayPdf(g), `overlay-${new Date().toISOString().slice(0, 10)}.pdf`);
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(null);
    }
  }

  async function exportRedline(to: 'geojson' | 'redline-txt') {
    const fc = { type: 'FeatureCollection', features: redline.map((g, i) => ({ type: 'Feature', geometry: g, properties: { code: `DK-${i + 1}`, name: `地块${i + 1}` } })) };
    setBusy('export');
    try {
      const out = await mapApi.convert(JSON.stringify(fc), 'geojson', to);
      download(out, to === 'geojson' ? 'redline.geojson' : 'redline.txt');
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(null);
    }
  }

  async function search(q: string) {
    if (!q.trim()) {
      setHits(null);
      return;
    }
    try {
      setHits(await mapApi.search(q.trim()));
    } catch (e) {
      showError(t, e, message);
    }
  }

  function openHit(h: SearchHit) {
    if (h.geometry) ctl.current?.setHighlight([h.geometry], true);
    setVisible((v) => new Set(v).add(h.layer));
    setPanel({ kind: 'identify', picked: { layerCode: h.layer, id: h.id, properties: {} } });
  }

  /** Highlights one feature of a report row and zooms to it; the report stays open. */
  async function highlightFeature(layerCode: string, id: number) {
    try {
      const f = await mapApi.feature(layerCode, id);
      if (f.geometry) ctl.current?.setHighlight([f.geometry], true);
    } catch (e) {
      showError(t, e, message);
    }
  }

  function clearAll() {
    ctl.current?.clearRedline();
    setRedline([]);
    setRedlineArea(null);
    setMeasure(null);
    if (panel?.kind === 'overlay') setPanel(null);
  }

  const layerOf = useMemo(() => new Map(layers.map((l) => [l.code, l])), [layers]);
  const pickedLayer = panel?.kind === 'identify' ? layerOf.get(panel.picked.layerCode) : undefined;
  const tools: { value: Tool; label: string; icon: React.ReactNode }[] = [
    { value: 'identify', label: t('map.tools.identify'), icon: <AimOutlined /> },
    ...(staff ? [{ value: 'redline' as Tool, label: t('map.tools.redline'), icon: <EditOutlined /> }] : []),
    { value: 'length', label: t('map.tools.length'), icon: <ColumnWidthOutlined /> },
    { value: 'area', label: t('map.tools.area'), icon: <BorderOutlined /> },
  ];

  if (loadError) return <Alert type="error" showIcon message={loadError} />;
  return (
    <div style={{ display: 'flex', height, minHeight: 480, gap: 12 }}>
      <Card size="small" style={{ width: 280, flex: 'none', overflow: 'auto' }} styles={{ body: { padding: 8 } }}>
        {staff && (
          <>
            <Input.Search data-testid="map-search" allowClear placeholder={t('map.search.placeholder')} onSearch={search} style={{ marginBottom: 8 }} />
            {hits && (
              <List size="small" bordered style={{ marginBottom: 8 }} locale={{ emptyText: t('map.search.none') }}
                dataSource={hits}
                renderItem={(h) => (
                  <List.Item style={{ cursor: 'pointer' }} onClick={() => openHit(h)} data-testid="search-hit">
                    <div>
                      <div>{h.code ?? h.name ?? `#${h.id}`}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[layerOf.get(h.layer)?.[en ? 'nameEn' : 'name'] ?? h.layer, h.properties?.zl ?? h.name].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    </div>
                  </List.Item>
                )} />
            )}
          </>
        )}
        <Typography.Text strong>{t('map.layerTree.title')}</Typography.Text>
        <LayerTree layers={layers} visible={visible} onToggle={(code, on) => setVisible((v) => {
          const n = new Set(v);
          if (on) n.add(code);
          else n.delete(code);
          return n;
        })} />
      </Card>
      <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
        <Space wrap>
          <Segmented data-testid="map-tools" value={tool} onChange={(v) => setTool(v as Tool)}
            options={tools.map((x) => ({ value: x.value, label: <span data-testid={`tool-${x.value}`}>{x.icon} {x.label}</span> }))} />
          {staff && (
            <>
              <Upload accept=".zip,.txt,.kml,.geojson,.json" showUploadList={false} beforeUpload={(f) => { void upload(f); return false; }}>
                <Button icon={<UploadOutlined />} loading={busy === 'upload'} data-testid="redline-upload">{t('map.redline.upload')}</Button>
              </Upload>
              <Button type="primary" icon={<ExperimentOutlined />} disabled={redline.length === 0} loading={busy === 'overlay'} onClick={runOverlay} data-testid="run-overlay">
                {t('map.overlay.run')}
              </Button>
              <Button icon={<FilePdfOutlined />} disabled={redline.length === 0} loading={busy === 'pdf'} onClick={overlayPdf}>{t('map.overlay.pdf')}</Button>
              <Dropdown disabled={redline.length === 0} menu={{
                items: [{ key: 'geojson', label: 'GeoJSON' }, { key: 'redline-txt', label: t('map.redline.txt') }],
                onClick: ({ key }) => void exportRedline(key as 'geojson' | 'redline-txt'),
              }}>
                <Button icon={<DownloadOutlined />} loading={busy === 'export'}>{t('map.redline.export')}</Button>
              </Dropdown>
            </>
          )}
          <Tooltip title={t('map.tools.clearHint')}>
            <Button icon={<ClearOutlined />} onClick={clearAll}>{t('map.tools.clear')}</Button>
          </Tooltip>
        </Space>
        {(redlineArea || measure) && (
          <Space wrap size="large" data-testid="map-figures">
            {redlineArea && (
              <Typography.Text data-testid="redline-area">
                <span style={{ color: '#e61e1e' }}>■</span> {t('map.redline.area')}: {t('map.area.value', { m2: redlineArea.areaM2.toFixed(2), ha: redlineArea.areaHa.toFixed(4), mu: redlineArea.areaMu.toFixed(2) })}
              </Typography.Text>
            )}
            {measure?.kind === 'length' && <Typography.Text data-testid="measure-result">{t('map.measure.length', { m: measure.meters.toFixed(1) })}</Typography.Text>}
            {measure?.kind === 'area' && (
              <Typography.Text data-testid="measure-result">
                {t('map.measure.area')}: {t('map.area.value', { m2: measure.area.areaM2.toFixed(2), ha: measure.area.areaHa.toFixed(4), mu: measure.area.areaMu.toFixed(2) })}
              </Typography.Text>
            )}
          </Space>
        )}
        <div ref={target} data-testid="map-canvas" style={{ flex: 1, minHeight: 400, border: '1px solid #d9d9d9', borderRadius: 6, background: '#f4f6f8', position: 'relative' }} />
        {!config?.basemap && config && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('map.noBasemap')}</Typography.Text>
        )}
      </div>
      {panel && (
        <Card
          size="small" style={{ width: panel.kind === 'overlay' ? 560 : 400, flex: 'none', overflow: 'auto' }}
          title={panel.kind === 'overlay' ? t('map.overlay.title') : t('map.identify.title')}
          extra={<Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('map.close')} onClick={() => setPanel(null)} />}
        >
          {panel.kind === 'identify' && pickedLayer && <IdentifyPanel layer={pickedLayer} id={panel.picked.id} withHistory={staff} />}
          {panel.kind === 'overlay' && <OverlayResult report={panel.report} onPick={highlightFeature} />}
        </Card>
      )}
    </div>
  );
}
