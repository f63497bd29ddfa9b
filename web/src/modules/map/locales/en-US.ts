/** English strings of the map module. Same keys as zh-CN.ts. */
import type zhCN from './zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const enUS: Messages<typeof zhCN> = {
  title: 'One map',
  publicTitle: 'Public map',
  close: 'Close',
  noBasemap: 'No basemap configured (MAP_BASEMAP_URL): vector layers only. Coordinates are CGCS2000, shown in Web Mercator.',
  kinds: {
    boundary: 'Administrative divisions',
    cadastre: 'Cadastre',
    landuse: 'Current land use',
    plan: 'Spatial plan',
    protection: 'Protection red lines',
    mining: 'Mining rights',
    hazard: 'Geological hazards',
    approval: 'Approved land',
    supply: 'Supplied land',
    other: 'Other',
  },
  layerTree: {
    title: 'Layers',
    internal: 'Internal',
    synthetic: 'Synthetic data',
  },
  search: {
    placeholder: 'Parcel code or address',
    none: 'Nothing found',
  },
  tools: {
    identify: 'Identify',
    redline: 'Draw red line',
    length: 'Length',
    area: 'Area',
    clear: 'Clear',
    clearHint: 'Clear the red line, measurements and highlights',
  },
  area: {
    value: '{{m2}} m² ({{ha}} ha, {{mu}} mu)',
  },
  measure: {
    length: 'Length about {{m}} m',
    area: 'Ellipsoidal area',
  },
  redline: {
    upload: 'Upload red line',
    export: 'Export red line',
    txt: 'Red-line coordinate file (ministry format)',
    area: 'Red-line area (ellipsoidal)',
    loaded: '{{count}} parcel(s) loaded',
    noPolygon: 'The file holds no polygon',
    unknownFormat: 'Upload a Shapefile (zip), a red-line coordinate file (txt), KML or GeoJSON',
  },
  identify: {
    title: 'Feature',
    notFound: 'The feature does not exist or you may not see it',
    code: 'Code',
    name: 'Name',
    area: 'Area',
    history: 'Change history',
    version: 'Version',
    change: 'Change',
    changedAt: 'When',
    changedBy: 'By',
    changes: { create: 'Created', update: 'Updated', delete: 'Deleted' },
  },
  overlay: {
    run: 'Overlay analysis',
    pdf: 'Report PDF',
    title: 'Overlay analysis',
    nothing: 'No layer feature lies under the red line',
    fields: {
      code: 'Code',
      name: 'Name',
      areaM2: 'Area (m²)',
      areaHa: 'Area (ha)',
      areaMu: 'Area (mu)',
      overlapM2: 'Overlap (m²)',
      overlapHa: 'Overlap (ha)',
      overlapMu: 'Overlap (mu)',
      totalM2: 'Total (m²)',
      count: 'Count',
    },
  },
};

export default enUS;
