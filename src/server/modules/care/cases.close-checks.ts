import type { Db } from '../../db/database.ts';

/**
 * What must hold before a care case closes, contributed by other parts of the care module
 * without this part knowing them: the referrals part registers "no open referrals" here
 * (`registerCloseCheck`), and the close paths (asking to close, approving a close) call
 * `checkCanClose` inside their transaction. A check throws (a 409 `conflict` naming what is
 * open) to refuse; nothing is written then.
 */
export type CloseCheck = (trx: Db, kase: { area_code: string; id: string }) => Promise<void>;

const checks: CloseCheck[] = [];

export function registerCloseCheck(check: CloseCheck): void {
  if (!checks.includes(check)) checks.push(check);
}

export async function checkCanClose(trx: Db, kase: { area_code: string; id: string }): Promise<void> {
  for (const check of checks) await check(trx, kase);
}
