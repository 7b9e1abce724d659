import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp, type Client, type TestApp } from '../support/app.ts';
import { assertError, assertFieldNamed } from '../support/assertions.ts';
import { DIALECTS } from '../support/databases.ts';

// ajv-formats is CommonJS: its module object carries the plugin as `default` too.
const addFormats = ajvFormats.default;
const V2 = '/open311/v2';
const API = '/api/v1';
const COUNTY = '340828';

/** The published GeoReport v2 JSON Schemas (test/fixtures/open311-georeport-v2, see the README there). */
function schemas(): Record<'services' | 'definition' | 'requests', ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const read = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/open311-georeport-v2/${name}.json`, import.meta.url), 'utf8'));
  ajv.addSchema(read('service'), 'service.json');
  ajv.addSchema(read('request'), 'request.json');
  return {
    services: ajv.compile(read('services')),
    definition: ajv.compile(read('service-definition')),
    requests: ajv.compile(read('requests')),
  };
}

function valid(validate: ValidateFunction, body: unknown): void {
  assert.ok(validate(body), JSON.stringify(validate.errors));
}

/** The standard's error document: a list of { code, description }, the HTTP status the first code. */
function assertOpen311Error(response: LightMyRequestResponse, status: number, format: 'json' | 'xml' = 'json'): string {
  assert.equal(response.statusCode, status, response.body);
  if (format === 'xml') {
    assert.match(response.headers['content-type'] as string, /^text\/xml/);
    assert.match(response.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<errors>\n {2}<error>\n {4}<code>\d+<\/code>\n {4}<description>[^<]+<\/description>/);
    return response.body;
  }
  assert.match(response.headers['content-type'] as string, /^application\/json/);
  const body = response.json();
  assert.ok(Array.isArray(body) && body.length > 0, response.body);
  for (const error of body) {
    assert.deepEqual(Object.keys(error).sort(), ['code', 'description']);
    assert.equal(typeof error.description, 'string');
  }
  assert.equal(body[0].code, status);
  return body.map((e: { description: string }) => e.description).join(' | ');
}

const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};

for (const dialect of DIALECTS) {
  describe(`Open311 GeoReport v2 (${dialect})`, () => {
    let t: TestApp;
    let admin: Client;
    let county: Client;
    let catalogKey: string;
    let requestsKey: string;
    let requestsKeyId: string;
    let village: string;
    let township: string;
    let personId: string;
    const validate = schemas();

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo' });
      admin = await t.login('demo-admin');
      county = await t.login('demo-county');
      const db = t.database.handle.db;
      const worker = await db.selectFrom('users').selectAll().where('username', '=', 'demo-worker').executeTakeFirstOrThrow();
      village = worker.scope_code;
      township = village.slice(0, 9);
      personId = (await db.selectFrom('persons').select('id').where('area_code', '=', village).orderBy('id').executeTakeFirstOrThrow()).id;
      const a = await admin.post(`${API}/areas/${COUNTY}/open311-keys`, { name: '12345 热线（测试）' });
      assert.equal(a.statusCode, 201, a.body);
      catalogKey = a.json().apiKey;
      assert.equal(a.json().account, null);
      const b = await admin.post(`${API}/areas/${township}/open311-keys`, { name: '乡镇小程序（测试）', account: 'demo-worker' });
      assert.equal(b.statusCode, 201, b.body);
      requestsKey = b.json().apiKey;
      requestsKeyId = b.json().id;
      assert.equal(b.json().account, 'demo-worker');
    });
    after(() => t.close());

    const get = (path: string) => t.anonymous.get(`${V2}${path}`);
    const post = (path: string, body: string) =>
      t.anonymous.request({ method: 'POST', url: `${V2}${path}`, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });

    test('discovery answers in JSON and XML without a key', async () => {
      const json = await get('/discovery.json');
      assert.equal(json.statusCode, 200, json.body);
      const doc = json.json();
      assert.deepEqual(Object.keys(doc).sort(), ['changeset', 'contact', 'endpoints', 'key_service']);
      assert.equal(doc.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.ok(doc.endpoints[0].url.endsWith('/open311/v2'));
      assert.deepEqual(doc.endpoints[0].formats, ['text/xml', 'application/json']);
      const xml = await get('/discovery.xml');
      assert.match(xml.headers['content-type'] as string, /^text\/xml; charset=utf-8/);
      assert.match(xml.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery>/);
      assert.match(xml.body, /<formats>\n\s*<format>text\/xml<\/format>\n\s*<format>application\/json<\/format>/);
    });

    test('a missing, unknown or revoked key is a 403 in the standard’s shape, and audited', async () => {
      const denied = async () => (await t.database.handle.db.selectFrom('audit_log').select('id').where('action', '=', 'access.refused').execute()).length;
      const before = await denied();
      assert.match(assertOpen311Error(await get(`/services.json?jurisdiction_id=${COUNTY}`), 403), /api_key/);
      assertOpen311Error(await get(`/services.json?jurisdiction_id=${COUNTY}&api_key=o311_not-a-key`), 403);
      assertOpen311Error(await get(`/services.xml?jurisdiction_id=${COUNTY}`), 403, 'xml');
      assertOpen311Error(await get(`/services/AH-MZ-001.json?jurisdiction_id=${COUNTY}`), 403);
      assertOpen311Error(await get(`/requests.json?jurisdiction_id=${COUNTY}`), 403);
      assertOpen311Error(await post('/requests.json', form({ jurisdiction_id: village, service_code: 'AH-MZ-102' })), 403);
      assert.equal(await denied(), before + 6);
      // Revoked: refused from then on.
      const issued = await admin.post(`${API}/areas/${COUNTY}/open311-keys`, { name: '将被吊销' });
      const key = issued.json().apiKey;
      assert.equal((await get(`/services.json?jurisdiction_id=${COUNTY}&api_key=${key}`)).statusCode, 200);
      const revoked = await admin.post(`${API}/areas/${COUNTY}/open311-keys/${issued.json().id}/revoke`);
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.ok(revoked.json().revokedAt);
      assertOpen311Error(await get(`/services.json?jurisdiction_id=${COUNTY}&api_key=${key}`), 403);
      assertError(await admin.post(`${API}/areas/${COUNTY}/open311-keys/${issued.json().id}/revoke`), 409, 'conflict');
    });

    test('jurisdiction_id: missing 400, unknown 404, outside the key’s area 403', async () => {
      assertOpen311Error(await get(`/services.json?api_key=${catalogKey}`), 400);
      assertOpen311Error(await get(`/services.json?api_key=${catalogKey}&jurisdiction_id=349999`), 404);
      assertOpen311Error(await get(`/services.json?api_key=${catalogKey}&jurisdiction_id=not-a-code`), 404);
      assertOpen311Error(await get(`/services.json?api_key=${catalogKey}&jurisdiction_id=340802`), 403);
      assertOpen311Error(await get(`/services.json?api_key=${requestsKey}&jurisdiction_id=${COUNTY}`), 403, 'json');
      assertOpen311Error(await get(`/nothing-here.xml`), 404, 'xml');
    });

    test('services and service definitions validate against the published schemas', async () => {
      const list = await get(`/services.json?api_key=${catalogKey}&jurisdiction_id=${COUNTY}`);
      assert.equal(list.statusCode, 200, list.body);
      assert.match(list.headers['content-type'] as string, /^application\/json; charset=utf-8/);
      valid(validate.services, list.json());
      const oldAge = list.json().find((s: { service_code: string }) => s.service_code === 'AH-MZ-101');
      assert.equal(oldAge.service_name, '高龄津贴申领');
      assert.equal(oldAge.metadata, true);
      assert.equal(oldAge.type, 'realtime');
      assert.equal(oldAge.group, 'elderlyCare');

      const definition = await get(`/services/AH-MZ-001.json?api_key=${catalogKey}&jurisdiction_id=${COUNTY}`);
      assert.equal(definition.statusCode, 200, definition.body);
      valid(validate.definition, definition.json());
      const attributes = definition.json().attributes as { code: string; datatype: string; order: number; values?: unknown[] }[];
      assert.deepEqual(attributes.map((a) => a.datatype), ['number', 'number', 'multivaluelist', 'string']);
      assert.deepEqual(attributes.map((a) => a.order), [1, 2, 3, 4]);
      assert.ok(attributes[2]!.values!.length >= 2);

      const xml = await get(`/services/AH-MZ-001.xml?api_key=${catalogKey}&jurisdiction_id=${COUNTY}`);
      assert.match(xml.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<service_definition>\n {2}<service_code>AH-MZ-001<\/service_code>\n {2}<attributes>\n {4}<attribute>/);
      assert.match(xml.body, /<values>\n\s*<value>\n\s*<key>illness<\/key>\n\s*<name>因病<\/name>/);
      const services = await get(`/services.xml?api_key=${catalogKey}&jurisdiction_id=${COUNTY}`);
      assert.match(services.body, /<services>\n {2}<service>\n {4}<service_code>/);

      assertOpen311Error(await get(`/services/NO-SUCH.json?api_key=${catalogKey}&jurisdiction_id=${COUNTY}`), 404);
      assertOpen311Error(await get(`/services/AH-MZ-001?api_key=${catalogKey}&jurisdiction_id=${COUNTY}`), 404);
      // A township's shortened limit shows in its own jurisdiction.
      const shortened = (await get(`/services.json?api_key=${catalogKey}&jurisdiction_id=${village}`)).json().find((s: { service_code: string }) => s.service_code === 'AH-MZ-101');
      assert.match(shortened.description, /承诺时限 5 个工作日/);
    });

    test('a request filed form-encoded and read back through the standard’s shapes', async () => {
      const count = async () => (await t.database.handle.db.selectFrom('service_requests').select('id').execute()).length;
      const before = await count();
      // Catalog-only keys do not reach requests.
      assertOpen311Error(await get(`/requests.json?api_key=${catalogKey}&jurisdiction_id=${COUNTY}`), 403);
      // Bad attributes and missing arguments: 400 naming them, nothing filed.
      const bad = await post('/requests.json', form({ api_key: requestsKey, jurisdiction_id: township, service_code: 'AH-MZ-102', account_id: personId, address_id: village, 'attribute[collect]': 'drone' }));
      assert.match(assertOpen311Error(bad, 400), /collect/);
      assertOpen311Error(await post('/requests.json', form({ api_key: requestsKey, jurisdiction_id: township, account_id: personId, address_id: village })), 400);
      assertOpen311Error(await post('/requests.json', form({ api_key: requestsKey, jurisdiction_id: township, service_code: 'AH-MZ-102', account_id: personId })), 400);
      assertOpen311Error(await post('/requests.json', form({ api_key: requestsKey, jurisdiction_id: township, service_code: 'NO-SUCH', account_id: personId, address_id: village })), 404);
      assert.equal(await count(), before);

      const created = await post(
        '/requests.json',
        form({ api_key: requestsKey, jurisdiction_id: township, service_code: 'AH-MZ-102', account_id: personId, address_id: village, 'attribute[collect]': 'agent', description: '电话申请' }),
      );
      assert.equal(created.statusCode, 201, created.body);
      const [receipt] = created.json();
      assert.equal(typeof receipt.service_request_id, 'string');
      assert.equal(receipt.account_id, personId);
      assert.equal(await count(), before + 1);

      const one = await get(`/requests/${receipt.service_request_id}.json?api_key=${requestsKey}&jurisdiction_id=${township}`);
      assert.equal(one.statusCode, 200, one.body);
      valid(validate.requests, one.json());
      const [request] = one.json();
      assert.equal(request.status, 'open');
      assert.equal(request.service_code, 'AH-MZ-102');
      assert.equal(request.address_id, village);
      assert.match(request.requested_datetime, /(Z|[+-]\d{2}:\d{2})$/);
      assert.ok(request.expected_datetime === null || /(Z|[+-]\d{2}:\d{2})$/.test(request.expected_datetime));

      const list = await get(`/requests.json?api_key=${requestsKey}&jurisdiction_id=${township}&status=open&service_code=AH-MZ-102`);
      assert.equal(list.statusCode, 200, list.body);
      valid(validate.requests, list.json());
      assert.ok(list.json().some((r: { service_request_id: string }) => r.service_request_id === receipt.service_request_id));
      const closed = await get(`/requests.json?api_key=${requestsKey}&jurisdiction_id=${township}&status=closed&service_code=AH-MZ-102`);
      assert.ok(!closed.json().some((r: { service_request_id: string }) => r.service_request_id === receipt.service_request_id));
      const byId = await get(`/requests.xml?api_key=${requestsKey}&jurisdiction_id=${township}&service_request_id=${receipt.service_request_id},nope`);
      assert.match(byId.body, /<service_requests>\n {2}<request>\n {4}<service_request_id>/);
      // The date span selects by submission time, both ends included.
      const submittedAt = Date.parse(request.requested_datetime);
      const span = async (from: number, to: number) => {
        const answer = await get(`/requests.json?api_key=${requestsKey}&jurisdiction_id=${township}&start_date=${new Date(from).toISOString()}&end_date=${new Date(to).toISOString()}`);
        assert.equal(answer.statusCode, 200, answer.body);
        return answer.json().map((r: { service_request_id: string }) => r.service_request_id);
      };
      assert.ok((await span(submittedAt - 60_000, submittedAt + 60_000)).includes(receipt.service_request_id), 'a span around it holds it');
      assert.ok((await span(submittedAt - 1000, submittedAt)).includes(receipt.service_request_id), 'the end is included');
      assert.ok(!(await span(submittedAt - 86_400_000, submittedAt - 60_000)).includes(receipt.service_request_id), 'a span before it does not');
      assert.ok(!(await span(submittedAt + 1000, submittedAt + 86_400_000)).includes(receipt.service_request_id), 'a span after it does not');
      assertOpen311Error(await get(`/requests.json?api_key=${requestsKey}&jurisdiction_id=${township}&start_date=2026-01-01T00:00:00Z&end_date=2026-12-31T00:00:00Z`), 400);
      assertOpen311Error(await get(`/requests.json?api_key=${requestsKey}&jurisdiction_id=${township}&start_date=yesterday`), 400);
      assertOpen311Error(await get(`/requests.json?api_key=${requestsKey}&jurisdiction_id=${township}&status=pending`), 400);

      const token = await get(`/tokens/${receipt.service_request_id}.json?api_key=${requestsKey}&jurisdiction_id=${township}`);
      assert.equal(token.statusCode, 200, token.body);
      assert.deepEqual(token.json(), [{ service_request_id: receipt.service_request_id, token: receipt.service_request_id }]);
      assertOpen311Error(await get(`/requests/no-such-request.json?api_key=${requestsKey}&jurisdiction_id=${township}`), 404);

      // The request is the platform's own: its staff see it in the API.
      const seen = await county.get(`${API}/service-requests/${receipt.service_request_id}`);
      assert.equal(seen.statusCode, 200, seen.body);
      assert.equal(seen.json().itemCode, 'AH-MZ-102');
    });

    test('keys: only admins issue them, in their scope, with an account inside the area', async () => {
      assertError(await county.post(`${API}/areas/${COUNTY}/open311-keys`, { name: 'x' }), 403, 'forbidden');
      assertError(await admin.post(`${API}/areas/340102/open311-keys`, { name: 'x' }), 403, 'forbidden');
      assertFieldNamed(await admin.post(`${API}/areas/${township}/open311-keys`, { name: 'x', account: 'demo-county' }), 'account', 'not_in_scope');
      assertFieldNamed(await admin.post(`${API}/areas/${township}/open311-keys`, { name: 'x', account: 'nobody-at-all' }), 'account', 'unknown_reference');
      const listed = await admin.get(`${API}/areas/${COUNTY}/open311-keys`);
      assert.equal(listed.statusCode, 200, listed.body);
      const mine = listed.json().items.find((k: { id: string }) => k.id === requestsKeyId);
      assert.equal(mine.account, 'demo-worker');
      assert.ok(!('apiKey' in mine));
      assert.ok(mine.keyPrefix.startsWith('o311_'));
      const issued = await t.database.handle.db.selectFrom('audit_log').select(['target_id', 'area_code']).where('action', '=', 'open311Keys.issued').execute();
      assert.ok(issued.some((e) => e.target_id === requestsKeyId && e.area_code === township), 'issuing a key is audited');
      const stored = await t.database.handle.db.selectFrom('open311_keys').select('key_hash').where('id', '=', requestsKeyId).executeTakeFirstOrThrow();
      assert.notEqual(stored.key_hash, requestsKey, 'only a hash is kept');
      assert.equal(stored.key_hash.length, 64);
    });
  });
}
