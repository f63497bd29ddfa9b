/**
 * A scratch PostgreSQL 15 with PostGIS for the benches' PostGIS baselines (map, patches): Debian's
 * `postgresql-15-postgis-3` in a temporary directory, listening on a Unix socket only, stopped and
 * removed afterwards; `fn` gets a connected client and the config to open more. Where it is not installed, or cannot start, `<bench>` is emitted as skipped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { SuiteContext } from './suite.ts';

const BIN = '/usr/lib/postgresql/15/bin';

export async function withScratchPostgis(ctx: SuiteContext, bench: string, fn: (c: pg.Client, config: pg.ClientConfig) => Promise<void>): Promise<void> {
  if (!fs.existsSync('/usr/share/postgresql/15/extension/postgis.control') || !fs.existsSync(`${BIN}/initdb`)) {
    ctx.emit({ bench, skipped: 'PostGIS not installed (apt-get install postgresql-15-postgis-3); the embedded PostgreSQL has no PostGIS' });
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-postgis-'));
  const asRoot = process.getuid?.() === 0;
  const sh = (cmd: string) => {
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', 'sh', '-c', cmd], { encoding: 'utf8' }) : spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr || r.stdout}`);
  };
  const port = 20000 + Math.floor(Math.random() * 20000);
  let started = false;
  try {
    if (asRoot) fs.chownSync(dir, Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim()), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
    sh(`${BIN}/initdb -D ${dir}/data -U postgres -A trust >/dev/null`);
    // Unix socket only, in the temporary directory (no TCP listener).
    sh(`${BIN}/pg_ctl -D ${dir}/data -o "-p ${port} -k ${dir} -c listen_addresses='' -c fsync=off -c shared_buffers=256MB" -l ${dir}/log -w start >/dev/null`);
    started = true;
    const config: pg.ClientConfig = { host: dir, port, user: 'postgres', database: 'postgres' };
    const c = new pg.Client(config);
    await c.connect();
    try {
      await c.query('create extension postgis');
      await fn(c, config);
    } finally {
      await c.end();
    }
  } catch (e) {
    ctx.emit({ bench, skipped: `PostGIS could not be started: ${String((e as Error).message).slice(0, 300)}` });
  } finally {
    if (started) {
      try { sh(`${BIN}/pg_ctl -D ${dir}/data -m fast -w stop >/dev/null`); } catch { /* already gone */ }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
