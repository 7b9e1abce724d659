import type { AuditEntry } from '../../../contracts/audit.ts';
import type { AuditRow } from '../../db/schema.ts';

// The shape lives in src/contracts/audit.ts (the web reads it too); this file maps rows to it.
export { AuditEntry } from '../../../contracts/audit.ts';

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    action: row.action,
    outcome: row.outcome as AuditEntry['outcome'],
    areaCode: row.area_code,
    targetType: row.target_type,
    targetId: row.target_id,
    address: row.address,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}
