/**
 * The red line of an approval case: the approvals module keeps it as the material `red_line`
 * (项目用地范围界址点坐标, the 部 standard coordinate text file, see matters.seed.ts). The latest
 * upload is fetched through approvals/index.ts (the actor's RLS scope applies there) and parsed
 * by platform.geo in the geometry worker pool, as /api/geo/* is, so a big or hostile file never
 * holds up the event loop; GeoJSON, zipped Shapefile, KML and KMZ uploads (and the text file in
 * GBK or UTF-16) are read too.
 */
import type { Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { KINDS } from '../../platform/files/index.ts';
import type { GeoFormat, GeoPool, Polygonal } from '../../platform/geo/index.ts';
import type { ApprovalsService } from '../approvals/index.ts';
import { checkRedline } from './overlay.service.ts';

export const RED_LINE_MATERIAL = 'red_line';

/** The format of a red-line upload: from its checked type (platform.files reads red lines with the geo platform), else sniffed. */
export function formatOfUpload(mime: string, b: Buffer): GeoFormat {
  const kind = Object.values(KINDS).find((k) => k.mime === mime && k.geo);
  return kind?.geo ?? sniffFormat(b);
}

export function sniffFormat(b: Buffer): GeoFormat {
  if (b[0] === 0x50 && b[1] === 0x4b) return 'shapefile';
  const head = b.subarray(0, 200).toString('utf8').trimStart();
  if (head.startsWith('{')) return 'geojson';
  if (head.startsWith('<')) return 'kml';
  return 'redline-txt';
}

/** What the red line needs of the approvals module (its service object fits). */
export type CaseMaterials = Pick<ApprovalsService, 'latestMaterialFile'>;

export async function redlineOfCase(approvals: CaseMaterials, pool: GeoPool, actor: Actor, caseNo: string): Promise<Polygonal> {
  const file = await approvals.latestMaterialFile(actor, caseNo, RED_LINE_MATERIAL);
  if (!file) throw new AppError('map.redline_missing', `case ${caseNo} has no ${RED_LINE_MATERIAL} material`, { field: 'caseNo' });
  const { mime, bytes } = file;
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-' || mime.startsWith('image/')) {
    throw new AppError('map.redline_missing',
      `the ${RED_LINE_MATERIAL} material of case ${caseNo} is a scan (${mime}), not a coordinate file: upload the 部 standard text file, GeoJSON, Shapefile or KML, or send the geometry`,
      { field: 'caseNo' });
  }
  const merged = await pool.run<Polygonal | null>({ op: 'polygons', format: formatOfUpload(mime, bytes), body: bytes });
  if (!merged) throw new AppError('map.redline_missing', `the ${RED_LINE_MATERIAL} file of case ${caseNo} holds no polygon`, { field: 'caseNo' });
  return checkRedline(merged);
}
