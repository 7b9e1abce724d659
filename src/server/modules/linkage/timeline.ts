/** The chain's timeline: one event row per state change of a need, project, call, bid, complaint or contract. */
import { newId } from '../../db/ids.ts';
import type { Actor } from '../../http/actor.ts';
import type { LinkageEventsTable } from '../../db/tables/linkage-procurement.ts';

export type Subject = 'need' | 'project' | 'call' | 'bid' | 'complaint' | 'contract';

export function eventRow(actor: Actor | null, areaCode: string, subject: Subject, subjectId: string, from: string | null, to: string, note: string | null = null): LinkageEventsTable {
  return {
    area_code: areaCode,
    id: newId(),
    subject,
    subject_id: subjectId,
    from_state: from,
    to_state: to,
    note,
    at: new Date().toISOString(),
    user_id: actor?.userId ?? null,
    username: actor?.username ?? null,
  };
}
