/**
 * Tables of the service-catalog part of the service side (one interface per table, collected here into
 * `ServiceCatalogTables`, which the `Database` type in ../schema.ts extends). Snake_case columns as the
 * migration (2026120801_service_catalog) creates them; the module's schema file maps rows to the API shape.
 */
import type { ColumnType, Insertable, Selectable } from 'kysely';

/** Booleans read back as 0/1 on SQLite and true/false on PostgreSQL; mappers use Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;

export interface ServiceItemsTable {
  code: string;
  name: string;
  name_zh_tw: string | null;
  name_en: string | null;
  /** Pinyin initials of the name, lower case, for search. */
  name_initials: string;
  name_pinyin: string;
  category: string;
  department: string;
  deciding_level: string;
  legal_basis: string;
  conditions: string;
  /** JSON: ServiceMaterial[]. */
  materials: string;
  committed_days: number;
  statutory_days: number;
  fee_yuan: number;
  fee_note: string | null;
  /** JSON: ServiceChannel[]. */
  channels: string;
  agency_allowed: Bool;
  /** JSON: FormField[], by ascending order. */
  fields: string;
  generated: Bool;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ServicePublicationsTable {
  area_code: string;
  item_code: string;
  /** A shortened committed limit for the area, or null for the one above. */
  committed_days: number | null;
  /** Username of who published or last changed it. */
  published_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ServiceCalendarDaysTable {
  id: string;
  area_code: string;
  date: string;
  kind: 'holiday' | 'workingDay';
  note: string;
  created_by: string | null;
  created_at: string;
}

export interface Open311KeysTable {
  id: string;
  name: string;
  area_code: string;
  /** SHA-256 (hex) of the key. */
  key_hash: string;
  key_prefix: string;
  /** The account whose rights the client uses for requests; null: the catalog only. */
  user_id: string | null;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export type ServiceItemRow = Selectable<ServiceItemsTable>;
export type NewServiceItemRow = Insertable<ServiceItemsTable>;
export type ServicePublicationRow = Selectable<ServicePublicationsTable>;
export type ServiceCalendarDayRow = Selectable<ServiceCalendarDaysTable>;
export type Open311KeyRow = Selectable<Open311KeysTable>;

export interface ServiceCatalogTables {
  service_items: ServiceItemsTable;
  service_publications: ServicePublicationsTable;
  service_calendar_days: ServiceCalendarDaysTable;
  open311_keys: Open311KeysTable;
}
