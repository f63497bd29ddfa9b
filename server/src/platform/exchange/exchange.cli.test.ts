/**
 * `npm run exchange` as the administrator runs it on each side, through a directory standing for
 * the USB stick: cards swapped, a package exported in parts, checked (dry run), applied, and the
 * status read. The two sites are two databases; the CLI processes connect with DATABASE_URL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { applyOnline, ensureMatters, login, PERSON_LOGIN } from '../../modules/approvals/approvals.test-helpers.ts';

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, 'cli.ts');
const inet: TestApp = await startTestApp({ SITE_ROLE: 'internet', EXCHANGE_SITE: 'cli-internet' });
const intra: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'cli-intranet' });
// The demo's township reports would cross too (kind township.report); this test follows one application.
await sql`delete from township.entries`.execute(inet.testDb.owner);
await ensureMatters(inet);
await ensureMatters(intra);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sunland-cli-'));

async function cli(site: TestApp, ...argv: string[]): Promise<{ code: number; out: string }> {
  const env = {
    ...process.env, DATABASE_URL: site.testDb.ownerUrl, APP_DATABASE_URL: site.testDb.appUrl, DATA_DIR: site.env.dataDir, DEMO: 'false',
    SITE_ROLE: site.env.SITE_ROLE, EXCHANGE_SITE: site.env.EXCHANGE_SITE,
  };
  try {
    const r = await run(process.execPath, [CLI, ...argv], { env, timeout: 60_000 });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

describe('npm run exchange', () => {
  it('swaps cards, exports in parts, dry-runs, applies and reports the status', async () => {
    const stick = path.join(work, 'stick');
    assert.equal((await cli(inet, 'identity', '--out', path.join(work, 'inet.json'))).code, 0);
    assert.equal((await cli(intra, 'identity', '--out', path.join(work, 'intra.json'))).code, 0);
    assert.match((await cli(inet, 'peer', 'add', path.join(work, 'intra.json'))).out, /peer cli-intranet \(intranet\) registered/);
    assert.match((await cli(intra, 'peer', 'add', path.join(work, 'inet.json'))).out, /peer cli-internet \(internet\) registered/);

    const caseNo = (await applyOnline(inet, await login(inet, PERSON_LOGIN))).caseNo;
    const ex = await cli(inet, 'export', 'cli-intranet', '--dir', stick, '--part-mb', '0.002');
    assert.equal(ex.code, 0, ex.out);
    assert.match(ex.out, /package 1 to cli-intranet: 1 records, \d+ files, 0 receipts, \d+ bytes in \d+ parts/);
    const parts = fs.readdirSync(stick).sort();
    assert.ok(parts.length > 1, parts.join(' '));

    // A part missing (the copy was interrupted): named, nothing applied.
    const held = path.join(work, parts[1]);
    fs.renameSync(path.join(stick, parts[1]), held);
    const incomplete = await cli(intra, 'import', stick);
    assert.equal(incomplete.code, 2, incomplete.out);
    assert.match(incomplete.out, new RegExp(`exchange.incomplete: parts missing: 2 of ${parts.length}`));
    fs.renameSync(held, path.join(stick, parts[1]));

    const dry = await cli(intra, 'import', stick);
    assert.equal(dry.code, 0, dry.out);
    assert.match(dry.out, new RegExp(`dry run: package 1 from cli-internet[^]*applied +approvals.application ${caseNo}[^]*nothing applied`));
    assert.equal((await intra.testDb.owner.selectFrom('approvals.cases').select('id').where('caseNo', '=', caseNo).execute()).length, 0);

    const applied = await cli(intra, 'import', stick, '--apply');
    assert.equal(applied.code, 0, applied.out);
    assert.match(applied.out, new RegExp(`applied: package 1 from cli-internet[^]*applied +approvals.application ${caseNo}`));
    assert.equal((await intra.testDb.owner.selectFrom('approvals.cases').select('id').where('caseNo', '=', caseNo).execute()).length, 1);
    // Again: the directory holds nothing new (packages already received are skipped by their sequence).
    assert.doesNotMatch((await cli(intra, 'import', stick, '--apply')).out, /applied: package/);

    const st = await cli(intra, 'status', 'cli-internet');
    assert.match(st.out, /site cli-intranet \(intranet\)/);
    assert.match(st.out, /cli-internet \(internet\): sent #0, received #1;.*receipts owed 1/);
  });

  it('refuses a package with the reason and exit code 1', async () => {
    const file = path.join(work, 'bad.sxp');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SXP2'), Buffer.alloc(40)]));
    const r = await cli(intra, 'import', file, '--apply');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /exchange.refused: package refused \((truncated|tampered)\)/);
  });
});
