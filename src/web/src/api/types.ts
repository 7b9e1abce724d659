// The API's response shapes, as the web reads them: the TypeBox schemas in src/contracts that the
// server's routes validate with, as `Static<>` types (type-only imports: no TypeBox in the bundle).
// Never write a response shape here by hand; move its schema to src/contracts and import it.
import type { Role } from '../../../contracts/roles.ts';
import type { AreaSummary } from '../../../contracts/areas.ts';

export type { Role };

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export type { DemoAccounts, Session, User } from '../../../contracts/accounts.ts';

export type { AreaDetail, AreaStatistics, AreaSummary } from '../../../contracts/areas.ts';
export type AreaKind = AreaSummary['kind'];
export type AreaLevelName = AreaSummary['levelName'];

export type { AuditEntry } from '../../../contracts/audit.ts';
