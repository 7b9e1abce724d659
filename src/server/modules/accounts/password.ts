import argon2 from 'argon2';

interface HashCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** argon2id with the library's defaults (m = 64 MiB, t = 3, p = 4), as OWASP recommends or stronger. */
export const PASSWORD_HASH_COST: Readonly<HashCost> = Object.freeze({ memoryCost: 65_536, timeCost: 3, parallelism: 4 });

let cost: Readonly<HashCost> = PASSWORD_HASH_COST;

/**
 * For the test suite only (test/support calls it; nothing under src/ does): new hashes at argon2's
 * smallest cost, so that the suite's hundreds of logins do not each spend a third of a second of
 * a core. Verifying always follows the parameters stored in the hash, so a database seeded this
 * way stays cheap to log in to, and one seeded by the product is not affected.
 */
export function useMinimalPasswordHashCostForTests(): void {
  cost = Object.freeze({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost });
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
