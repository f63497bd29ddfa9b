/**
 * KML 2.2. KML is WGS 84 longitude/latitude by definition; it is read and written as CGCS2000,
 * which agrees with WGS 84 to a few centimetres (documented in docs/geo.md).
 */
import { DOMParser } from '@xmldom/xmldom';
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { AppError } from '../../http/errors.ts';
import type { Feature, Geometry, Position, ReadResult, Ring } from '../geo.types.ts';
import { polygonsOf } from '../geo.types.ts';
import { rewind } from '../validate.ts';
import { attribute, normaliseGeometry } from './feature-utils.ts';
import { decodeText } from './text-encoding.ts';
import { looksLikeZip, readZipArchive } from './zip.ts';

/** Style members togeojson adds; they are presentation, not attributes. */
const STYLE_KEYS = new Set(['styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon', 'visibility']);

/**
 * A KMZ (a zip): `doc.kml` at the root as Google Earth writes it, else the first `.kml` in the
 * archive; when that holds no placemarks, the `.kml` files of the archive its NetworkLinks name
 * (GDAL's LIBKML driver writes each layer to `layers/<name>.kml` linked from `doc.kml`).
 * Opened with the same zip reader as Shapefiles.
 */
function readKmz(buf: Uint8Array): ReadResult {
  const entries = readZipArchive(buf);
  const names = Object.keys(entries);
  const doc = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names.find((n) => n.toLowerCase().endsWith('.kml'));
  if (!doc) {
    throw new AppError('geo.file_invalid', `body: the KMZ holds no .kml file (found: ${names.slice(0, 10).join(', ') || 'nothing'})`, { field: 'body' });
  }
  const main = readKmlText(entries[doc]!);
  if (main.features.length > 0) return main;
  const base = doc.includes('/') ? doc.slice(0, doc.lastIndexOf('/') + 1) : '';
  const linked = [...decodeText(entries[doc]!).text.matchAll(/<href>\s*([^<\s]+)\s*<\/href>/g)]
    .map((m) => m[1]!.replace(/&amp;/g, '&'))
    .filter((href) => !/^[a-z][a-z0-9+.-]*:/i.test(href)) // archive paths only, nothing fetched
    .map((href) => names.find((n) => n === `${base}${href.replace(/^\.\//, '')}`))
    .filter((n): n is string => n !== undefined && n !== doc && n.toLowerCase().endsWith('.kml'));
  return { features: linked.flatMap((n) => readKmlText(entries[n]!).features), warnings: [], sourceCrs: 4490 };
}

/** KML text (UTF-8, GBK or UTF-16 with BOM) or a KMZ archive. */
export function readKml(buf: Uint8Array): ReadResult {
  return looksLikeZip(buf) ? readKmz(buf) : readKmlText(buf);
}

function readKmlText(buf: Uint8Array): ReadResult {
  const { text } = decodeText(buf);
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level: string, message: string) => { if (level !== 'warning') throw new Error(message); },
    }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (e) {
    const msg = String((e as Error).message).replace(/\s+/g, ' ');
    const line = /line:(\d+)/.exec(msg)?.[1];
    throw new AppError('geo.file_invalid', `body: not well-formed KML${line ? ` (line ${line})` : ''}: ${msg.slice(0, 200)}`,
      { field: 'body', ...(line ? { line: Number(line) } : {}) });
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'kml') throw new AppError('geo.file_invalid', 'body: the XML root element is not <kml>', { field: 'body' });
  const fc = kmlToGeoJson(doc) as unknown as { features: { geometry: unknown; properties: Record<string, unknown> | null }[] };
  const features: Feature[] = [];
  fc.features.forEach((f, i) => {
    if (!f.geometry) return;
    const geometry = normaliseGeometry(f.geometry, `Placemark[${i + 1}]`);
    const props: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) if (!STYLE_KEYS.has(k)) props[k] = v;
    features.push({ type: 'Feature', geometry: geometry.type === 'Polygon' || geometry.type === 'MultiPolygon' ? rewind(geometry) : geometry, properties: props });
  });
  return { features, warnings: [], sourceCrs: 4490 };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const coords = (ps: Position[]) => ps.map((p) => `${round(p[0]!)},${round(p[1]!)}`).join(' ');
// Full double precision: a KML round trip is lossless.
const round = (x: number) => String(x);

function polygonXml(rings: Ring[]): string {
  const [outer, ...holes] = rings;
  return '<Polygon><outerBoundaryIs><LinearRing><coordinates>' + coords(outer!) + '</coordinates></LinearRing></outerBoundaryIs>' +
    holes.map((h) => `<innerBoundaryIs><LinearRing><coordinates>${coords(h)}</coordinates></LinearRing></innerBoundaryIs>`).join('') +
    '</Polygon>';
}

function geometryXml(g: Geometry): string {
  switch (g.type) {
    case 'Point': return `<Point><coordinates>${coords([g.coordinates])}</coordinates></Point>`;
    case 'LineString': return `<LineString><coordinates>${coords(g.coordinates)}</coordinates></LineString>`;
    case 'Polygon': return polygonXml(rewind(g).coordinates as Ring[]);
    case 'MultiPoint': return `<MultiGeometry>${g.coordinates.map((p) => geometryXml({ type: 'Point', coordinates: p })).join('')}</MultiGeometry>`;
    case 'MultiLineString': return `<MultiGeometry>${g.coordinates.map((l) => geometryXml({ type: 'LineString', coordinates: l })).join('')}</MultiGeometry>`;
    case 'MultiPolygon': return `<MultiGeometry>${polygonsOf(rewind(g)).map(polygonXml).join('')}</MultiGeometry>`;
  }
}

export function writeKml(features: Feature[], documentName = 'Sunland'): Buffer {
  const placemarks = features.map((f) => {
    const name = attribute(f.properties, 'name') || attribute(f.properties, 'code');
    const data = Object.entries(f.properties)
      .filter(([k, v]) => k !== 'name' && v !== undefined && v !== null)
      .map(([k, v]) => `<Data name="${esc(k)}"><value>${esc(typeof v === 'object' ? JSON.stringify(v) : String(v))}</value></Data>`)
      .join('');
    return `<Placemark>${name ? `<name>${esc(name)}</name>` : ''}${data ? `<ExtendedData>${data}</ExtendedData>` : ''}${geometryXml(f.geometry)}</Placemark>`;
  });
  const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' +
    `<name>${esc(documentName)}</name>\n${placemarks.join('\n')}\n</Document></kml>\n`;
  return Buffer.from(xml, 'utf8');
}
