import argon2 from 'argon2';

/** argon2id with the library's defaults (m = 64 MiB, t = 3, p = 4), as OWASP recommends or stronger. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * Spends the same time as checking a real password, and always fails: for an unknown username and
 * for a locked account, so that neither answers faster than a wrong password does.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password');
  await verifyPassword(await dummyHash, password);
  return false;
}
