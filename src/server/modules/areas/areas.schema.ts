import { AREA_LEVELS, fullAreaCode } from '../../../contracts/area-code.ts';
import type { AreaSummary } from '../../../contracts/areas.ts';
import type { AreaRow } from '../../db/schema.ts';

// The shapes live in src/contracts/areas.ts (the web reads them too); this file maps rows to them.
export { AreaDetail, AreaStatistics, AreaSummary, ChildCounts } from '../../../contracts/areas.ts';

export function toAreaSummary(row: AreaRow): AreaSummary {
  return {
    code: row.code,
    fullCode: fullAreaCode(row.code),
    name: row.name,
    level: row.level,
    levelName: AREA_LEVELS[row.level - 1]!,
    parentCode: row.parent_code,
    kind: row.kind_override ?? row.kind,
    kindSource: row.kind_override ? 'override' : row.kind ? 'name' : null,
    lon: row.lon,
    lat: row.lat,
    generated: Boolean(row.generated),
  };
}
