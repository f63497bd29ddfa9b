/**
 * The OpenLayers side of the map pages, kept out of React: basemap, one vector-tile layer per
 * map layer (`/tiles/{code}/{z}/{x}/{y}.mvt`), click-to-identify, red-line drawing, measuring and
 * highlighting. Display is Web Mercator; EPSG:4490 lon/lat is read as EPSG:4326 (the frames
 * differ by centimetres).
 */
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import TileLayer from 'ol/layer/Tile.js';
import XYZ from 'ol/source/XYZ.js';
import VectorTileLayer from 'ol/layer/VectorTile.js';
import VectorTileSource from 'ol/source/VectorTile.js';
import VectorLayer from 'ol/layer/Vector.js';
import VectorSource from 'ol/source/Vector.js';
import MVT from 'ol/format/MVT.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import Draw from 'ol/interaction/Draw.js';
import type Feature from 'ol/Feature.js';
import type { Geometry as OlGeometry } from 'ol/geom.js';
import { defaults as defaultControls, ScaleLine } from 'ol/control.js';
import { fromLonLat, transformExtent } from 'ol/proj.js';
import { createEmpty, isEmpty, type Extent } from 'ol/extent.js';
import 'ol/ol.css';
import type { Geometry, MapConfig, MapLayer } from './map-api.ts';
import { geodesicLengthM } from './geodesic.ts';
import { HIGHLIGHT_STYLE, layerStyleFunction, MEASURE_STYLE, RED_LINE_STYLE } from './layer-style.ts';

export const DEFAULT_CENTER: [number, number] = [106.83, 27.54];
/** Drawing order by kind, top first: small features over the large zones they lie in. */
const KIND_ORDER = ['boundary', 'hazard', 'mining', 'cadastre', 'approval', 'supply', 'protection', 'landuse', 'plan', 'other'];
const geojson = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

export interface PickedFeature { layerCode: string; id: number; properties: Record<string, unknown> }
export type Tool = 'identify' | 'redline' | 'length' | 'area';

/** Tooltips of OpenLayers' own controls, in the UI language (map.controls.*). */
export interface ControlLabels { zoomIn: string; zoomOut: string; rotate: string; attribution: string }

export class MapController {
  readonly map: OlMap;
  private readonly tileLayers = new Map<string, VectorTileLayer>();
  private readonly kinds = new Map<string, string>();
  private readonly redline = new VectorSource();
  private readonly measure = new VectorSource();
  private readonly highlight = new VectorSource();
  private draw: Draw | null = null;
  private tool: Tool = 'identify';
  private readonly layerZoom: NonNullable<MapConfig['layerZoom']>;
  onPick: (picked: PickedFeature | null) => void = () => {};
  onRedline: (geometry: Geometry | null) => void = () => {};
  onMeasure: (m: { kind: 'length'; meters: number } | { kind: 'area'; geometry: Geometry }) => void = () => {};

  constructor(target: HTMLElement, config: MapConfig | null, labels?: ControlLabels) {
    this.layerZoom = config?.layerZoom ?? {};
    const layers = [];
    if (config?.basemap) {
      layers.push(new TileLayer({ source: new XYZ({ url: config.basemap.url, attributions: config.basemap.attribution || undefined, crossOrigin: 'anonymous' }) }));
      if (config.basemap.labelsUrl) layers.push(new TileLayer({ source: new XYZ({ url: config.basemap.labelsUrl }), zIndex: 500 }));
    }
    this.map = new OlMap({
      target,
      // OpenLayers' own buttons say 'Zoom in', 'Reset rotation'… in English: the page's words instead.
      controls: defaultControls({
        attribution: !!config?.basemap?.attribution,
        ...(labels ? {
          zoomOptions: { zoomInTipLabel: labels.zoomIn, zoomOutTipLabel: labels.zoomOut },
          rotateOptions: { tipLabel: labels.rotate },
          attributionOptions: { tipLabel: labels.attribution },
        } : {}),
      }).extend([new ScaleLine()]),
      layers: [
        ...layers,
        new VectorLayer({ source: this.highlight, style: HIGHLIGHT_STYLE, zIndex: 900 }),
        new VectorLayer({ source: this.redline, style: RED_LINE_STYLE, zIndex: 1000 }),
        new VectorLayer({ source: this.measure, style: MEASURE_STYLE, zIndex: 1001 }),
      ],
      view: new View({ center: fromLonLat(DEFAULT_CENTER), zoom: 13, maxZoom: config?.maxZoom ?? 22, minZoom: 3 }),
    });
    this.map.on('singleclick', (e) => {
      if (this.tool !== 'identify') return;
      // Every feature under the click, top layer first; a boundary only when nothing else is there
      // (the county outline covers every parcel).
      const hits: PickedFeature[] = [];
      this.map.forEachFeatureAtPixel(e.pixel, (f, layer) => {
        const code = layer?.get('layerCode') as string | undefined;
        const id = f.getId();
        if (code && id !== undefined) hits.push({ layerCode: code, id: Number(id), properties: { ...f.getProperties() } });
        return false;
      }, { hitTolerance: 3 });
      const picked = hits.find((h) => this.kinds.get(h.layerCode) !== 'boundary') ?? hits[0] ?? null;
      this.onPick(picked);
    });
    // What the view shows and where the red line is, in lon/lat on the target: read by the browser tests.
    const lonLat = (e: Extent) => (isEmpty(e) ? '' : transformExtent(e, 'EPSG:3857', 'EPSG:4326').map((v) => v.toFixed(6)).join(','));
    this.map.on('moveend', () => { target.dataset.viewExtent = lonLat(this.map.getView().calculateExtent(this.map.getSize())); });
    this.redline.on('change', () => { target.dataset.redlineExtent = lonLat(this.redline.getExtent() ?? createEmpty()); });
  }

  /** Fits the view to the red line, after the map's box may have changed (a panel opened beside it). */
  fitRedline(): void {
    this.map.updateSize();
    this.fit(this.redline.getExtent() ?? createEmpty());
  }

  /** One vector-tile layer per map layer, stacked by kind (KIND_ORDER), then in registry order. */
  setLayers(layers: MapLayer[], visible: ReadonlySet<string>, tileUrl: string): void {
    for (const [code, l] of this.tileLayers) {
      if (!layers.some((x) => x.code === code)) {
        this.map.removeLayer(l);
        this.tileLayers.delete(code);
      }
    }
    layers.forEach((layer, i) => {
      this.kinds.set(layer.code, layer.kind);
      const url = tileUrl.replace('{layer}', encodeURIComponent(layer.code)) + `?v=${layer.version}`;
      let l = this.tileLayers.get(layer.code);
      if (!l || l.get('version') !== layer.version) {
        if (l) this.map.removeLayer(l);
        // The layer's zoom range: tiles below its minimum are never asked for (the server would
        // answer them aggregated); OpenLayers' layer minZoom is exclusive.
        const range = this.layerZoom[layer.code];
        l = new VectorTileLayer({
          source: new VectorTileSource({ format: new MVT(), url, maxZoom: 22, ...(range ? { minZoom: range.minZoom } : {}) }),
          ...(range && range.minZoom > 0 ? { minZoom: range.minZoom - 1 } : {}),
          ...(range && range.maxZoom < 22 ? { maxZoom: range.maxZoom + 1 } : {}),
          style: layerStyleFunction(layer.style, layer.geometryType),
          declutter: false,
          properties: { layerCode: layer.code, version: layer.version },
        });
        this.tileLayers.set(layer.code, l);
        this.map.addLayer(l);
      }
      const rank = KIND_ORDER.indexOf(layer.kind);
      l.setZIndex(100 + (KIND_ORDER.length - (rank < 0 ? KIND_ORDER.length : rank)) * 10 + (layers.length - i) / (layers.length + 1));
      l.setVisible(visible.has(layer.code));
    });
  }

  setVisible(code: string, on: boolean): void {
    this.tileLayers.get(code)?.setVisible(on);
  }

  setTool(tool: Tool): void {
    this.tool = tool;
    if (this.draw) this.map.removeInteraction(this.draw);
    this.draw = null;
    if (tool === 'identify') return;
    const source = tool === 'redline' ? this.redline : this.measure;
    const type = tool === 'length' ? 'LineString' : 'Polygon';
    const draw = new Draw({ source, type, style: tool === 'redline' ? RED_LINE_STYLE : MEASURE_STYLE });
    draw.on('drawstart', () => source.clear());
    draw.on('drawend', (e) => {
      const g = this.toGeoJson(e.feature);
      if (tool === 'redline') this.onRedline(g);
      else if (tool === 'length') this.onMeasure({ kind: 'length', meters: geodesicLengthM(g.coordinates as number[][]) });
      else this.onMeasure({ kind: 'area', geometry: g });
    });
    this.draw = draw;
    this.map.addInteraction(draw);
  }

  private toGeoJson(f: Feature<OlGeometry>): Geometry {
    return geojson.writeGeometryObject(f.getGeometry()!, { decimals: 8 }) as unknown as Geometry;
  }

  /** Replaces the red line by these geometries (an uploaded file) and zooms to them. */
  setRedline(geometries: Geometry[]): void {
    this.redline.clear();
    for (const g of geometries) this.redline.addFeature(geojson.readFeature({ type: 'Feature', geometry: g, properties: {} }) as Feature<OlGeometry>);
    this.fit(this.redline.getExtent() ?? createEmpty());
  }

  clearRedline(): void {
    this.redline.clear();
    this.measure.clear();
    this.highlight.clear();
  }

  /** Highlights geometries (overlay results, a search hit); zooms to them when asked. */
  setHighlight(geometries: Geometry[], zoom = false): void {
    this.highlight.clear();
    for (const g of geometries) this.highlight.addFeature(geojson.readFeature({ type: 'Feature', geometry: g, properties: {} }) as Feature<OlGeometry>);
    if (zoom) this.fit(this.highlight.getExtent() ?? createEmpty());
  }

  private fit(e: Extent): void {
    if (isEmpty(e) || !Number.isFinite(e[0])) return;
    this.map.getView().fit(e, { padding: [60, 60, 60, 60], maxZoom: 18, duration: 300 });
  }

  dispose(): void {
    this.map.setTarget(undefined);
    this.map.dispose();
  }
}
