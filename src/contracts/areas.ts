/** Area API shapes (GET /areas, /areas/{code}, children): the server's routes validate with them, the web reads them as `Static<>` types. */
import { Type, type Static } from 'typebox';

const Kind = Type.Union([Type.Literal('urban'), Type.Literal('rural'), Type.Null()]);
const LevelName = Type.Union([
  Type.Literal('province'),
  Type.Literal('city'),
  Type.Literal('county'),
  Type.Literal('township'),
  Type.Literal('community'),
]);

export const AreaSummary = Type.Object({
  code: Type.String({ description: 'canonical code: 2/4/6/9/12 digits by level' }),
  fullCode: Type.String({ description: 'the 12-digit zero-padded code' }),
  name: Type.String(),
  level: Type.Integer({ minimum: 1, maximum: 5 }),
  levelName: LevelName,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  kind: Kind,
  kindSource: Type.Union([Type.Literal('name'), Type.Literal('override'), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  generated: Type.Boolean({ description: 'the centroid was generated (demo data), not surveyed' }),
});
export type AreaSummary = Static<typeof AreaSummary>;

export const AreaStatistics = Type.Object({
  year: Type.Integer(),
  residentPopulation: Type.Integer(),
  registeredPopulation: Type.Integer(),
  households: Type.Integer(),
  aged60Plus: Type.Integer(),
  childrenUnder16: Type.Integer(),
  source: Type.Union([Type.Literal('reported'), Type.Literal('rollup')], {
    description: 'reported for a community; rollup: summed over the communities below',
  }),
  communitiesReporting: Type.Integer({ description: 'communities whose figures are in the total' }),
  communitiesTotal: Type.Integer(),
  generated: Type.Boolean({ description: 'any of the figures is generated demo data' }),
});
export type AreaStatistics = Static<typeof AreaStatistics>;

export const ChildCounts = Type.Object({
  byLevel: Type.Record(Type.String(), Type.Integer(), { description: 'areas below, by level name' }),
  communities: Type.Object({ urban: Type.Integer(), rural: Type.Integer(), total: Type.Integer() }),
  direct: Type.Integer({ description: 'direct children' }),
});

export const AreaDetail = Type.Object({
  ...AreaSummary.properties,
  path: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() }), {
    description: 'ancestors, top first',
  }),
  childCounts: ChildCounts,
  statistics: Type.Union([AreaStatistics, Type.Null()]),
  statisticsYears: Type.Array(Type.Integer()),
});
export type AreaDetail = Static<typeof AreaDetail>;
