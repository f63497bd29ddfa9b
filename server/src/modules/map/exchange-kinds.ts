/**
 * What of the one map crosses between the sites (platform/exchange): only `map.public_layer`
 * (to-internet), the features of a layer the public may see (`visibility = 'public'`, features
 * `is_public`), so the internet side serves the public map (layer list, tiles, OGC items). A
 * scoped layer (宗地 parcels, 基本农田, …) never leaves the intranet: collect reads public layers
 * only and refuses to write any feature that is not public.
 *
 * One record per public layer whose version changed since the last package (the cursor holds the
 * version sent of each public layer); its features travel as one NDJSON file (one GeoJSON Feature a
 * line, `openFile` streams it from a temporary file). The apply replaces that layer's features in
 * the receiving transaction and bumps its version (tiles refresh); the same version applied twice
 * changes nothing (`map.layers.exchanged_version`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import type { Tx } from '../../platform/db/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { replaceLayerFeatures, type ReplacedFeature } from './layer-features.ts';
import type { ExchangeKind } from '../../platform/exchange/index.ts';

/** The fields a public layer record carries (its features are in the file named by sha256). */
export const PUBLIC_LAYER_FIELDS = ['code', 'version', 'featureCount', 'sha256'] as const;
/** The fields of each feature line of the file. */
export const PUBLIC_FEATURE_FIELDS = ['type', 'code', 'name', 'properties', 'geometry', 'orgPath'] as const;

interface PublicLayerData { code: string; version: number; featureCount: number; sha256: string }

const reject = (message: string) => new AppError('exchange.record_rejected', message);

export function createMapExchangeKinds(): ExchangeKind[] {
  // Files written by collect, by SHA-256 (temporary; streamed into the package by openFile). Those of an
  // export more than an hour old are removed when the next collect starts (an export seals within it).
  const written = new Map<string, string>();
  const writtenAt = new Map<string, number>();
  const sweep = () => {
    for (const [sha, at] of writtenAt) {
      if (Date.now() - at < 3_600_000) continue;
      fs.rmSync(path.dirname(written.get(sha)!), { recursive: true, force: true });
      written.delete(sha);
      writtenAt.delete(sha);
    }
  };
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-map-layer-'));

  async function writeLayer(trx: Tx, layer: { id: number; code: string }): Promise<{ sha256: string; count: number }> {
    const file = path.join(dir(), `${layer.code}.ndjson`);
    const out = fs.createWriteStream(file);
    const hash = crypto.createHash('sha256');
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = await trx.selectFrom('map.features as f').innerJoin('map.layers as l', 'l.id', 'f.layerId')
        .select(['f.id', 'f.code', 'f.name', 'f.properties', 'f.geom', 'f.orgPath', 'f.isPublic', 'l.visibility'])
        .where('f.layerId', '=', layer.id).where('f.id', '>', after).orderBy('f.id').limit(1000).execute();
      if (!rows.length) break;
      for (const r of rows) {
        // Never a scoped layer's or a non-public feature's data in a package.
        if (r.visibility !== 'public') throw new Error(`exchange: map layer ${layer.code} is not public: it never leaves the intranet`);
        after = r.id;
        if (!r.isPublic) continue;
        const line = JSON.stringify({ type: 'Feature', code: r.code, name: r.name, properties: r.properties, geometry: r.geom, orgPath: r.orgPath }) + '\n';
        hash.update(line);
        if (!out.write(line)) await new Promise<void>((res) => out.once('drain', () => res()));
        count++;
      }
    }
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
    const sha256 = hash.digest('hex');
    const old = written.get(sha256);
    if (old && old !== file) fs.rmSync(path.dirname(old), { recursive: true, force: true });
    written.set(sha256, file);
    writtenAt.set(sha256, Date.now());
    return { sha256, count };
  }

  async function* featuresOf(file: { path?: string; bytes?: Buffer }): AsyncGenerator<ReplacedFeature> {
    const input = file.path ? fs.createReadStream(file.path) : Readable.from([file.bytes!]);
    let n = 0;
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      n++;
      if (!line.trim()) continue;
      let f: Record<string, unknown>;
      try { f = JSON.parse(line); } catch { throw reject(`features line ${n}: not JSON`); }
      if (f?.type !== 'Feature' || typeof f.orgPath !== 'string' || typeof f.properties !== 'object' || f.properties === null) throw reject(`features line ${n}: a Feature with properties and orgPath`);
      yield { code: (f.code as string | null) ?? null, name: (f.name as string | null) ?? null, properties: f.properties as Record<string, unknown>, geometry: f.geometry, orgPath: f.orgPath };
    }
  }

  const publicLayer: ExchangeKind = {
    kind: 'map.public_layer',
    direction: 'to-internet',
    tables: ['map.layers', 'map.features'],
    async collect(trx, since, limit) {
      sweep();
      const sent: Record<string, number> = since ? JSON.parse(since) : {};
      const layers = await trx.selectFrom('map.layers').select(['id', 'code', 'version', 'visibility'])
        .where('visibility', '=', 'public').orderBy('sortOrder').orderBy('code').execute();
      const records: { id: string; version: string; data: unknown; files: string[] }[] = [];
      const next = { ...sent };
      for (const l of layers) {
        if (records.length >= limit) break;
        if (sent[l.code] === l.version) continue;
        const { sha256, count } = await writeLayer(trx, l);
        const data: PublicLayerData = { code: l.code, version: l.version, featureCount: count, sha256 };
        records.push({ id: l.code, version: String(l.version), data, files: [sha256] });
        next[l.code] = l.version;
      }
      return { records, cursor: JSON.stringify(next) };
    },
    async readFile(sha) {
      const p = written.get(sha);
      return p ? fs.promises.readFile(p) : undefined;
    },
    async openFile(sha) {
      const p = written.get(sha);
      return p ? fs.createReadStream(p) : undefined;
    },
    async apply(trx, record, files) {
      const d = record.data as PublicLayerData;
      if (typeof d?.code !== 'string' || d.code !== record.id) throw reject('code: the record does not name its layer');
      if (typeof d.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(d.sha256)) throw reject('sha256: the features file');
      const layer = await trx.selectFrom('map.layers').select(['id', 'visibility', 'exchangedVersion']).where('code', '=', d.code).forUpdate().executeTakeFirst();
      if (!layer) throw reject(`code: layer ${d.code} is not registered on this site`);
      if (layer.visibility !== 'public') throw reject(`code: layer ${d.code} is not public on this site`);
      const version = `${record.version}|${d.sha256}`;
      if (layer.exchangedVersion === version) return 'unchanged';
      const spooled = files as (ReadonlyMap<string, Buffer> & { pathOf?(sha: string): string | undefined }) | undefined;
      const p = spooled?.pathOf?.(d.sha256);
      const bytes = p ? undefined : spooled?.get(d.sha256);
      if (!p && !bytes) throw reject(`sha256: the features file of layer ${d.code} is not in the package`);
      const r = await replaceLayerFeatures(trx, d.code, featuresOf({ path: p, bytes }), { exchangedVersion: version });
      if (r && r.count !== d.featureCount) throw reject(`featureCount: ${d.featureCount} announced, ${r.count} in the file`);
      return 'applied';
    },
  };
  return [publicLayer];
}
