import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * The one id generator of the platform: every row id is a UUIDv7 made here (time-ordered, so
 * ids sort by creation and index well). Its random bits drawn from the system CSPRNG in blocks of 4,096 ids: the uuid
 * package asks the system once per id, which dominates writing a county's registry.
 */
const pool = { bytes: new Uint8Array(0), offset: 0 };

function pooledRandom(): Uint8Array {
  if (pool.offset + 16 > pool.bytes.length) {
    pool.bytes = new Uint8Array(randomBytes(16 * 4096));
    pool.offset = 0;
  }
  const out = pool.bytes.subarray(pool.offset, pool.offset + 16);
  pool.offset += 16;
  return out;
}

/** Monotonic within this process, like the package's own v7: a counter within one millisecond. */
const state = { msecs: -Infinity, seq: 0 };

export function newId(): string {
  const random = pooledRandom();
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq = ((random[6]! << 23) | (random[7]! << 16) | (random[8]! << 8) | random[9]!) & 0x3fffffff;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return uuidv7({ random, msecs: state.msecs, seq: state.seq });
}
