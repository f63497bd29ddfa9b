/**
 * The one map (一张图) page body, shared by the workbench page and the public map: layer tree,
 * search, the map, and a side panel for identify results and the overlay report. `staff` adds
 * feature history, red lines (draw or upload), the overlay analysis, its PDF and red-line export.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { Alert, App, Button, Card, Drawer, Dropdown, Input, List, Segmented, Space, Tooltip, Typography, Upload } from 'antd';
import {
  AimOutlined, ClearOutlined, CloseOutlined, DownloadOutlined, EditOutlined, ExperimentOutlined, FilePdfOutlined, UploadOutlined,
  ColumnWidthOutlined, BorderOutlined, UnorderedListOutlined,
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

/** The width of an element, followed as it changes. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [w, setW] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setW(Math.round(e!.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}

/**
 * Layout by the space the workspace has, so that the map keeps at least MAP_MIN px: the result
 * panel beside the map from SIDE_BY_SIDE px (below it on a phone), the layer tree beside it
 * while it fits, else in a drawer behind the 图层 button; the secondary tools become icons
 * (with their names as tooltips and accessible names) when the toolbar is short of room.
 */
const MAP_MIN = 560, TREE_W = 260, GAP = 12, SIDE_BY_SIDE = 900;
const PANEL_W = { overlay: 440, identify: 360 } as const;

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
  const root = useRef<HTMLDivElement>(null);
  const width = useWidth(root);
  const [treeOpen, setTreeOpen] = useState(false);
  const sideBySide = width === 0 || width >= SIDE_BY_SIDE;
  const panelW = panel && sideBySide ? PANEL_W[panel.kind] + GAP : 0;
  const treeInline = sideBySide && (width === 0 || width - panelW - TREE_W - GAP >= MAP_MIN);
  const mapColumn = width - panelW - (treeInline ? TREE_W + GAP : 0);
  const compact = width > 0 && mapColumn < 820;
  const iconTools = width > 0 && mapColumn < 520;

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
    const c = new MapController(target.current, config, { zoomIn: t('map.controls.zoomIn'), zoomOut: t('map.controls.zoomOut'), rotate: t('map.controls.rotate'), attribution: t('map.controls.attribution') });
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

  // The result panel takes room from the map: fit the view to the red line once the map has its new size.
  const overlayReport = panel?.kind === 'overlay' ? panel.report : null;
  useEffect(() => {
    if (!overlayReport) return;
    const id = setTimeout(() => ctl.current?.fitRedline(), 60);
    return () => clearTimeout(id);
  }, [overlayReport, treeInline, sideBySide]);

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
  const treeContent = (
    <>
      {staff && (
        <>
          <Input.Search data-testid="map-search" allowClear placeholder={t('map.search.placeholder')} onSearch={search} style={{ marginBottom: 8 }} />
          {hits && (
            <List size="small" bordered style={{ marginBottom: 8 }} locale={{ emptyText: t('map.search.none') }}
              dataSource={hits}
              renderItem={(h) => (
                <List.Item style={{ cursor: 'pointer' }} onClick={() => { setTreeOpen(false); openHit(h); }} data-testid="search-hit">
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
    </>
  );
  // A secondary tool: its name beside the icon, or only as tooltip and accessible name when room is short.
  const named = (label: string, button: React.ReactElement<{ children?: React.ReactNode }>) => (compact ? <Tooltip title={label}>{button}</Tooltip> : button);
  return (
    <div ref={root} data-testid="map-workspace" data-layout={sideBySide ? 'side' : 'stacked'}
      style={{ display: 'flex', flexDirection: sideBySide ? 'row' : 'column', height: sideBySide ? height : undefined, minHeight: 480, gap: GAP }}>
      {treeInline && (
        <Card size="small" style={{ width: TREE_W, flex: 'none', overflow: 'auto' }} styles={{ body: { padding: 8 } }}>{treeContent}</Card>
      )}
      <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 8, ...(sideBySide ? {} : { height: 'min(70vh, 640px)', flex: 'none' }) }}>
        <Space wrap size={[8, 8]} data-testid="map-toolbar">
          {!treeInline && (
            <Button icon={<UnorderedListOutlined />} onClick={() => setTreeOpen(true)} data-testid="layers-toggle" aria-label={t('map.layerTree.title')}>
              {iconTools ? null : t('map.layerTree.title')}
            </Button>
          )}
          <Segmented data-testid="map-tools" value={tool} onChange={(v) => setTool(v as Tool)}
            options={tools.map((x) => ({
              value: x.value, title: x.label,
              label: <span data-testid={`tool-${x.value}`} aria-label={iconTools ? x.label : undefined}>{x.icon}{iconTools ? null : ` ${x.label}`}</span>,
            }))} />
          {staff && (
            <>
              <Upload accept=".zip,.txt,.kml,.geojson,.json" showUploadList={false} beforeUpload={(f) => { void upload(f); return false; }}>
                {named(t('map.redline.upload'), <Button icon={<UploadOutlined />} loading={busy === 'upload'} data-testid="redline-upload" aria-label={t('map.redline.upload')}>{compact ? null : t('map.redline.upload')}</Button>)}
              </Upload>
              <Button type="primary" icon={<ExperimentOutlined />} disabled={redline.length === 0} loading={busy === 'overlay'} onClick={runOverlay} data-testid="run-overlay">
                {t('map.overlay.run')}
              </Button>
              {named(t('map.overlay.pdf'), <Button icon={<FilePdfOutlined />} disabled={redline.length === 0} loading={busy === 'pdf'} onClick={overlayPdf} aria-label={t('map.overlay.pdf')}>{compact ? null : t('map.overlay.pdf')}</Button>)}
              <Dropdown disabled={redline.length === 0} menu={{
                items: [{ key: 'geojson', label: 'GeoJSON' }, { key: 'redline-txt', label: t('map.redline.txt') }],
                onClick: ({ key }) => void exportRedline(key as 'geojson' | 'redline-txt'),
              }}>
                <Button icon={<DownloadOutlined />} loading={busy === 'export'} aria-label={t('map.redline.export')}>{compact ? null : t('map.redline.export')}</Button>
              </Dropdown>
            </>
          )}
          <Tooltip title={compact ? `${t('map.tools.clear')}: ${t('map.tools.clearHint')}` : t('map.tools.clearHint')}>
            <Button icon={<ClearOutlined />} onClick={clearAll} aria-label={t('map.tools.clear')}>{compact ? null : t('map.tools.clear')}</Button>
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
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(staff ? 'map.noBasemap' : 'map.noBasemapPublic')}</Typography.Text>
        )}
      </div>
      {panel && (
        <Card
          size="small" data-testid="map-panel" style={{ width: sideBySide ? PANEL_W[panel.kind] : '100%', flex: 'none', overflow: 'auto' }}
          title={panel.kind === 'overlay' ? t('map.overlay.title') : t('map.identify.title')}
          extra={<Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('map.close')} onClick={() => setPanel(null)} />}
        >
          {panel.kind === 'identify' && pickedLayer && <IdentifyPanel layer={pickedLayer} id={panel.picked.id} withHistory={staff} />}
          {panel.kind === 'overlay' && <OverlayResult report={panel.report} onPick={highlightFeature} />}
        </Card>
      )}
      {!treeInline && (
        <Drawer open={treeOpen} onClose={() => setTreeOpen(false)} placement="left" width={300} title={t('map.layerTree.title')} styles={{ body: { padding: 12 } }}>
          {treeContent}
        </Drawer>
      )}
    </div>
  );
}
