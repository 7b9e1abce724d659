// The API's response shapes, as the web reads them. They mirror the server's TypeBox schemas
// (src/server/modules/*/*.schema.ts); when a schema moves to src/contracts, import it from there.
import type { Role } from '../../../contracts/roles.ts';

export type { Role };

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scope: string;
  scopeName: string | null;
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  demo: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export interface DemoAccounts {
  accounts: { username: string; displayName: string; role: Role; scope: string; scopeName: string | null }[];
  password: string | null;
}

export type AreaKind = 'urban' | 'rural' | null;
export type AreaLevelName = 'province' | 'city' | 'county' | 'township' | 'community';

export interface AreaSummary {
  code: string;
  fullCode: string;
  name: string;
  level: number;
  levelName: AreaLevelName;
  parentCode: string | null;
  kind: AreaKind;
  kindSource: 'name' | 'override' | null;
  lon: number | null;
  lat: number | null;
  generated: boolean;
}

export interface AreaStatistics {
  year: number;
  residentPopulation: number;
  registeredPopulation: number;
  households: number;
  aged60Plus: number;
  childrenUnder16: number;
  source: 'reported' | 'rollup';
  communitiesReporting: number;
  communitiesTotal: number;
  generated: boolean;
}

export interface AreaDetail extends AreaSummary {
  path: { code: string; name: string; level: number }[];
  childCounts: {
    byLevel: Record<string, number>;
    communities: { urban: number; rural: number; total: number };
    direct: number;
  };
  statistics: AreaStatistics | null;
  statisticsYears: number[];
}

export interface AuditEntry {
  id: string;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  outcome: 'ok' | 'denied' | 'failed';
  areaCode: string;
  targetType: string | null;
  targetId: string | null;
  address: string | null;
  details: Record<string, unknown> | null;
}
