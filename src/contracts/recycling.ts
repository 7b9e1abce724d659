/**
 * Recycling pickups (再生资源回收): a resident asks for a pickup, a collector (an agent, the
 * township's 代办员 who also runs the village information points) accepts it and completes it
 * with the weight actually collected; the resident earns points for it.
 */
import { Type, type Static } from 'typebox';
import { Page } from './common.ts';

export const RECYCLING_KINDS = ['paper', 'plastic', 'metal', 'glass', 'electronics', 'textiles', 'other'] as const;
export type RecyclingKind = (typeof RECYCLING_KINDS)[number];

export const PICKUP_STATUSES = ['requested', 'accepted', 'completed', 'cancelled'] as const;
export type PickupStatus = (typeof PICKUP_STATUSES)[number];

export const RECYCLING_LIMITS = {
  /** One household pickup: 0.1 kg to 2 tonnes. */
  weightKgMin: 0.1,
  weightKgMax: 2000,
  addressMaxLength: 120,
  noteMaxLength: 200,
  /** A window is 30 minutes to 3 days long and starts within 30 days. */
  windowMinutesMin: 30,
  windowHoursMax: 72,
  windowStartDaysAheadMax: 30,
} as const;

/**
 * Points per kilogram collected, by kind (whole points, rounded down per pickup). Demo figures,
 * in the spirit of the 积分 schemes of village recycling stations: scarce or harmful kinds earn more.
 */
export const POINTS_PER_KG: Readonly<Record<RecyclingKind, number>> = {
  paper: 2,
  plastic: 3,
  metal: 4,
  glass: 1,
  electronics: 10,
  textiles: 2,
  other: 1,
};

/** The points a completed pickup earns. */
export function pickupPoints(kind: RecyclingKind, weightKg: number): number {
  return Math.floor(POINTS_PER_KG[kind] * weightKg);
}

const Id = Type.String({ minLength: 1, maxLength: 36 });
const Weight = Type.Number({ minimum: RECYCLING_LIMITS.weightKgMin, maximum: RECYCLING_LIMITS.weightKgMax, description: 'kilograms' });

export const PickupIdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const Pickup = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Enum(RECYCLING_KINDS),
  estimatedKg: Type.Number(),
  actualKg: Type.Union([Type.Number(), Type.Null()]),
  windowStart: Type.String(),
  windowEnd: Type.String(),
  address: Type.String(),
  note: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(PICKUP_STATUSES),
  /** The resident's display name (masked for the collector: 张*). */
  residentName: Type.Union([Type.String(), Type.Null()]),
  collectorName: Type.Union([Type.String(), Type.Null()]),
  points: Type.Integer({ minimum: 0 }),
  version: Type.Integer(),
  requestedAt: Type.String(),
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Pickup = Static<typeof Pickup>;

export const NewPickup = Type.Object(
  {
    kind: Type.Enum(RECYCLING_KINDS),
    estimatedKg: Weight,
    windowStart: Type.String({ format: 'date-time' }),
    windowEnd: Type.String({ format: 'date-time' }),
    address: Type.String({ minLength: 1, maxLength: RECYCLING_LIMITS.addressMaxLength }),
    note: Type.Optional(Type.String({ maxLength: RECYCLING_LIMITS.noteMaxLength })),
  },
  { additionalProperties: false },
);
export type NewPickup = Static<typeof NewPickup>;

export const PickupVersion = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type PickupVersion = Static<typeof PickupVersion>;

export const PickupCompletion = Type.Object({ version: Type.Integer({ minimum: 1 }), actualKg: Weight }, { additionalProperties: false });
export type PickupCompletion = Static<typeof PickupCompletion>;

export const PickupListQuery = Type.Object(
  {
    area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
    status: Type.Optional(Type.Enum(PICKUP_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type PickupListQuery = Static<typeof PickupListQuery>;
export const PickupPage = Page(Pickup);
export type PickupPage = Static<typeof PickupPage>;

export const MyRecycling = Type.Object({
  items: Type.Array(Pickup),
  /** Points earned by every completed pickup. */
  points: Type.Integer({ minimum: 0 }),
});
export type MyRecycling = Static<typeof MyRecycling>;
