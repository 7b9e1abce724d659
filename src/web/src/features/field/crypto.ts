/**
 * The device store's encryption (docs/sync.md, "On the device"): a key derived from the PIN the
 * user sets (PBKDF2-SHA-256, 310,000 iterations, a random salt per device) encrypts every record
 * with AES-256-GCM through WebCrypto. The key is never stored: a lost phone shows ciphertext.
 */
export const PBKDF2_ITERATIONS = 310_000;
const VERIFIER = 'linli-offline-store';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

export async function deriveKey(pin: string, salt: Uint8Array, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = randomBytes(12);
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource }, key, encoder.encode(JSON.stringify(value)));
  return { iv, data };
}

export async function open<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as BufferSource }, key, sealed.data);
  return JSON.parse(decoder.decode(plain)) as T;
}

/** A known text sealed with the key: opening it proves a PIN right without storing the key. */
export function sealVerifier(key: CryptoKey): Promise<Sealed> {
  return seal(key, VERIFIER);
}

export async function verifies(key: CryptoKey, verifier: Sealed): Promise<boolean> {
  try {
    return (await open<string>(key, verifier)) === VERIFIER;
  } catch {
    return false;
  }
}
