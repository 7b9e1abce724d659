import type { ColumnType } from 'kysely';

/**
 * Tables of production–sales matching (产销对接), created by migration 2026121111_market_sales.
 * Money is whole fen (分); quantities are whole units of the product's unit.
 */

/** Booleans read back as 0/1 on SQLite and true/false on PostgreSQL; mappers use Boolean(). */
type Bool = ColumnType<boolean | number, boolean, boolean>;

/** A producer in a village: a farmer, a co-operative (合作社) or a supply-and-marketing co-op outlet (供销社). */
export interface MarketProducersTable {
  area_code: string;
  id: string;
  kind: string;
  name: string;
  description: string | null;
  /** The producer's own account, if they have one (a farmer without a phone has none). */
  user_id: string | null;
  /** Listed by an agent on the producer's behalf. */
  listed_by_agent: Bool;
  created_at: string;
  created_by: string | null;
}

export interface MarketProductsTable {
  /** The producer's village. */
  area_code: string;
  id: string;
  producer_id: string;
  name: string;
  unit: string;
  price_cents: number;
  quantity: number;
  photo_sha256: string | null;
  harvest_from: string | null;
  harvest_to: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string | null;
  version: number;
}

/** An urban community's buyers' group, or a co-op, that coordinates sales rounds. */
export interface MarketHubsTable {
  area_code: string;
  id: string;
  kind: string;
  name: string;
  created_at: string;
  created_by: string | null;
}

/** An urban community paired with a rural one (城乡结对): its hubs sell that village's produce. */
export interface MarketPairingsTable {
  urban_area_code: string;
  rural_area_code: string;
  created_at: string;
  created_by: string | null;
}

export interface MarketRoundsTable {
  /** The hub's community. */
  area_code: string;
  id: string;
  hub_id: string;
  title: string;
  status: string;
  opens_at: string;
  closes_at: string;
  extended: Bool;
  minimum_total_cents: number | null;
  below_minimum: string;
  extend_hours: number;
  order_unit_limit: number | null;
  buyer_unit_limit: number | null;
  ordered_cents: number;
  order_count: number;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  version: number;
}

export interface MarketRoundPickupsTable {
  area_code: string;
  round_id: string;
  facility_id: string;
  facility_area_code: string;
  name: string;
}

/** A product offered in a round: its price and units for the round, how many are ordered, how many the producer confirmed. */
export interface MarketOffersTable {
  area_code: string;
  id: string;
  round_id: string;
  product_id: string;
  producer_id: string;
  producer_area_code: string;
  price_cents: number;
  quantity: number;
  ordered: number;
  per_buyer_limit: number | null;
  confirmed: number | null;
  confirmed_at: string | null;
  confirmed_by: string | null;
}

export interface MarketOrdersTable {
  area_code: string;
  id: string;
  round_id: string;
  buyer_user_id: string;
  buyer_name: string;
  pickup_facility_id: string;
  status: string;
  units: number;
  total_cents: number;
  allocated_units: number | null;
  allocated_cents: number | null;
  created_at: string;
  received_at: string | null;
}

export interface MarketOrderLinesTable {
  area_code: string;
  id: string;
  order_id: string;
  round_id: string;
  offer_id: string;
  quantity: number;
  allocated: number | null;
  price_cents: number;
}

/** What a round owes a producer, and when it was paid (outside the platform). */
export interface MarketSettlementsTable {
  area_code: string;
  id: string;
  round_id: string;
  producer_id: string;
  producer_name: string;
  units: number;
  amount_cents: number;
  status: string;
  paid_at: string | null;
  paid_note: string | null;
  created_at: string;
  recorded_by: string | null;
}

export interface MarketRoundEventsTable {
  area_code: string;
  id: string;
  round_id: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
  at: string;
  by_user: string | null;
}

export interface MarketTables {
  market_producers: MarketProducersTable;
  market_products: MarketProductsTable;
  market_hubs: MarketHubsTable;
  market_pairings: MarketPairingsTable;
  market_rounds: MarketRoundsTable;
  market_round_pickups: MarketRoundPickupsTable;
  market_offers: MarketOffersTable;
  market_orders: MarketOrdersTable;
  market_order_lines: MarketOrderLinesTable;
  market_settlements: MarketSettlementsTable;
  market_round_events: MarketRoundEventsTable;
}
