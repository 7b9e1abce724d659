import type {
  DisabilityCategory,
  FlagStatus,
  HardshipKind,
  LeftBehindKind,
  LeftBehindReason,
  Relation,
  ResidenceStatus,
  Sex,
} from '../../../contracts/residents.ts';
import { maskIdNumber } from '../../../engine/identity/id-number.ts';
import { ageOn } from '../../../engine/residents/left-behind.ts';
import type { HouseholdRow, LeftBehindFlagRow, PersonEventRow, PersonRow } from '../../db/schema.ts';
import { maskPermit, maskPhone, type PersonalDataCipher } from './personal-data.ts';
import type { PersonValues } from '../../../engine/residents/person-rules.ts';
import type { Household, LeftBehindFlag, Person, PersonEvent } from '../../../contracts/residents-api.ts';
import { nameInitials } from './name-initials.ts';

// The API shapes live in src/contracts/residents-api.ts; the module's files read their types from here.
export type {
  Household,
  HouseholdChanges,
  HouseholdDetail,
  LeftBehindFlag,
  NewHousehold,
  NewPerson,
  Person,
  PersonChanges,
  PersonDetail,
  PersonEvent,
  Review,
} from '../../../contracts/residents-api.ts';

export interface PersonFilter {
  area?: string;
  householdId?: string;
  sex?: Sex;
  ageMin?: number;
  ageMax?: number;
  status?: ResidenceStatus;
  migrantWorker?: boolean;
  hardship?: HardshipKind;
  disabled?: boolean;
  flag?: LeftBehindKind | 'livingAlone';
  q?: string;
}

export type PersonRowWithArea = PersonRow & { area_name: string | null };

// ---- the persons table: a row's values, and the columns values are stored in ----

/** The stored record's values, personal numbers decrypted (for checks and merges, never sent as is). */
export function valuesOf(row: PersonRow, cipher: PersonalDataCipher): PersonValues {
  return {
    name: row.name,
    sex: row.sex as Sex,
    birthDate: row.birth_date,
    idNumber: row.id_number_cipher ? cipher.decrypt('idNumber', row.id_number_cipher) : null,
    phone: row.phone_cipher ? cipher.decrypt('phone', row.phone_cipher) : null,
    ethnicity: row.ethnicity,
    relation: row.relation as Relation,
    hukouAreaCode: row.hukou_area_code,
    residenceStatus: row.residence_status as ResidenceStatus,
    residencePermitNumber: row.residence_permit_cipher ? cipher.decrypt('residencePermit', row.residence_permit_cipher) : null,
    awayTo: row.away_to,
    awaySince: row.away_since,
    migrantWorker: Boolean(row.migrant_worker),
    accompanyingFamily: Boolean(row.accompanying_family),
    disability: row.disability_category && row.disability_grade !== null ? { category: row.disability_category as DisabilityCategory, grade: row.disability_grade } : null,
    hardship: row.hardship as HardshipKind | null,
    livingAlone: Boolean(row.living_alone),
    notes: row.notes,
  };
}

/** The columns a record's values are stored in: personal numbers encrypted and hashed. */
export function columnsOf(v: PersonValues, cipher: PersonalDataCipher) {
  return {
    name: v.name,
    name_initials: nameInitials(v.name),
    sex: v.sex,
    birth_date: v.birthDate,
    id_number_cipher: v.idNumber ? cipher.encrypt('idNumber', v.idNumber) : null,
    id_number_hash: v.idNumber ? cipher.lookupHash('idNumber', v.idNumber) : null,
    phone_cipher: v.phone ? cipher.encrypt('phone', v.phone) : null,
    phone_hash: v.phone ? cipher.lookupHash('phone', v.phone) : null,
    ethnicity: v.ethnicity,
    relation: v.relation,
    hukou_area_code: v.hukouAreaCode,
    residence_status: v.residenceStatus,
    residence_permit_cipher: v.residencePermitNumber ? cipher.encrypt('residencePermit', v.residencePermitNumber) : null,
    away_to: v.awayTo,
    away_since: v.awaySince,
    migrant_worker: v.migrantWorker,
    accompanying_family: v.accompanyingFamily,
    disability_category: v.disability?.category ?? null,
    disability_grade: v.disability?.grade ?? null,
    hardship: v.hardship,
    living_alone: v.livingAlone,
    notes: v.notes,
  };
}

export type HouseholdRowWithArea = HouseholdRow & { area_name: string | null; head_name: string | null; members: number };

/** How personal numbers are shown: in full (revealed, audited by the caller) or masked. */
export function toPerson(row: PersonRowWithArea, cipher: PersonalDataCipher, reveal: boolean, today: string): Person {
  const show = (field: 'idNumber' | 'phone' | 'residencePermit', stored: string | null, mask: (v: string) => string) => {
    if (stored === null) return null;
    const plain = cipher.decrypt(field, stored);
    return reveal ? plain : mask(plain);
  };
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    householdId: row.household_id,
    name: row.name,
    sex: row.sex as Sex,
    birthDate: row.birth_date,
    age: ageOn(row.birth_date, today),
    idNumber: show('idNumber', row.id_number_cipher, maskIdNumber),
    phone: show('phone', row.phone_cipher, maskPhone),
    residencePermitNumber: show('residencePermit', row.residence_permit_cipher, maskPermit),
    personalDataRevealed: reveal,
    ethnicity: row.ethnicity,
    relation: row.relation as Relation,
    hukouAreaCode: row.hukou_area_code,
    residenceStatus: row.residence_status as ResidenceStatus,
    awayTo: row.away_to,
    awaySince: row.away_since,
    migrantWorker: Boolean(row.migrant_worker),
    accompanyingFamily: Boolean(row.accompanying_family),
    disability:
      row.disability_category && row.disability_grade !== null
        ? { category: row.disability_category as DisabilityCategory, grade: row.disability_grade }
        : null,
    hardship: row.hardship as HardshipKind | null,
    livingAlone: Boolean(row.living_alone),
    notes: row.notes,
    generated: Boolean(row.generated),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toHousehold(row: HouseholdRowWithArea): Household {
  return {
    id: row.id,
    areaCode: row.area_code,
    areaName: row.area_name,
    number: row.number,
    address: row.address,
    hukou: Boolean(row.hukou),
    headPersonId: row.head_person_id,
    headName: row.head_name,
    members: Number(row.members),
    generated: Boolean(row.generated),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toPersonEvent(row: PersonEventRow): PersonEvent {
  return { id: row.id, at: row.at, username: row.username, action: row.action, changes: JSON.parse(row.changes) as Record<string, unknown> };
}

export type FlagRowWithPerson = LeftBehindFlagRow & { person_name: string | null; sex: string | null; birth_date: string | null };

export function toFlag(row: FlagRowWithPerson): LeftBehindFlag {
  return {
    id: row.id,
    areaCode: row.area_code,
    personId: row.person_id,
    householdId: row.household_id,
    personName: row.person_name,
    sex: row.sex as Sex | null,
    birthDate: row.birth_date,
    kind: row.kind as LeftBehindKind,
    status: row.status as FlagStatus,
    applies: Boolean(row.applies),
    reason: row.reason as LeftBehindReason | null,
    facts: JSON.parse(row.facts) as unknown,
    previousStatus: row.previous_status as FlagStatus | null,
    previousFacts: row.previous_facts === null ? null : (JSON.parse(row.previous_facts) as unknown),
    reviewReason: row.review_reason,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    version: row.version,
    updatedAt: row.updated_at,
  };
}
