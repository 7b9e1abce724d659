import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import { personalDataCipher, type PersonalDataCipher, type PersonalField } from '../modules/residents/personal-data.ts';

/**
 * `linli keys rotate`: re-encrypts every personal number under the current secret key and
 * recomputes the lookup hashes under it, in one transaction (all rows or none).
 *
 * The lookup hashes are recomputed rather than kept under the old key: a rotation usually
 * answers a key that may have leaked, and an ID number has so little entropy that its keyed
 * hash under a leaked key gives the number away. So after a rotation the old key protects
 * nothing and can be dropped from LINLI_PREVIOUS_SECRET_KEYS.
 *
 * The SQL lives here, beside its one caller, rather than in the residents repository: it is an
 * operator's maintenance pass over stored ciphertext, not a residents rule.
 */
export interface RotationSummary {
  keyId: string;
  /** Persons with at least one personal number. */
  persons: number;
  /** Values re-encrypted (already current ones are left as they are). */
  reencrypted: number;
  seconds: number;
}

interface PersonCipherRow {
  area_code: string;
  id: string;
  id_number_cipher: string | null;
  id_number_hash: string | null;
  phone_cipher: string | null;
  phone_hash: string | null;
  residence_permit_cipher: string | null;
}

interface PersonCipherUpdate extends PersonCipherRow {}

const PAGE = 2000;

// ---- repository part: keyset pages over persons, and the update of their personal numbers ----

async function personCipherPage(db: Db, after: { area_code: string; id: string } | null): Promise<PersonCipherRow[]> {
  let query = db
    .selectFrom('persons')
    .select(['area_code', 'id', 'id_number_cipher', 'id_number_hash', 'phone_cipher', 'phone_hash', 'residence_permit_cipher']);
  // A row-value comparison walks the primary key from where the last page ended (an OR of two
  // comparisons, or a filter on the cipher columns, made both databases scan the table per page).
  if (after) query = query.where((eb) => eb(eb.refTuple('area_code', 'id'), '>', eb.tuple(after.area_code, after.id)));
  return query.orderBy('area_code').orderBy('id').limit(PAGE).execute();
}

async function updatePersonCiphers(db: Db, rows: PersonCipherUpdate[], handle: DatabaseHandle): Promise<void> {
  if (rows.length === 0) return;
  const dialect = handle.dialect;
  if (dialect === 'postgres') {
    // One statement per page: arrays unnested into the update's source rows.
    const column = (name: keyof PersonCipherUpdate) => rows.map((r) => r[name]);
    await sql`
      update persons set
        id_number_cipher = v.id_number_cipher, id_number_hash = v.id_number_hash,
        phone_cipher = v.phone_cipher, phone_hash = v.phone_hash,
        residence_permit_cipher = v.residence_permit_cipher
      from unnest(${column('area_code')}::text[], ${column('id')}::text[], ${column('id_number_cipher')}::text[], ${column('id_number_hash')}::text[],
                  ${column('phone_cipher')}::text[], ${column('phone_hash')}::text[], ${column('residence_permit_cipher')}::text[])
        as v(area_code, id, id_number_cipher, id_number_hash, phone_cipher, phone_hash, residence_permit_cipher)
      where persons.area_code = v.area_code and persons.id = v.id`.execute(db);
    return;
  }
  if (handle.sqlite) {
    // One prepared statement on the same connection, so inside the transaction: building each
    // update through Kysely costs more than running it (a county's 300,000 persons).
    const update = handle.sqlite.prepare(
      `update persons set id_number_cipher = ?, id_number_hash = ?, phone_cipher = ?, phone_hash = ?, residence_permit_cipher = ? where area_code = ? and id = ?`,
    );
    for (const r of rows) update.run(r.id_number_cipher, r.id_number_hash, r.phone_cipher, r.phone_hash, r.residence_permit_cipher, r.area_code, r.id);
    return;
  }
  for (const r of rows) {
    await db
      .updateTable('persons')
      .set({
        id_number_cipher: r.id_number_cipher,
        id_number_hash: r.id_number_hash,
        phone_cipher: r.phone_cipher,
        phone_hash: r.phone_hash,
        residence_permit_cipher: r.residence_permit_cipher,
      })
      .where('area_code', '=', r.area_code)
      .where('id', '=', r.id)
      .execute();
  }
}

// ---- the rotation ----

function rotated(cipher: PersonalDataCipher, field: PersonalField, stored: string | null, count: { n: number }): { cipher: string | null; plain: string | null } {
  if (stored === null) return { cipher: null, plain: null };
  const plain = cipher.decrypt(field, stored);
  if (cipher.isCurrent(stored)) return { cipher: stored, plain };
  count.n++;
  return { cipher: cipher.encrypt(field, plain), plain };
}

export async function rotateKeys(config: Config, handle: DatabaseHandle): Promise<RotationSummary> {
  const started = performance.now();
  const cipher = personalDataCipher(config.secretKey, config.previousSecretKeys);
  const count = { n: 0 };
  let withNumbers = 0;
  await handle.db.transaction().execute(async (trx) => {
    // On PostgreSQL, writers wait for the rotation rather than add rows under an older key mid-way.
    if (handle.dialect === 'postgres') await sql`lock table persons in share row exclusive mode`.execute(trx);
    let after: PersonCipherRow | null = null;
    for (;;) {
      const page = await personCipherPage(trx, after);
      if (page.length === 0) break;
      const updates: PersonCipherUpdate[] = [];
      for (const row of page) {
        if (row.id_number_cipher === null && row.phone_cipher === null && row.residence_permit_cipher === null) continue;
        withNumbers++;
        const before = count.n;
        const id = rotated(cipher, 'idNumber', row.id_number_cipher, count);
        const phone = rotated(cipher, 'phone', row.phone_cipher, count);
        const permit = rotated(cipher, 'residencePermit', row.residence_permit_cipher, count);
        const idHash = id.plain === null ? row.id_number_hash : cipher.lookupHash('idNumber', id.plain);
        const phoneHash = phone.plain === null ? row.phone_hash : cipher.lookupHash('phone', phone.plain);
        if (count.n === before && idHash === row.id_number_hash && phoneHash === row.phone_hash) continue;
        updates.push({
          area_code: row.area_code,
          id: row.id,
          id_number_cipher: id.cipher,
          id_number_hash: idHash,
          phone_cipher: phone.cipher,
          phone_hash: phoneHash,
          residence_permit_cipher: permit.cipher,
        });
      }
      await updatePersonCiphers(trx, updates, handle);
      after = page[page.length - 1]!;
    }
  });
  return { keyId: cipher.keyId, persons: withNumbers, reencrypted: count.n, seconds: (performance.now() - started) / 1000 };
}
