/**
 * The red line of an approval case: the approvals module keeps it as the material `red_line`
 * (项目用地范围界址点坐标, the 部 standard coordinate text file, see matters.seed.ts). The latest
 * upload is read with the caller's RLS scope and parsed by platform.geo; GeoJSON, zipped
 * Shapefile, KML and KMZ uploads (and the text file in GBK or UTF-16) are read too.
 */
import type { Readable } from 'node:stream';
import { withContext } from '../../platform/db/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { actorContext, type Actor } from '../../platform/http/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { KINDS, type FileStore } from '../../platform/files/index.ts';
import { readGeoFile, geometryEngine, type GeoFormat, type Polygonal } from '../../platform/geo/index.ts';
import { checkRedline } from './overlay.service.ts';

export const RED_LINE_MATERIAL = 'red_line';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

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

/**
 * The case and its material are looked up with the actor's scope (RLS); the file itself, which
 * the applicant may have uploaded, is then read as the approvals staff routes do: with the case's
 * subtree and the applicant as the context.
 */
export async function redlineOfCase(files: FileStore, db: Db, actor: Actor, caseNo: string): Promise<Polygonal> {
  const found = await withContext(db, actorContext(actor), async (trx) => {
    const c = await trx.selectFrom('approvals.cases').select(['id', 'orgPath', 'applicantUserId']).where('caseNo', '=', caseNo).executeTakeFirst();
    if (!c) throw new AppError('approvals.case_not_found', `case ${caseNo} not found`, { field: 'caseNo' });
    const m = await trx.selectFrom('approvals.case_materials').select(['fileId']).where('caseId', '=', c.id)
      .where('materialKey', '=', RED_LINE_MATERIAL).orderBy('round', 'desc').orderBy('id', 'desc').executeTakeFirst();
    if (!m) throw new AppError('map.redline_missing', `case ${caseNo} has no ${RED_LINE_MATERIAL} material`, { field: 'caseNo' });
    return { c, m };
  });
  const upload = await withContext(db, { userId: found.c.applicantUserId ?? null, scopes: [found.c.orgPath] }, (trx) => files.getUpload(trx, found.m.fileId));
  const bytes = await bytesOf(await files.openContent(upload.sha256));
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-' || upload.mime.startsWith('image/')) {
    throw new AppError('map.redline_missing',
      `the ${RED_LINE_MATERIAL} material of case ${caseNo} is a scan (${upload.mime}), not a coordinate file: upload the 部 standard text file, GeoJSON, Shapefile or KML, or send the geometry`,
      { field: 'caseNo' });
  }
  const { features } = readGeoFile(formatOfUpload(upload.mime, bytes), bytes);
  const polys = features.map((f) => f.geometry).filter((g): g is Polygonal => g.type === 'Polygon' || g.type === 'MultiPolygon');
  if (polys.length === 0) throw new AppError('map.redline_missing', `the ${RED_LINE_MATERIAL} file of case ${caseNo} holds no polygon`, { field: 'caseNo' });
  const merged = polys.length === 1 ? polys[0]! : geometryEngine().union(polys);
  return checkRedline(merged);
}
