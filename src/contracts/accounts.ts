/** Account and session API shapes: the server's routes validate with them, the web reads them as `Static<>` types. */
import { Type, type Static } from 'typebox';
import { ROLES } from './roles.ts';

export const RoleSchema = Type.Enum(ROLES);

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

export const Session = Type.Object({
  user: User,
  csrfToken: Type.String({ description: 'send it back as the x-csrf-token header on every write' }),
  expiresAt: Type.String(),
});
export type Session = Static<typeof Session>;

export const DemoAccounts = Type.Object({
  accounts: Type.Array(
    Type.Object({
      username: Type.String(),
      displayName: Type.String(),
      role: RoleSchema,
      scope: Type.String(),
      scopeName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  password: Type.Union([Type.String(), Type.Null()], { description: 'the documented shared demo password; null when there are no demo accounts' }),
});
export type DemoAccounts = Static<typeof DemoAccounts>;
