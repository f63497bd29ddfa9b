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

  it('a schema error carries its zod issue and limits, so the web app can say it in the page\'s language', async () => {
    const long = json(await post(JSON.stringify({ parentId: null, kind: 'bureau', code: 'x'.repeat(41), name: 'x' }))).error;
    assert.deepEqual({ field: long.field, issue: long.issue, origin: long.origin, maximum: long.maximum }, { field: 'code', issue: 'too_big', origin: 'string', maximum: 40 });
    const type = json(await post(JSON.stringify({ parentId: 'one', kind: 'bureau', code: 'AB', name: 'x' }))).error;
    assert.deepEqual({ issue: type.issue, expected: type.expected, missing: type.missing }, { issue: 'invalid_type', expected: 'number', missing: undefined });
    const missing = json(await post(JSON.stringify({ parentId: null, kind: 'bureau', code: 'AB' }))).error;
    assert.deepEqual({ field: missing.field, issue: missing.issue, missing: missing.missing }, { field: 'name', issue: 'invalid_type', missing: true });
    const format = json(await post(JSON.stringify({ parentId: null, divisionCode: '12', kind: 'bureau', code: 'AB', name: 'x' }))).error;
    assert.deepEqual({ field: format.field, issue: format.issue, format: format.format, pattern: format.pattern }, { field: 'divisionCode', issue: 'invalid_format', format: 'regex', pattern: '/^\\d{6}(\\d{3})?$/' });
    assert.equal(format.input, undefined, 'never the input value');
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
