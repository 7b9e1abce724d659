/**
 * Production–sales matching (产销对接, 城乡对接): producers and their products, hubs and
 * urban–rural pairings, sales rounds, orders, pick lists and settlements. The API shapes the
 * routes validate with and the web reads as `Static<>` types. Money is whole fen (分, `…Cents`);
 * quantities are whole units of the product's unit.
 */
import { Type, type Static } from 'typebox';
import { LANGUAGES } from './language.ts';
import { MARKET_LIMITS } from './market-limits.ts';

export { MARKET_LIMITS, PRODUCT_PHOTO_MEDIA_TYPES, type ProductPhotoMediaType } from './market-limits.ts';

export const PRODUCER_KINDS = ['farmer', 'cooperative', 'supplyCooperative'] as const;
export type ProducerKind = (typeof PRODUCER_KINDS)[number];
export const HUB_KINDS = ['buyersGroup', 'cooperative'] as const;
export type HubKind = (typeof HUB_KINDS)[number];
export const ROUND_STATUSES = ['open', 'closed', 'confirmed', 'packed', 'delivered', 'settled', 'cancelled'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
/** The moves a hub makes by hand; `confirmed` comes when every producer has confirmed. */
export const ROUND_MOVES = ['closed', 'packed', 'delivered', 'settled', 'cancelled'] as const;
export type RoundMove = (typeof ROUND_MOVES)[number];
export const BELOW_MINIMUM = ['cancel', 'extend'] as const;
export const ORDER_STATUSES = ['placed', 'received', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const SETTLEMENT_STATUSES = ['owed', 'paid'] as const;
/** The limits an order can run into; a 409 names the one it hit in `details.limit`. */
export const ORDER_LIMITS = ['notOpenYet', 'closed', 'available', 'orderUnitLimit', 'perBuyerLimit', 'buyerUnitLimit'] as const;
export type OrderLimit = (typeof ORDER_LIMITS)[number];

const Id = Type.String({ minLength: 1, maxLength: 36 });
const Name = Type.String({ minLength: 1, maxLength: MARKET_LIMITS.nameMaxLength });
const CommunityCode = Type.String({ pattern: '^[0-9]{12}$', description: 'the 12-digit code of a community' });
const DateString = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 date and time' });
const Cents = Type.Integer({ minimum: 1, maximum: MARKET_LIMITS.priceCentsMax, description: 'whole fen (分), > 0' });
const Units = Type.Integer({ minimum: 1, maximum: MARKET_LIMITS.quantityMax, description: 'whole units, > 0' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AreaQuery = Type.Object({ area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'division code; your scope by default' })) }, { additionalProperties: false });
export const MarketIdParams = Type.Object({ id: Id });

export const Producer = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  kind: Type.Enum(PRODUCER_KINDS),
  name: Type.String(),
  description: Nullable(Type.String()),
  hasAccount: Type.Boolean(),
  listedByAgent: Type.Boolean(),
  createdAt: Type.String(),
});
export type Producer = Static<typeof Producer>;
export const NewProducer = Type.Object(
  {
    areaCode: CommunityCode,
    kind: Type.Enum(PRODUCER_KINDS),
    name: Name,
    description: Type.Optional(Type.String({ maxLength: MARKET_LIMITS.descriptionMaxLength })),
  },
  { additionalProperties: false },
);
export type NewProducer = Static<typeof NewProducer>;

export const Product = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  producerId: Type.String(),
  producerName: Type.String(),
  name: Type.String(),
  unit: Type.String(),
  priceCents: Type.Integer(),
  quantity: Type.Integer(),
  hasPhoto: Type.Boolean(),
  harvestFrom: Nullable(Type.String()),
  harvestTo: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
});
export type Product = Static<typeof Product>;
export const NewProduct = Type.Object(
  {
    producerId: Id,
    name: Name,
    unit: Type.String({ minLength: 1, maxLength: MARKET_LIMITS.unitMaxLength, description: '斤, 盒, 箱 …' }),
    priceCents: Cents,
    quantity: Units,
    harvestFrom: Type.Optional(DateString),
    harvestTo: Type.Optional(DateString),
  },
  { additionalProperties: false },
);
export type NewProduct = Static<typeof NewProduct>;
export const ProductChange = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Name),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: MARKET_LIMITS.unitMaxLength })),
    priceCents: Type.Optional(Cents),
    quantity: Type.Optional(Units),
    harvestFrom: Type.Optional(Nullable(DateString)),
    harvestTo: Type.Optional(Nullable(DateString)),
  },
  { additionalProperties: false },
);
export type ProductChange = Static<typeof ProductChange>;

export const Hub = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  areaName: Nullable(Type.String()),
  kind: Type.Enum(HUB_KINDS),
  name: Type.String(),
  createdAt: Type.String(),
});
export type Hub = Static<typeof Hub>;
export const NewHub = Type.Object({ areaCode: CommunityCode, kind: Type.Enum(HUB_KINDS), name: Name }, { additionalProperties: false });
export type NewHub = Static<typeof NewHub>;

export const Pairing = Type.Object({
  urbanAreaCode: Type.String(),
  urbanAreaName: Nullable(Type.String()),
  ruralAreaCode: Type.String(),
  ruralAreaName: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type Pairing = Static<typeof Pairing>;
export const NewPairing = Type.Object({ urbanAreaCode: CommunityCode, ruralAreaCode: CommunityCode }, { additionalProperties: false });
export type NewPairing = Static<typeof NewPairing>;

export const Pickup = Type.Object({ facilityId: Type.String(), areaCode: Type.String(), name: Type.String() });
export type Pickup = Static<typeof Pickup>;

export const Offer = Type.Object({
  id: Type.String(),
  roundId: Type.String(),
  productId: Type.String(),
  productName: Type.String(),
  unit: Type.String(),
  producerId: Type.String(),
  producerName: Type.String(),
  producerAreaCode: Type.String(),
  priceCents: Type.Integer(),
  quantity: Type.Integer(),
  ordered: Type.Integer(),
  remaining: Type.Integer(),
  perBuyerLimit: Nullable(Type.Integer()),
  confirmed: Nullable(Type.Integer()),
  confirmedAt: Nullable(Type.String()),
  hasPhoto: Type.Boolean(),
});
export type Offer = Static<typeof Offer>;

export const RoundEvent = Type.Object({ from: Nullable(Type.String()), to: Type.String(), note: Nullable(Type.String()), at: Type.String() });

export const Round = Type.Object({
  id: Type.String(),
  areaCode: Type.String(),
  hubId: Type.String(),
  hubName: Type.String(),
  title: Type.String(),
  status: Type.Enum(ROUND_STATUSES),
  opensAt: Type.String(),
  closesAt: Type.String(),
  extended: Type.Boolean(),
  minimumTotalCents: Nullable(Type.Integer()),
  belowMinimum: Type.Enum(BELOW_MINIMUM),
  extendHours: Type.Integer(),
  orderUnitLimit: Nullable(Type.Integer()),
  buyerUnitLimit: Nullable(Type.Integer()),
  orderedCents: Type.Integer(),
  orderCount: Type.Integer(),
  version: Type.Integer(),
  pickups: Type.Array(Pickup),
  offers: Type.Array(Offer),
  events: Type.Array(RoundEvent),
});
export type Round = Static<typeof Round>;
export const RoundSummary = Type.Omit(Round, ['offers', 'events', 'pickups']);
export type RoundSummary = Static<typeof RoundSummary>;

const NewOffer = Type.Object(
  {
    productId: Id,
    quantity: Units,
    /** The round's price; the product's by default. */
    priceCents: Type.Optional(Cents),
    perBuyerLimit: Type.Optional(Units),
  },
  { additionalProperties: false },
);
export const NewRound = Type.Object(
  {
    hubId: Id,
    title: Name,
    opensAt: Instant,
    closesAt: Instant,
    minimumTotalCents: Type.Optional(Cents),
    belowMinimum: Type.Optional(Type.Enum(BELOW_MINIMUM)),
    extendHours: Type.Optional(Type.Integer({ minimum: 0, maximum: MARKET_LIMITS.extendHoursMax })),
    orderUnitLimit: Type.Optional(Units),
    buyerUnitLimit: Type.Optional(Units),
    pickupFacilityIds: Type.Array(Id, { minItems: 1, maxItems: MARKET_LIMITS.pickupsMax }),
    offers: Type.Array(NewOffer, { minItems: 1, maxItems: MARKET_LIMITS.offersMax }),
  },
  { additionalProperties: false },
);
export type NewRound = Static<typeof NewRound>;
export const RoundChange = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    title: Type.Optional(Name),
    closesAt: Type.Optional(Instant),
    minimumTotalCents: Type.Optional(Nullable(Cents)),
    orderUnitLimit: Type.Optional(Nullable(Units)),
    buyerUnitLimit: Type.Optional(Nullable(Units)),
  },
  { additionalProperties: false },
);
export type RoundChange = Static<typeof RoundChange>;
export const RoundMoveBody = Type.Object(
  { to: Type.Enum(ROUND_MOVES), note: Type.Optional(Type.String({ maxLength: MARKET_LIMITS.noteMaxLength })) },
  { additionalProperties: false },
);
export type RoundMoveBody = Static<typeof RoundMoveBody>;
export const OfferConfirmation = Type.Object({ confirmed: Type.Integer({ minimum: 0, maximum: MARKET_LIMITS.quantityMax }) }, { additionalProperties: false });
export type OfferConfirmation = Static<typeof OfferConfirmation>;
export const OffersToConfirmQuery = AreaQuery;

export const OrderLine = Type.Object({
  id: Type.String(),
  offerId: Type.String(),
  productName: Type.String(),
  unit: Type.String(),
  producerName: Type.String(),
  quantity: Type.Integer(),
  allocated: Nullable(Type.Integer()),
  priceCents: Type.Integer(),
});
export type OrderLine = Static<typeof OrderLine>;
export const Order = Type.Object({
  id: Type.String(),
  roundId: Type.String(),
  roundTitle: Type.String(),
  roundStatus: Type.Enum(ROUND_STATUSES),
  buyerName: Type.String(),
  pickupFacilityId: Type.String(),
  pickupName: Type.String(),
  status: Type.Enum(ORDER_STATUSES),
  units: Type.Integer(),
  totalCents: Type.Integer(),
  allocatedUnits: Nullable(Type.Integer()),
  allocatedCents: Nullable(Type.Integer()),
  createdAt: Type.String(),
  receivedAt: Nullable(Type.String()),
  lines: Type.Array(OrderLine),
});
export type Order = Static<typeof Order>;
export const NewOrder = Type.Object(
  {
    pickupFacilityId: Id,
    lines: Type.Array(Type.Object({ offerId: Id, quantity: Units }, { additionalProperties: false }), { minItems: 1, maxItems: MARKET_LIMITS.linesMax }),
  },
  { additionalProperties: false },
);
export type NewOrder = Static<typeof NewOrder>;

export const PICK_LIST_VIEWS = ['pickup', 'producer'] as const;
export type PickListView = (typeof PICK_LIST_VIEWS)[number];
export const PICK_LIST_FORMATS = ['json', 'pdf', 'xlsx'] as const;
export const PickListQuery = Type.Object(
  {
    by: Type.Enum(PICK_LIST_VIEWS),
    format: Type.Optional(Type.Enum(PICK_LIST_FORMATS)),
    lang: Type.Optional(Type.Enum(LANGUAGES, { description: 'the language of the printed words; default from Accept-Language, else zh-CN' })),
  },
  { additionalProperties: false },
);
/** One sheet of a pick list: a pickup point's orders, or a producer's units by pickup point. */
export const PickList = Type.Object({
  roundId: Type.String(),
  by: Type.Enum(PICK_LIST_VIEWS),
  groups: Type.Array(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      rows: Type.Array(Type.Object({ who: Type.String(), productName: Type.String(), unit: Type.String(), quantity: Type.Integer(), orderId: Nullable(Type.String()) })),
      totalUnits: Type.Integer(),
    }),
  ),
});
export type PickList = Static<typeof PickList>;

export const Settlement = Type.Object({
  id: Type.String(),
  roundId: Type.String(),
  producerId: Type.String(),
  producerName: Type.String(),
  units: Type.Integer(),
  amountCents: Type.Integer(),
  status: Type.Enum(SETTLEMENT_STATUSES),
  paidAt: Nullable(Type.String()),
  paidNote: Nullable(Type.String()),
});
export type Settlement = Static<typeof Settlement>;
export const SettlementPaid = Type.Object(
  { paidAt: DateString, note: Type.Optional(Type.String({ maxLength: MARKET_LIMITS.noteMaxLength })) },
  { additionalProperties: false },
);
export type SettlementPaid = Static<typeof SettlementPaid>;

/** The market's figures of an area: what its villages list and were paid, what its communities ordered. */
export const MarketFigures = Type.Object({
  /** Producers whose village lies in the area. */
  producers: Type.Integer(),
  /** Their products. */
  products: Type.Integer(),
  /** Rounds open now of the hubs in the area. */
  openRounds: Type.Integer(),
  /** Orders placed in the area's hubs' rounds, cancelled ones excluded. */
  orders: Type.Integer(),
  /** What settled rounds owe (or paid) the producers of the area, in fen. */
  settledCents: Type.Integer(),
});
export type MarketFigures = Static<typeof MarketFigures>;
export const MarketSummary = Type.Object({
  area: Type.Object({ code: Type.String(), name: Nullable(Type.String()) }),
  total: MarketFigures,
  /** By the kind of the community each figure belongs to (the producer's village, the hub's community). */
  urban: MarketFigures,
  rural: MarketFigures,
  /** The area's children (townships of a county, communities of a township …) that have any figure, by code. */
  children: Type.Array(Type.Object({ code: Type.String(), name: Nullable(Type.String()), figures: MarketFigures })),
});
export type MarketSummary = Static<typeof MarketSummary>;

export const List = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Object({ items: Type.Array(item) });
export const ProducerList = List(Producer);
export const ProductList = List(Product);
export const HubList = List(Hub);
export const PairingList = List(Pairing);
export const RoundList = List(RoundSummary);
export const OrderList = List(Order);
export const OfferList = List(Offer);
export const SettlementList = List(Settlement);
