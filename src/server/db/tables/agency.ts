/**
 * Tables of the agency part of the service side (one interface per table, collected here into
 * `AgencyTables`, which the `Database` type in ../schema.ts extends). Snake_case columns as the
 * migration creates them; the module's schema file maps rows to the API shape.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled as the module's tables land
export interface AgencyTables {}
