import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal numbers (ID, phone, residence permit) at rest: AES-256-GCM under the configured
 * secret key with a random 96-bit IV per value, and the column's name as associated data so a
 * ciphertext cannot be moved to another column. Equality search goes through a keyed hash
 * (HMAC-SHA256 under a key derived from the secret key), stored in a column of its own.
 */
export type PersonalField = 'idNumber' | 'phone' | 'residencePermit';

export interface PersonalDataCipher {
  encrypt(field: PersonalField, plain: string): string;
  decrypt(field: PersonalField, stored: string): string;
  /** Hex HMAC of the normalised value, separated by field so an ID and a phone never collide. */
  lookupHash(field: PersonalField, normalized: string): string;
}

const FORMAT = 'v1';
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

/** The cipher for a secret key (one per key and process: the derived key is computed once). */
export function personalDataCipher(secretKey: Buffer): PersonalDataCipher {
  let cipher = ciphers.get(secretKey);
  if (cipher) return cipher;
  if (secretKey.length !== 32) throw new Error('the secret key must be 32 bytes');
  const lookupKey = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'linli personal-data lookup v1', 32));
  cipher = {
    encrypt(field, plain) {
      const iv = nextIv();
      const c = createCipheriv('aes-256-gcm', secretKey, iv);
      c.setAAD(Buffer.from(field));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `${FORMAT}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(field, stored) {
      if (!stored.startsWith(`${FORMAT}:`)) throw new Error('unknown personal-data format');
      const raw = Buffer.from(stored.slice(FORMAT.length + 1), 'base64');
      const d = createDecipheriv('aes-256-gcm', secretKey, raw.subarray(0, IV_BYTES));
      d.setAAD(Buffer.from(field));
      d.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([d.update(raw.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
    },
    lookupHash(field, normalized) {
      return createHmac('sha256', lookupKey).update(`${field}:${normalized}`).digest('hex');
    },
  };
  ciphers.set(secretKey, cipher);
  return cipher;
}

/** Digits only; a mobile number is 11 digits starting with 1, a landline 10–12 starting with 0. */
export function normalizePhone(text: string): string {
  return text.replace(/[\s\-()（）+]/g, '').replace(/^86(?=1\d{10}$)/, '');
}

export function phoneProblem(normalized: string): string | null {
  if (/^1[3-9]\d{9}$/.test(normalized) || /^0\d{9,11}$/.test(normalized)) return null;
  return 'is not a mobile (11 digits from 13…) or landline (0 + area code) number';
}

/** 138****5678 */
export function maskPhone(value: string): string {
  if (value.length < 7) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}

/** A residence-permit number: masked like an ID number (it usually is one). */
export function maskPermit(value: string): string {
  if (value.length < 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}
