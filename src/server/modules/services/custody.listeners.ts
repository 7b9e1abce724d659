import type { Db } from '../../db/database.ts';
import { findMandate } from './mandates.repository.ts';
import { bindMandateToRequest } from './mandates.service.ts';
import { noteRequestStatus, openErrand } from './custody.service.ts';
import { onRequestEvent, type RequestEventNotice } from './requests.service.ts';
import { notifyOfRequestEvent } from '../notifications/notifications.listeners.ts';

/**
 * The agency's side of a request's events (run inside the event's transaction): a request an agent
 * files under a mandate opens its errand (and binds a one-request mandate to it); every later
 * event keeps the errand's copy of the request's status, which the custody rules read (the result
 * is collected only once the request is decided).
 */
export async function agencyOfRequestEvent(trx: Db, notice: RequestEventNotice): Promise<void> {
  const { request, event } = notice;
  if (event.kind === 'submitted' && request.mandateId && request.applicantPersonId && request.submittedByUserId) {
    const mandate = await findMandate(trx, request.mandateId);
    if (mandate) {
      await openErrand(trx, {
        requestId: request.id,
        requestNumber: request.number,
        requestStatus: request.status,
        areaCode: request.areaCode,
        mandateId: mandate.id,
        agentUserId: request.submittedByUserId,
        principalPersonId: request.applicantPersonId,
        principalName: mandate.principal_name,
        itemCode: request.itemCode,
        filedAt: event.at,
      });
      await bindMandateToRequest(trx, mandate.id, request.id);
    }
    return;
  }
  await noteRequestStatus(trx, request.id, request.status);
}

let listening = false;

/**
 * Registers the agency's and the inbox's listeners of request events, once per process (they use
 * only the transaction they are given, so one registration serves every database). The app does
 * it when it registers the agency's routes; anything else that files requests through the
 * requests service without building the app (the demo seed) calls it first.
 */
export function listenToRequestEvents(): void {
  if (listening) return;
  listening = true;
  onRequestEvent(agencyOfRequestEvent);
  onRequestEvent(notifyOfRequestEvent);
}
