/**
 * What each side holds is declared per table (declarations.ts), and nothing confidential is ever
 * written into a package leaving the intranet: checked against the declarations, and against the
 * real bytes of a package exported from an intranet site holding the demo data.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../../test/harness.ts';
import { CONFIDENTIAL_COLUMNS, holdingOf } from './declarations.ts';
import { open } from './package.ts';
import { APPLICATION_CASE_COLUMNS, DECISION_CASE_COLUMNS, seedDemoCasesOnFirstStart } from '../../modules/approvals/index.ts';
import { ensureMatters } from '../../modules/approvals/approvals.test-helpers.ts';
import { TIPOFF_STATUS_COLUMNS } from '../../modules/tipoffs/index.ts';

const t: TestApp = await startTestApp({ SITE_ROLE: 'intranet', EXCHANGE_SITE: 'test-intranet' });

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ t: string }>`select schemaname || '.' || tablename as t from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema', 'public') order by 1`.execute(t.testDb.owner);
  return rows.map((r) => r.t);
}

describe('exchange declarations', () => {
  it('declares every table of the database: which side holds it', async () => {
    const missing = (await tables()).filter((x) => !holdingOf(x));
    assert.deepEqual(missing, [], `declare these tables in platform/exchange/declarations.ts: ${missing.join(', ')}`);
  });

  it('lists every table a package may carry, each held by both sides', async () => {
    const all = new Set(await tables());
    const carried = t.exchange.kinds().map((k) => ({ kind: k.kind, direction: k.direction, tables: k.tables }));
    assert.deepEqual(carried, [
      { kind: 'approvals.application', direction: 'to-intranet', tables: ['approvals.cases', 'approvals.case_materials', 'approvals.case_events', 'approvals.matters', 'approvals.matter_versions', 'files.uploads', 'files.objects'] },
      { kind: 'approvals.decision', direction: 'to-internet', tables: ['approvals.cases', 'approvals.case_events', 'approvals.case_documents', 'documents.documents'] },
      { kind: 'approvals.disclosure', direction: 'to-internet', tables: ['approvals.disclosures'] },
      { kind: 'township.report', direction: 'to-intranet', tables: ['township.entries'] },
      { kind: 'tipoffs.report', direction: 'to-intranet', tables: ['tipoffs.reports', 'tipoffs.reporters', 'tipoffs.files', 'tipoffs.events', 'files.uploads', 'files.objects'] },
      { kind: 'tipoffs.status', direction: 'to-internet', tables: ['tipoffs.reports', 'tipoffs.events'] },
      { kind: 'tipoffs.dispute', direction: 'to-intranet', tables: ['tipoffs.reports', 'tipoffs.events'] },
      { kind: 'enforcement.disclosure', direction: 'to-internet', tables: ['enforcement.disclosures'] },
      { kind: 'map.public_layer', direction: 'to-internet', tables: ['map.layers', 'map.features'] },
    ]);
    for (const k of carried) {
      for (const table of k.tables) {
        assert.ok(all.has(table), `${k.kind}: ${table} exists`);
        assert.equal(holdingOf(table), 'both', `${k.kind} carries ${table}, so both sides must hold it`);
      }
    }
  });

  it('keeps every confidential column out of what leaves the intranet', async () => {
    const { rows } = await sql<{ c: string }>`select table_schema || '.' || table_name || '.' || column_name as c from information_schema.columns`.execute(t.testDb.owner);
    const columns = new Set(rows.map((r) => r.c));
    for (const c of CONFIDENTIAL_COLUMNS) assert.ok(columns.has(c), `confidential column ${c} exists (the list is current)`);
    const out = [...DECISION_CASE_COLUMNS.map((c) => `approvals.cases.${c}`), ...TIPOFF_STATUS_COLUMNS.map((c) => `tipoffs.reports.${c}`)];
    for (const c of out) assert.ok(columns.has(c), `${c} exists`);
    assert.deepEqual(out.filter((c) => (CONFIDENTIAL_COLUMNS as readonly string[]).includes(c)), []);
    // The application (to the intranet) carries the ID number the applicant gave on the internet side; nothing goes back.
    assert.ok(APPLICATION_CASE_COLUMNS.includes('applicant_id_number'));
    assert.ok(!(DECISION_CASE_COLUMNS as readonly string[]).includes('applicant_id_number'));
  });

  it('writes none of the confidential values of an intranet holding the demo data into an outbound package', async () => {
    const owner = t.testDb.owner;
    // The demo's cases in every state (decided, refused, completed, …), made through the use cases.
    await ensureMatters(t);
    const p0 = t.platform;
    await seedDemoCasesOnFirstStart({ db: p0.db, audit: p0.audit, calendar: p0.calendar, files: p0.files, notify: p0.notify, documents: p0.documents, orgs: p0.orgs, identity: p0.identity }, 12);
    // Every demo case counts as an online one, so the decision kind carries all that have moved on.
    const moved = await owner.updateTable('approvals.cases').set({ channel: 'online' }).where('status', '!=', 'submitted').returning('caseNo').execute();
    assert.ok(moved.length > 0, 'the demo has cases past submission');
    const peer = crypto.generateKeyPairSync('x25519');
    const sign = crypto.generateKeyPairSync('ed25519');
    await t.exchange.addPeer(null, {
      site: 'test-internet', role: 'internet', signPublicKey: sign.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      encryptPublicKey: peer.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const p = await t.exchange.exportPackage(null, 'test-internet');
    const card = await t.exchange.card();
    const opened = open(p.bytes, { site: 'test-internet', encryptKey: peer.privateKey }, () => crypto.createPublicKey(card.signPublicKey));
    assert.equal(opened.body.records.filter((r) => r.kind === 'approvals.decision').length, moved.length);
    // Every decided demo case's 公示 goes out too — published fields only (the confidential scan below covers it).
    const disclosed = await owner.selectFrom('approvals.disclosures').select('caseNo').execute();
    assert.ok(disclosed.length > 0, 'the demo has published decisions');
    assert.deepEqual(opened.body.records.filter((r) => r.kind === 'approvals.disclosure').map((r) => r.id).sort(), disclosed.map((r) => r.caseNo).sort());
    for (const r of opened.body.records.filter((x) => x.kind === 'enforcement.disclosure')) {
      assert.deepEqual(Object.keys(r.data as object).sort(), ['authority', 'caseNo', 'decidedOn', 'documentNo', 'facts', 'legalBasis', 'orgPath', 'partyKind', 'partyName', 'penalty', 'publishedAt', 'status', 'statusChangedAt', 'statusReason']);
    }
    for (const r of opened.body.records.filter((x) => x.kind === 'approvals.disclosure')) {
      assert.deepEqual(Object.keys(r.data as object).sort(), ['applicantKind', 'applicantName', 'caseNo', 'decidedAt', 'decision', 'documentNo', 'matterCode', 'matterName', 'orgName', 'orgPath']);
    }
    // Public map layers only (their features in an NDJSON file each); no scoped layer (宗地 parcels, …) ever.
    const publicLayers = (await owner.selectFrom('map.layers').select('code').where('visibility', '=', 'public').execute()).map((r) => r.code).sort();
    const layerRecs = opened.body.records.filter((x) => x.kind === 'map.public_layer');
    assert.deepEqual(layerRecs.map((r) => r.id).sort(), publicLayers);
    for (const r of layerRecs) assert.deepEqual(Object.keys(r.data as object).sort(), ['code', 'featureCount', 'sha256', 'version']);
    for (const r of layerRecs) {
      for (const line of opened.files.get((r.data as { sha256: string }).sha256)!.toString('utf8').split('\n').filter(Boolean)) {
        assert.deepEqual(Object.keys(JSON.parse(line)).sort(), ['code', 'geometry', 'name', 'orgPath', 'properties', 'type']);
      }
    }
    const text = JSON.stringify(opened.body) + opened.manifestBytes.toString('utf8') + [...opened.files.values()].map((b) => b.toString('utf8')).join('');

    const values: string[] = [];
    for (const c of CONFIDENTIAL_COLUMNS) {
      const [schema, table, column] = c.split('.');
      const { rows } = await sql<{ v: unknown }>`select ${sql.ref(column)} as v from ${sql.table(`${schema}.${table}`)} where ${sql.ref(column)} is not null`.execute(owner);
      for (const r of rows) {
        const v = Buffer.isBuffer(r.v) ? r.v.toString('hex') : String(r.v);
        if (v.length >= 6) values.push(v);
      }
    }
    assert.ok(values.length > 20, `the demo holds confidential values to look for (${values.length})`);
    const leaked = values.filter((v) => text.includes(v));
    assert.deepEqual(leaked, []);
  });
});
