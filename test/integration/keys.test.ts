import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/server/app.ts';
import { rotateKeys } from '../../src/server/cli/keys.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { PersonalDataKeyError, personalDataCipher, personalDataKeyId } from '../../src/server/modules/residents/personal-data.ts';
import { makeIdNumber } from '../../src/engine/identity/id-number.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { DIALECTS } from '../support/databases.ts';
import { runCli } from '../support/cli.ts';

/**
 * Key rotation: rows encrypted under key A read in a server whose current key is B with A
 * kept as a previous key; `linli keys rotate` re-encrypts every personal number under B and
 * recomputes the lookup hashes, after which A can be removed and searches by ID or phone
 * number still find people. A value no configured key can read stops the rotation and
 * nothing changes.
 */
const PERSON = { name: '轮换测试甲', idNumber: makeIdNumber('340828', '1971-05-06', 'female', 318), phone: '13955501234', permit: makeIdNumber('340826', '1988-02-03', 'male', 517) };

interface PersonCiphers {
  id: string;
  id_number_cipher: string | null;
  id_number_hash: string | null;
  phone_cipher: string | null;
  phone_hash: string | null;
  residence_permit_cipher: string | null;
}

for (const dialect of DIALECTS) {
  describe(`keys rotate (${dialect})`, () => {
    const keyA = randomBytes(32);
    const keyB = randomBytes(32);
    let t: TestApp;
    let personId: string;
    const apps: FastifyInstance[] = [];

    const configWith = (secretKey: Buffer, previousSecretKeys: Buffer[]): Config =>
      loadConfig({ NODE_ENV: 'test' }, { dataDir: t.config.dataDir, databaseUrl: dialect === 'postgres' ? t.database.url : `sqlite:${t.database.url}`, secretKey, previousSecretKeys });

    /** A second app on the same database with another keyring, logged in as the demo admin. */
    async function appWith(config: Config) {
      const app = await buildApp(config, t.database.handle);
      apps.push(app);
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'demo-admin', password: 'linli-demo' } });
      assert.equal(login.statusCode, 200, login.body);
      const cookie = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')!.value}`;
      return (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
    }

    const ciphers = async () =>
      (await t.database.handle.db
        .selectFrom('persons')
        .select(['id', 'id_number_cipher', 'id_number_hash', 'phone_cipher', 'phone_hash', 'residence_permit_cipher'])
        .orderBy('area_code')
        .orderBy('id')
        .execute()) as PersonCiphers[];

    before(async () => {
      t = await startTestApp(dialect, { seed: 'demo', config: { secretKey: keyA } });
      const worker = await t.login('demo-worker');
      const village = (await worker.get('/api/v1/auth/me')).json().user.scope;
      const household = await worker.post('/api/v1/households', { areaCode: village, address: '轮换组1号' });
      assert.equal(household.statusCode, 201, household.body);
      const created = await worker.post('/api/v1/persons', {
        householdId: household.json().id,
        name: PERSON.name,
        idNumber: PERSON.idNumber,
        phone: PERSON.phone,
        relation: 'head',
        residenceStatus: 'inflow',
        residencePermitNumber: PERSON.permit,
        hukouAreaCode: '340826',
      });
      assert.equal(created.statusCode, 201, created.body);
      personId = created.json().id;
      // One value as written before key ids existed (v1, same AES-GCM body): rotation must read it too.
      const row = (await ciphers()).find((r) => r.id === personId)!;
      const legacy = row.phone_cipher!.replace(/^v2:[0-9a-f]{8}:/, 'v1:');
      await sql`update persons set phone_cipher = ${legacy} where id = ${personId}`.execute(t.database.handle.db);
    });
    after(async () => {
      for (const app of apps) await app.close();
      await t?.close();
    });

    test('values carry the id of the key that wrote them; another key alone cannot read them', async () => {
      const rows = (await ciphers()).filter((r) => r.id_number_cipher);
      assert.ok(rows.length > 100, 'the demo registry has encrypted numbers');
      const idA = personalDataKeyId(keyA);
      assert.ok(rows.filter((r) => r.id !== personId).every((r) => r.id_number_cipher!.startsWith(`v2:${idA}:`)));
      const onlyB = personalDataCipher(Buffer.from(keyB));
      assert.throws(() => onlyB.decrypt('idNumber', rows[0]!.id_number_cipher!), PersonalDataKeyError);
      assert.throws(() => onlyB.decrypt('phone', rowOf(rows, personId).phone_cipher!), PersonalDataKeyError);
      assert.throws(() => onlyB.decrypt('idNumber', 'v3:whatever'), /unknown personal-data format/);
    });

    test('with B current and A previous, a server reads rows written under A', async () => {
      const get = await appWith(configWith(keyB, [keyA]));
      const person = await get(`/api/v1/persons/${personId}?reveal=true`);
      assert.equal(person.statusCode, 200, person.body);
      assert.equal(person.json().idNumber, PERSON.idNumber);
      assert.equal(person.json().phone, PERSON.phone);
      assert.equal(person.json().residencePermitNumber, PERSON.permit);
    });

    test('a value no configured key reads stops the rotation, and nothing changes', async () => {
      const stranger = personalDataCipher(randomBytes(32));
      const before = await ciphers();
      const victim = before.find((r) => r.id !== personId && r.phone_cipher)!;
      const foreign = stranger.encrypt('phone', '13800000000');
      await sql`update persons set phone_cipher = ${foreign} where id = ${victim.id}`.execute(t.database.handle.db);
      const withForeign = await ciphers();
      await assert.rejects(rotateKeys(configWith(keyB, [keyA]), t.database.handle), (e: Error) => e instanceof PersonalDataKeyError && e.message.includes(stranger.keyId));
      assert.deepEqual(await ciphers(), withForeign);
      await sql`update persons set phone_cipher = ${victim.phone_cipher} where id = ${victim.id}`.execute(t.database.handle.db);
      assert.deepEqual(await ciphers(), before);
    });

    test('after rotating to B, every value is under B, A can go, and searches by number still find people', async () => {
      const before = await ciphers();
      const summary = await rotateKeys(configWith(keyB, [keyA]), t.database.handle);
      const idB = personalDataKeyId(keyB);
      assert.equal(summary.keyId, idB);
      const after = await ciphers();
      const values = after.flatMap((r) => [r.id_number_cipher, r.phone_cipher, r.residence_permit_cipher]).filter((v): v is string => v !== null);
      assert.equal(summary.reencrypted, values.length);
      assert.equal(summary.persons, after.filter((r) => r.id_number_cipher || r.phone_cipher || r.residence_permit_cipher).length);
      assert.ok(values.every((v) => v.startsWith(`v2:${idB}:`)));
      // Lookup hashes are recomputed under B (none is left as it was).
      const hashed = before.filter((r) => r.id_number_hash);
      assert.ok(hashed.length > 100);
      const afterById = new Map(after.map((r) => [r.id, r]));
      assert.ok(hashed.every((r) => afterById.get(r.id)!.id_number_hash !== r.id_number_hash));

      // A server with B alone (a fresh Buffer, so no keyring is remembered) reads and finds everything.
      const get = await appWith(configWith(Buffer.from(keyB), []));
      const person = await get(`/api/v1/persons/${personId}?reveal=true`);
      assert.equal(person.statusCode, 200, person.body);
      assert.deepEqual([person.json().idNumber, person.json().phone, person.json().residencePermitNumber], [PERSON.idNumber, PERSON.phone, PERSON.permit]);
      const byId = await get(`/api/v1/persons?q=${PERSON.idNumber}`);
      assert.equal(byId.statusCode, 200, byId.body);
      assert.deepEqual(byId.json().items.map((p: { id: string }) => p.id), [personId]);
      const byPhone = await get(`/api/v1/persons?q=${PERSON.phone}`);
      assert.ok(byPhone.json().items.some((p: { id: string }) => p.id === personId), byPhone.body);
      // A server with A alone reads none of it any more.
      const onlyA = personalDataCipher(Buffer.from(keyA));
      assert.throws(() => onlyA.decrypt('idNumber', afterById.get(personId)!.id_number_cipher!), PersonalDataKeyError);

      // Rotating again under the same key changes nothing.
      const again = await rotateKeys(configWith(Buffer.from(keyB), []), t.database.handle);
      assert.equal(again.reencrypted, 0);
      assert.deepEqual(await ciphers(), after);
    });

    test('linli keys rotate rotates from the command line and refuses what it cannot read', async () => {
      const keyC = randomBytes(32);
      const env = {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: dialect === 'postgres' ? t.database.url : `sqlite:${t.database.url}`,
        LINLI_DATA_DIR: t.database.dataDir,
        LINLI_SEED_DEMO: 'false',
        LINLI_SECRET_KEY: keyC.toString('hex'),
      };
      const before = await ciphers();
      const refused = await runCli(['keys', 'rotate'], env);
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(refused.stderr, /neither the current secret key nor a previous one; nothing was changed/);
      assert.deepEqual(await ciphers(), before);
      const rotated = await runCli(['keys', 'rotate'], { ...env, LINLI_PREVIOUS_SECRET_KEYS: `${randomBytes(32).toString('hex')}, ${keyB.toString('hex')}` });
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, new RegExp(`rotated to key ${personalDataKeyId(keyC)}`));
      assert.ok((await ciphers()).every((r) => !r.id_number_cipher || r.id_number_cipher.startsWith(`v2:${personalDataKeyId(keyC)}:`)));
      const bad = await runCli(['keys', 'rotate'], { ...env, LINLI_PREVIOUS_SECRET_KEYS: 'abc' });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /LINLI_PREVIOUS_SECRET_KEYS must be comma-separated keys of 64 hexadecimal characters; key 1 is not/);
    });
  });
}

function rowOf(rows: PersonCiphers[], id: string): PersonCiphers {
  const row = rows.find((r) => r.id === id);
  assert.ok(row);
  return row;
}
