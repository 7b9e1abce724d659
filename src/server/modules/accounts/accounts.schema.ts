import { Type, type Static } from 'typebox';
import { ROLES } from '../../../contracts/roles.ts';
import type { UserRow } from '../../db/schema.ts';

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  scope: Type.String({ description: 'area code: the user sees this area and everything under it' }),
  scopeName: Type.Union([Type.String(), Type.Null()]),
  locked: Type.Boolean({ description: 'locked by an admin' }),
  lockedUntil: Type.Union([Type.String(), Type.Null()], { description: 'locked after repeated failed logins until then' }),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  demo: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type User = Static<typeof User>;

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
