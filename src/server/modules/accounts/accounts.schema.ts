import type { UserRow } from '../../db/schema.ts';
import type { User } from '../../../contracts/accounts.ts';

// The shapes live in src/contracts/accounts.ts (the web reads them too); this file maps rows to them.
export type { User };

export function toUser(row: UserRow & { scope_name?: string | null }): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as User['role'],
    scope: row.scope_code,
    scopeName: row.scope_name ?? null,
    locked: Boolean(row.locked),
    lockedUntil: row.locked_until && Date.parse(row.locked_until) > Date.now() ? row.locked_until : null,
    lastLoginAt: row.last_login_at,
    demo: Boolean(row.demo),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
