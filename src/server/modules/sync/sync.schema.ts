/** Rows of the sync module ↔ the API shapes of src/contracts/sync.ts. */
import type { Device, SyncConflict } from '../../../contracts/sync.ts';
import type { ConflictRow, DeviceRow } from './sync.repository.ts';

export function toDevice(row: DeviceRow): Device {
  return { id: row.id, userId: row.user_id, name: row.name, createdAt: row.created_at, lastContactAt: row.last_contact_at, revokedAt: row.revoked_at };
}

export function toConflict(row: ConflictRow): SyncConflict {
  return {
    id: row.id,
    recordKind: row.record_kind,
    recordId: row.record_id,
    areaCode: row.area_code,
    field: row.field,
    base: JSON.parse(row.base) as unknown,
    device: JSON.parse(row.device) as unknown,
    server: JSON.parse(row.server) as unknown,
    userId: row.user_id,
    username: row.username,
    deviceId: row.device_id,
    commandId: row.command_id,
    createdAt: row.created_at,
    status: row.status as SyncConflict['status'],
    resolution: row.resolution as SyncConflict['resolution'],
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
  };
}
