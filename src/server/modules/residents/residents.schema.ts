import { Type, type Static } from 'typebox';
import {
  DISABILITY_CATEGORIES,
  FLAG_STATUSES,
  HARDSHIP_KINDS,
  LEFT_BEHIND_KINDS,
  LEFT_BEHIND_REASONS,
  RELATIONS,
  RESIDENCE_STATUSES,
  RESIDENTS_LIMITS,
  SEXES,
  type DisabilityCategory,
  type FlagStatus,
  type HardshipKind,
  type LeftBehindKind,
  type LeftBehindReason,
  type Relation,
  type ResidenceStatus,
  type Sex,
} from '../../../contracts/residents.ts';
import { maskIdNumber } from '../../../engine/identity/id-number.ts';
import { ageOn } from '../../../engine/residents/left-behind.ts';
import type { HouseholdRow, LeftBehindFlagRow, PersonEventRow, PersonRow } from '../../db/schema.ts';
import { maskPermit, maskPhone, type PersonalDataCipher } from './personal-data.ts';
import type { PersonValues } from '../../../engine/residents/person-rules.ts';
import { nameInitials } from './name-initials.ts';

export const SexSchema = Type.Enum(SEXES);
export const RelationSchema = Type.Enum(RELATIONS, { description: 'relation to the household head (与户主关系)' });
export const ResidenceStatusSchema = Type.Enum(RESIDENCE_STATUSES, {
  description: 'local 本地; inflow 流入 (lives here, hukou elsewhere); outflow 流出 (hukou here, living elsewhere)',
});
export const DisabilityCategorySchema = Type.Enum(DISABILITY_CATEGORIES);
export const HardshipSchema = Type.Enum(HARDSHIP_KINDS, { description: '低保 / 特困 / 低收入' });
export const LeftBehindKindSchema = Type.Enum(LEFT_BEHIND_KINDS);
export const FlagStatusSchema = Type.Enum(FLAG_STATUSES);

export const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Disability = Type.Object(
  { category: DisabilityCategorySchema, grade: Type.Integer({ minimum: 1, maximum: 4, description: '1 most severe … 4' }) },
  { additionalProperties: false },
);

export const FlagSummary = Type.Object({
  id: Type.String(),
  kind: LeftBehindKindSchema,
  status: FlagStatusSchema,
  applies: Type.Boolean(),
  reason: Nullable(Type.String()),
});

export const Person = Type.Object({
  id: Type.String(),
  areaCode: Type.String({ description: 'the community the person lives in (their record belongs to)' }),
  areaName: Nullable(Type.String()),
  householdId: Nullable(Type.String()),
  name: Type.String(),
  sex: SexSchema,
  birthDate: Type.String(),
  age: Type.Integer(),
  idNumber: Nullable(Type.String({ description: 'masked (3408**********123X) unless revealed' })),
  phone: Nullable(Type.String({ description: 'masked (138****5678) unless revealed' })),
  residencePermitNumber: Nullable(Type.String({ description: 'masked unless revealed' })),
  personalDataRevealed: Type.Boolean({ description: 'true when the numbers above are shown in full (the read is audited)' }),
  ethnicity: Nullable(Type.String()),
  relation: RelationSchema,
  hukouAreaCode: Nullable(Type.String()),
  residenceStatus: ResidenceStatusSchema,
  awayTo: Nullable(Type.String()),
  awaySince: Nullable(Type.String()),
  migrantWorker: Type.Boolean(),
  accompanyingFamily: Type.Boolean(),
  disability: Nullable(Disability),
  hardship: Nullable(HardshipSchema),
  livingAlone: Type.Boolean(),
  notes: Nullable(Type.String()),
  generated: Type.Boolean({ description: 'generated demo data' }),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Person = Static<typeof Person>;

export const PersonDetail = Type.Object({
  ...Person.properties,
  hukouAreaPath: Nullable(
    Type.Array(Type.String(), { description: 'the hukou area named from the province down (安徽省, 安庆市, 岳西县); null without a hukou code or for a code that names no area' }),
  ),
  leftBehind: Type.Array(FlagSummary),
});
export type PersonDetail = Static<typeof PersonDetail>;

const Name = Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.nameMaxLength });
const IdNumberInput = Type.String({ minLength: 1, maxLength: 32, description: 'GB 11643: 18 characters with its check character' });
const PhoneInput = Type.String({ minLength: 1, maxLength: 32 });
const AreaCode12 = Type.String({ pattern: '^[0-9]{12}$' });
const HukouCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$', description: '6-, 9- or 12-digit division code of the hukou' });

const personFields = {
  name: Name,
  sex: Type.Optional(SexSchema),
  birthDate: Type.Optional(DateString),
  idNumber: Type.Optional(Nullable(IdNumberInput)),
  phone: Type.Optional(Nullable(PhoneInput)),
  ethnicity: Type.Optional(Nullable(Type.String({ maxLength: RESIDENTS_LIMITS.ethnicityMaxLength }))),
  relation: RelationSchema,
  hukouAreaCode: Type.Optional(Nullable(HukouCode)),
  residenceStatus: Type.Optional(ResidenceStatusSchema),
  residencePermitNumber: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 32 }))),
  awayTo: Type.Optional(Nullable(Type.String({ maxLength: RESIDENTS_LIMITS.awayToMaxLength }))),
  awaySince: Type.Optional(Nullable(DateString)),
  migrantWorker: Type.Optional(Type.Boolean()),
  accompanyingFamily: Type.Optional(Type.Boolean()),
  disability: Type.Optional(Nullable(Disability)),
  hardship: Type.Optional(Nullable(HardshipSchema)),
  livingAlone: Type.Optional(Type.Boolean()),
  notes: Type.Optional(Nullable(Type.String({ maxLength: RESIDENTS_LIMITS.notesMaxLength }))),
};

export const NewPerson = Type.Object(
  {
    householdId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'the household; its community is the person’s' })),
    areaCode: Type.Optional(AreaCode12),
    ...personFields,
  },
  { additionalProperties: false, description: 'sex and birth date may be left out when the ID number gives them' },
);
export type NewPerson = Static<typeof NewPerson>;

export const PersonChanges = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version you read; a stale one is refused with 409' }),
    householdId: Type.Optional(Type.String({ minLength: 1, maxLength: 36, description: 'moving to another household moves the person to its community' })),
    ...personFields,
    name: Type.Optional(Name),
    relation: Type.Optional(RelationSchema),
  },
  { additionalProperties: false },
);
export type PersonChanges = Static<typeof PersonChanges>;

export const Household = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  number: Nullable(Type.String({ description: '户编号' })),
  address: Type.String(),
  hukou: Type.Boolean({ description: 'a hukou household (户籍户)' }),
  headPersonId: Nullable(Type.String()),
  headName: Nullable(Type.String()),
  members: Type.Integer(),
  generated: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Household = Static<typeof Household>;

export const HouseholdDetail = Type.Object({ ...Household.properties, persons: Type.Array(Person) });
export type HouseholdDetail = Static<typeof HouseholdDetail>;

export const NewHousehold = Type.Object(
  {
    areaCode: AreaCode12,
    number: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.householdNumberMaxLength }))),
    address: Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.addressMaxLength }),
    hukou: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewHousehold = Static<typeof NewHousehold>;

export const HouseholdChanges = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    number: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.householdNumberMaxLength }))),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.addressMaxLength })),
    hukou: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'the head changes through the members’ relation' },
);
export type HouseholdChanges = Static<typeof HouseholdChanges>;

export const PersonEvent = Type.Object({
  id: Type.String(),
  at: Type.String(),
  username: Nullable(Type.String()),
  action: Type.String({ description: 'create, update, merge, import, leftBehind.confirm …' }),
  changes: Type.Record(Type.String(), Type.Unknown(), { description: '{ field: { from, to } }; personal numbers masked' }),
});
export type PersonEvent = Static<typeof PersonEvent>;

export const LeftBehindFlag = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  personId: Type.String(),
  householdId: Type.String(),
  personName: Nullable(Type.String()),
  sex: Nullable(SexSchema),
  birthDate: Nullable(Type.String()),
  kind: LeftBehindKindSchema,
  status: FlagStatusSchema,
  applies: Type.Boolean({ description: 'whether the rules find it now; false: the facts no longer show it' }),
  reason: Nullable(Type.Enum(LEFT_BEHIND_REASONS)),
  facts: Type.Unknown(),
  previousStatus: Nullable(FlagStatusSchema),
  previousFacts: Type.Unknown({ description: 'the facts at the last review, when they have changed since' }),
  reviewReason: Nullable(Type.String()),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String(),
});
export type LeftBehindFlag = Static<typeof LeftBehindFlag>;

export const Review = Type.Object(
  {
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: RESIDENTS_LIMITS.reasonMaxLength })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type Review = Static<typeof Review>;

export const PersonFilterQuery = {
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'an area: the persons living in its communities' })),
  householdId: Type.Optional(Type.String({ maxLength: 36 })),
  sex: Type.Optional(SexSchema),
  ageMin: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
  ageMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
  status: Type.Optional(ResidenceStatusSchema),
  migrantWorker: Type.Optional(Type.Boolean()),
  hardship: Type.Optional(HardshipSchema),
  disabled: Type.Optional(Type.Boolean()),
  flag: Type.Optional(Type.Union([LeftBehindKindSchema, Type.Literal('livingAlone')], { description: 'a left-behind flag (pending or confirmed), or livingAlone' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a name (its beginning), pinyin initials (zsf), a full ID number or phone number' })),
};

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
