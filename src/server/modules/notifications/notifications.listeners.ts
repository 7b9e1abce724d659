import type { Db } from '../../db/database.ts';
import type { NotificationKind } from '../../../contracts/notifications.ts';
import { errandOf } from '../services/custody.service.ts';
import type { RequestEventNotice } from '../services/requests.service.ts';
import { notify, usersOfPersons, type NewNotification } from './notifications.service.ts';

/** Which message an event of a request makes, if any. */
export function notificationKindOf(event: RequestEventNotice['event']): NotificationKind | null {
  switch (event.kind) {
    case 'requestSupplement':
      return 'supplementRequested';
    case 'warning':
      return 'requestWarning';
    case 'overdue':
      return 'requestOverdue';
    case 'escalatedToHead':
    case 'escalatedToLevelAbove':
      return 'requestEscalated';
    case 'assigned':
      return 'requestAssigned';
    default:
      return event.to !== null && event.to !== event.from ? 'requestStatusChanged' : null;
  }
}

/**
 * The messages of a request's event (inside its transaction): to the applicant (their account, or
 * the account of their registry record), the agent who carries it, and the handler it is assigned
 * to — never to the one who did it, and to the applicant's side only for public events. An
 * assignment tells the assignee alone.
 */
export async function notifyOfRequestEvent(trx: Db, notice: RequestEventNotice): Promise<void> {
  const { request, event } = notice;
  const kind = notificationKindOf(event);
  if (!kind) return;
  const recipients = new Set<string>();
  if (request.assigneeUserId) recipients.add(request.assigneeUserId);
  if (kind !== 'requestAssigned' && event.visibility === 'public') {
    const applicant = request.applicantUserId ?? (request.applicantPersonId ? (await usersOfPersons(trx, [request.applicantPersonId])).get(request.applicantPersonId) : undefined);
    if (applicant) recipients.add(applicant);
    const errand = await errandOf(trx, request.id);
    if (errand) recipients.add(errand.agentUserId);
  }
  if (event.actorUserId) recipients.delete(event.actorUserId);
  const level = event.kind === 'escalatedToHead' ? 1 : event.kind === 'escalatedToLevelAbove' ? 2 : undefined;
  const messages: NewNotification[] = [...recipients].map((userId) => ({
    userId,
    areaCode: request.areaCode,
    kind,
    requestId: request.id,
    params: {
      requestNumber: request.number,
      itemName: request.itemName,
      itemCode: request.itemCode,
      from: event.from ?? undefined,
      to: event.to ?? undefined,
      action: event.kind,
      note: event.visibility === 'public' ? (event.note ?? undefined) : undefined,
      dueAt: typeof event.details?.dueAt === 'string' ? event.details.dueAt : undefined,
      level,
    },
  }));
  await notify(trx, messages);
}
