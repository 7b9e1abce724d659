import type { ServiceItemRow } from '../../db/tables/service-catalog.ts';
import type { PublishingLevel } from '../../../contracts/service-catalog-terms.ts';
import type {
  EffectiveServiceItem,
  FormField,
  Publication,
  ServiceItem,
  ServiceItemSummary,
  ServiceMaterial,
} from '../../../contracts/service-catalog.ts';
import type { PublicationRowWithNames } from './catalog.repository.ts';

export type {
  EffectiveServiceItem,
  EffectiveServiceItemSummary,
  FormField,
  Publication,
  ServiceItem,
  ServiceItemSummary,
} from '../../../contracts/service-catalog.ts';

function parseList<T>(text: string): T[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Fields by ascending order (then key), optional labels filled with null, options only where they belong. */
export function orderedFields(fields: readonly FormField[]): FormField[] {
  return [...fields]
    .sort((a, b) => a.order - b.order || a.key.localeCompare(b.key))
    .map((f) => ({
      key: f.key,
      label: f.label,
      labelZhTw: f.labelZhTw ?? null,
      labelEn: f.labelEn ?? null,
      description: f.description ?? null,
      type: f.type,
      required: f.required,
      order: f.order,
      ...(f.type === 'single' || f.type === 'multi'
        ? { options: (f.options ?? []).map((o) => ({ key: o.key, label: o.label, labelZhTw: o.labelZhTw ?? null, labelEn: o.labelEn ?? null })) }
        : {}),
    }));
}

export function toServiceItem(row: ServiceItemRow): ServiceItem {
  return {
    code: row.code,
    name: row.name,
    nameZhTw: row.name_zh_tw,
    nameEn: row.name_en,
    category: row.category as ServiceItem['category'],
    department: row.department,
    decidingLevel: row.deciding_level as ServiceItem['decidingLevel'],
    legalBasis: row.legal_basis,
    conditions: row.conditions,
    materials: parseList<ServiceMaterial>(row.materials),
    committedDays: row.committed_days,
    statutoryDays: row.statutory_days,
    feeYuan: Number(row.fee_yuan),
    feeNote: row.fee_note,
    channels: parseList<ServiceItem['channels'][number]>(row.channels),
    agencyAllowed: Boolean(row.agency_allowed),
    fields: orderedFields(parseList<FormField>(row.fields)),
    generated: Boolean(row.generated),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toSummary(item: ServiceItem): ServiceItemSummary {
  return {
    code: item.code,
    name: item.name,
    nameZhTw: item.nameZhTw,
    nameEn: item.nameEn,
    category: item.category,
    department: item.department,
    decidingLevel: item.decidingLevel,
    committedDays: item.committedDays,
    statutoryDays: item.statutoryDays,
    feeYuan: item.feeYuan,
    channels: item.channels,
    agencyAllowed: item.agencyAllowed,
    generated: item.generated,
  };
}

export interface EffectiveLimit {
  areaCode: string;
  areaName: string | null;
  level: PublishingLevel;
  committedDays: number;
}

export function levelOfPublishingCode(code: string): PublishingLevel {
  return code.length === 6 ? 'county' : 'township';
}

export function toEffectiveItem(item: ServiceItem, limit: EffectiveLimit): EffectiveServiceItem {
  return {
    ...item,
    committedDays: limit.committedDays,
    publication: { areaCode: limit.areaCode, areaName: limit.areaName, level: limit.level, baseCommittedDays: item.committedDays },
  };
}

export function toPublication(row: PublicationRowWithNames, item: ServiceItem, effectiveCommittedDays: number): Publication {
  return {
    itemCode: row.item_code,
    itemName: item.name,
    areaCode: row.area_code,
    areaName: row.area_name,
    level: levelOfPublishingCode(row.area_code),
    committedDays: row.committed_days,
    effectiveCommittedDays,
    statutoryDays: item.statutoryDays,
    publishedBy: row.published_by,
    updatedAt: row.updated_at,
  };
}
