/**
 * Closing a case with open referrals is refused: this part registers the check with the cases
 * part's close checks, which run inside the transaction that closes a case (asking to close and
 * approving it). The 409 `open_referrals` names every open referral (id, receiver, status).
 */
import { registerCloseCheck } from './cases.close-checks.ts';
import { requireNoOpenReferrals } from './referrals.service.ts';

export function registerReferralsCloseCheck(): void {
  registerCloseCheck(noOpenReferrals);
}

async function noOpenReferrals(trx: Parameters<typeof requireNoOpenReferrals>[0], kase: { area_code: string; id: string }): Promise<void> {
  await requireNoOpenReferrals(trx, kase.id);
}
