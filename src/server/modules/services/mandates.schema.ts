import type { Mandate, MandateStatus } from '../../../contracts/agency.ts';
import type { MandateRow, MandateRowWithAgent } from './mandates.repository.ts';
import { dateInChina } from '../../../engine/calendar/working-days.ts';

/** Today's date in China (UTC+8, no daylight saving): the day a mandate's validity is read on. */
export function chinaDate(at: Date = new Date()): string {
  return dateInChina(at);
}

/** A real YYYY-MM-DD date. */
export function isCalendarDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A mandate's standing on a day: revoked wins, then the validity dates (both days included). */
export function mandateStatus(row: Pick<MandateRow, 'revoked_at' | 'valid_from' | 'valid_until'>, on: string): MandateStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (on < row.valid_from) return 'notYetValid';
  if (on > row.valid_until) return 'expired';
  return 'active';
}

export function itemCodesOf(row: Pick<MandateRow, 'item_codes'>): string[] {
  const parsed: unknown = JSON.parse(row.item_codes);
  return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : [];
}

export function toMandate(row: MandateRowWithAgent, on: string = chinaDate()): Mandate {
  return {
    id: row.id,
    areaCode: row.area_code,
    principal: { personId: row.principal_person_id, name: row.principal_name },
    agent: { userId: row.agent_user_id, username: row.agent_username ?? '', displayName: row.agent_display_name ?? row.agent_username ?? '' },
    coverage: row.coverage as Mandate['coverage'],
    itemCodes: itemCodesOf(row),
    requestId: row.request_id,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    consent: {
      kind: row.consent_kind as Mandate['consent']['kind'],
      file: row.consent_sha256 ? { sha256: row.consent_sha256, mediaType: row.consent_media_type ?? 'application/octet-stream', size: row.consent_size ?? 0 } : null,
      witnessName: row.witness_name,
      witnessNote: row.witness_note,
    },
    status: mandateStatus(row, on),
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by_username,
    revocationReason: row.revocation_reason,
    createdAt: row.created_at,
    createdBy: row.created_by_username,
    version: row.version,
  };
}
