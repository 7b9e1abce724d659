import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal numbers (ID, phone, residence permit) at rest: AES-256-GCM under the configured
 * secret key with a random 96-bit IV per value, and the column's name as associated data so a
 * ciphertext cannot be moved to another column. Equality search goes through a keyed hash
 * (HMAC-SHA256 under a key derived from the secret key), stored in a column of its own.
 *
 * Keys rotate (`linli keys rotate`, docs/operations.md): a value is written `v2:<key id>:…`,
 * the key id being a fingerprint of the key that encrypted it, and read with whichever key of
 * the keyring (the current key and the previous ones) has that id. Values written before key
 * ids existed (`v1:…`) are read by trying the keys in turn; GCM's tag tells the right one.
 * Lookup hashes always use the current key: rotation recomputes them.
 */
export type PersonalField = 'idNumber' | 'phone' | 'residencePermit';

export interface PersonalDataCipher {
  encrypt(field: PersonalField, plain: string): string;
  decrypt(field: PersonalField, stored: string): string;
  /** Hex HMAC of the normalised value, separated by field so an ID and a phone never collide. */
  lookupHash(field: PersonalField, normalized: string): string;
  /** The fingerprint of the current key, as written into each value it encrypts. */
  readonly keyId: string;
  /** True when `stored` was encrypted under the current key (rotation leaves it alone). */
  isCurrent(stored: string): boolean;
}

export class PersonalDataKeyError extends Error {
  override name = 'PersonalDataKeyError';
}

const LEGACY_FORMAT = 'v1';
const FORMAT = 'v2';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const ciphers = new WeakMap<Buffer, PersonalDataCipher>();

/**
 * IVs come from the system CSPRNG in blocks: one call per 4,096 values instead of one each,
 * which is what makes encrypting a county's registry fast. Each IV is used once.
 */
const ivPool = { bytes: Buffer.alloc(0), offset: 0 };
function nextIv(): Buffer {
  if (ivPool.offset + IV_BYTES > ivPool.bytes.length) {
    ivPool.bytes = randomBytes(IV_BYTES * 4096);
    ivPool.offset = 0;
  }
  const iv = ivPool.bytes.subarray(ivPool.offset, ivPool.offset + IV_BYTES);
  ivPool.offset += IV_BYTES;
  return iv;
}

/** A key's public fingerprint: 8 hex characters of an HMAC under the key (reveals nothing of it). */
export function personalDataKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('linli personal-data key id').digest('hex').slice(0, 8);
}

function openWith(key: Buffer, field: PersonalField, raw: Buffer): string {
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  d.setAAD(Buffer.from(field));
  d.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([d.update(raw.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
}

function sameKeys(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  return a.length === b.length && a.every((key, i) => key.equals(b[i]!));
}

/**
 * The cipher for a secret key (one per key and process: the derived key is computed once).
 * `previousKeys` are older keys that still read what they encrypted; the application passes
 * them once at start (buildApp), and later calls with the same key Buffer get that keyring.
 */
export function personalDataCipher(secretKey: Buffer, previousKeys?: readonly Buffer[]): PersonalDataCipher {
  const cached = ciphers.get(secretKey) as (PersonalDataCipher & { previous: readonly Buffer[] }) | undefined;
  if (cached && (previousKeys === undefined || sameKeys(cached.previous, previousKeys))) return cached;
  if (secretKey.length !== 32) throw new Error('the secret key must be 32 bytes');
  const previous = (previousKeys ?? []).filter((key) => !key.equals(secretKey));
  for (const key of previous) if (key.length !== 32) throw new Error('a previous secret key must be 32 bytes');
  const keyId = personalDataKeyId(secretKey);
  const byId = new Map<string, Buffer>([[keyId, secretKey]]);
  for (const key of previous) if (!byId.has(personalDataKeyId(key))) byId.set(personalDataKeyId(key), key);
  const lookupKey = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'linli personal-data lookup v1', 32));
  const prefix = `${FORMAT}:${keyId}:`;
  const cipher = {
    keyId,
    previous,
    encrypt(field: PersonalField, plain: string) {
      const iv = nextIv();
      const c = createCipheriv('aes-256-gcm', secretKey, iv);
      c.setAAD(Buffer.from(field));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `${prefix}${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(field: PersonalField, stored: string) {
      if (stored.startsWith(`${FORMAT}:`)) {
        const id = stored.slice(FORMAT.length + 1, FORMAT.length + 9);
        const key = byId.get(id);
        if (!key) throw new PersonalDataKeyError(`personal data encrypted under key ${id}, which is neither the current secret key nor a previous one`);
        return openWith(key, field, Buffer.from(stored.slice(FORMAT.length + 10), 'base64'));
      }
      if (!stored.startsWith(`${LEGACY_FORMAT}:`)) throw new Error('unknown personal-data format');
      const raw = Buffer.from(stored.slice(LEGACY_FORMAT.length + 1), 'base64');
      for (const key of [secretKey, ...previous]) {
        try {
          return openWith(key, field, raw);
        } catch {
          // the tag does not verify under this key: try the next
        }
      }
      throw new PersonalDataKeyError('personal data that no configured secret key (current or previous) can read');
    },
    lookupHash(field: PersonalField, normalized: string) {
      return createHmac('sha256', lookupKey).update(`${field}:${normalized}`).digest('hex');
    },
    isCurrent(stored: string) {
      return stored.startsWith(prefix);
    },
  };
  ciphers.set(secretKey, cipher);
  return cipher;
}

// The number rules live in the engine; they are re-exported here, where the module has always found them.
export { maskPhone, normalizePhone, phoneProblem } from '../../../engine/residents/phone-number.ts';
export { maskPermit } from '../../../engine/residents/person-rules.ts';
