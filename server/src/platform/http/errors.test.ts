import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, json } from '../../../test/harness.ts';

const t = await startTestApp({ BODY_MAX_BYTES: '2048' });
const post = (payload: string, contentType = 'application/json') =>
  t.inject({ method: 'POST', url: '/api/org-units', headers: { 'content-type': contentType }, payload });

describe('bad input gets a 4xx naming the field, never a 500', () => {
  it('malformed JSON', async () => {
    const res = await post('{"parentId": 1, "kind": ');
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).error.code, 'request.malformed_json');
    assert.doesNotMatch(res.body, /at .*\.js/); // no stack trace
  });

  it('oversized body', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(5000) }));
    assert.equal(res.statusCode, 413);
    assert.equal(json(res).error.code, 'request.too_large');
  });

  it('unknown field', async () => {
    const res = await post(JSON.stringify({ parentId: null, kind: 'bureau', code: 'AB', name: 'x', colour: 'red' }));
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).error.field, 'colour');
    assert.match(json(res).error.message, /colour: unknown field/);
  });

  it('wrong type', async () => {
    const res = await post(JSON.stringify({ parentId: 'one', kind: 'bureau', code: 'AB', name: 'x' }));
    assert.equal(res.statusCode, 400);
    assert.equal(json(res).error.field, 'parentId');
  });

  it('unsupported media type', async () => {
    const res = await post('<xml/>', 'application/xml');
    assert.equal(res.statusCode, 415);
  });

  it('unknown route is a JSON 404', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.equal(json(res).error.code, 'not_found');
  });

  it('a valid body without a session is 401, and nothing is created', async () => {
    const res = await post(JSON.stringify({ parentId: null, divisionCode: '520304', kind: 'bureau', code: 'NEW-B', name: '新局' }));
    assert.equal(res.statusCode, 401);
    const row = await t.testDb.owner.selectFrom('orgs.org_units').select('id').where('code', '=', 'NEW-B').executeTakeFirst();
    assert.equal(row, undefined);
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = json(res);
    assert.equal(doc.openapi, '3.0.3');
    assert.ok(doc.paths['/api/divisions']?.get, 'divisions route documented');
    assert.ok(doc.paths['/api/org-units']?.post?.requestBody, 'request body documented');
    const ui = await t.inject({ method: 'GET', url: '/api/docs/' });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger/i);
  });
});
