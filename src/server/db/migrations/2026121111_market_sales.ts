import { sql, type Kysely } from 'kysely';
import { boolean, timestamp } from './column-types.ts';

// Frozen copies of the vocabularies as they stood when this migration was written.
const PRODUCER_KINDS = ['farmer', 'cooperative', 'supplyCooperative'];
const HUB_KINDS = ['buyersGroup', 'cooperative'];
const ROUND_STATUSES = ['open', 'closed', 'confirmed', 'packed', 'delivered', 'settled', 'cancelled'];
const BELOW_MINIMUM = ['cancel', 'extend'];
const ORDER_STATUSES = ['placed', 'received', 'cancelled'];
const SETTLEMENT_STATUSES = ['owed', 'paid'];
const oneOf = (column: string, values: string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * Production–sales matching (产销对接): producers in villages and their products; hubs in urban
 * communities, urban–rural pairings (结对); sales rounds with pickup points and offers; orders and
 * their lines; settlement records per producer; the round's history. Money is whole fen (分);
 * quantities are whole units. Place-bound tables lead their key with area_code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('market_producers')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull().check(oneOf('kind', PRODUCER_KINDS)))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('user_id', 'varchar(36)')
    .addColumn('listed_by_agent', boolean(db), (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addPrimaryKeyConstraint('market_producers_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_producers_id_idx').on('market_producers').column('id').unique().execute();

  await db.schema
    .createTable('market_products')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('producer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'varchar(20)', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull().check(sql`price_cents > 0`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('photo_sha256', 'varchar(64)')
    .addColumn('harvest_from', 'varchar(10)')
    .addColumn('harvest_to', 'varchar(10)')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('updated_at', timestamp(db))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_products_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('market_products_producer_fk', ['area_code', 'producer_id'], 'market_producers', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_products_id_idx').on('market_products').column('id').unique().execute();

  await db.schema
    .createTable('market_hubs')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull().check(oneOf('kind', HUB_KINDS)))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addPrimaryKeyConstraint('market_hubs_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_hubs_id_idx').on('market_hubs').column('id').unique().execute();

  await db.schema
    .createTable('market_pairings')
    .addColumn('urban_area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('rural_area_code', 'varchar(12)', (c) => c.notNull().references('areas.code'))
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addPrimaryKeyConstraint('market_pairings_pk', ['urban_area_code', 'rural_area_code'])
    .execute();
  await db.schema.createIndex('market_pairings_rural_idx').on('market_pairings').columns(['rural_area_code', 'urban_area_code']).execute();

  await db.schema
    .createTable('market_rounds')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('hub_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull().check(oneOf('status', ROUND_STATUSES)))
    .addColumn('opens_at', timestamp(db), (c) => c.notNull())
    .addColumn('closes_at', timestamp(db), (c) => c.notNull())
    .addColumn('extended', boolean(db), (c) => c.notNull())
    .addColumn('minimum_total_cents', 'integer', (c) => c.check(sql`minimum_total_cents > 0`))
    .addColumn('below_minimum', 'varchar(8)', (c) => c.notNull().check(oneOf('below_minimum', BELOW_MINIMUM)))
    .addColumn('extend_hours', 'integer', (c) => c.notNull().check(sql`extend_hours >= 0`))
    .addColumn('order_unit_limit', 'integer', (c) => c.check(sql`order_unit_limit > 0`))
    .addColumn('buyer_unit_limit', 'integer', (c) => c.check(sql`buyer_unit_limit > 0`))
    .addColumn('ordered_cents', 'integer', (c) => c.notNull())
    .addColumn('order_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('updated_at', timestamp(db), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_rounds_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('market_rounds_hub_fk', ['area_code', 'hub_id'], 'market_hubs', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_rounds_id_idx').on('market_rounds').column('id').unique().execute();
  await db.schema.createIndex('market_rounds_due_idx').on('market_rounds').columns(['status', 'closes_at']).execute();

  await db.schema
    .createTable('market_round_pickups')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('facility_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('facility_area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_round_pickups_pk', ['area_code', 'round_id', 'facility_id'])
    .addForeignKeyConstraint('market_round_pickups_round_fk', ['area_code', 'round_id'], 'market_rounds', ['area_code', 'id'])
    .execute();

  await db.schema
    .createTable('market_offers')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('product_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('producer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('producer_area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull().check(sql`price_cents > 0`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('ordered', 'integer', (c) => c.notNull().check(sql`ordered >= 0 and ordered <= quantity`))
    .addColumn('per_buyer_limit', 'integer', (c) => c.check(sql`per_buyer_limit > 0`))
    .addColumn('confirmed', 'integer', (c) => c.check(sql`confirmed >= 0 and confirmed <= ordered`))
    .addColumn('confirmed_at', timestamp(db))
    .addColumn('confirmed_by', 'varchar(36)')
    .addPrimaryKeyConstraint('market_offers_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('market_offers_round_fk', ['area_code', 'round_id'], 'market_rounds', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_offers_id_idx').on('market_offers').column('id').unique().execute();
  await db.schema.createIndex('market_offers_round_idx').on('market_offers').columns(['area_code', 'round_id', 'product_id']).unique().execute();
  await db.schema.createIndex('market_offers_producer_idx').on('market_offers').columns(['producer_area_code', 'confirmed']).execute();

  await db.schema
    .createTable('market_orders')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('buyer_user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('buyer_name', 'text', (c) => c.notNull())
    .addColumn('pickup_facility_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull().check(oneOf('status', ORDER_STATUSES)))
    .addColumn('units', 'integer', (c) => c.notNull().check(sql`units > 0`))
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('allocated_units', 'integer')
    .addColumn('allocated_cents', 'integer')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('received_at', timestamp(db))
    .addPrimaryKeyConstraint('market_orders_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('market_orders_round_fk', ['area_code', 'round_id'], 'market_rounds', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_orders_id_idx').on('market_orders').column('id').unique().execute();
  await db.schema.createIndex('market_orders_round_idx').on('market_orders').columns(['area_code', 'round_id', 'buyer_user_id']).execute();
  await db.schema.createIndex('market_orders_buyer_idx').on('market_orders').columns(['buyer_user_id', 'created_at']).execute();

  await db.schema
    .createTable('market_order_lines')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('offer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('allocated', 'integer', (c) => c.check(sql`allocated >= 0 and allocated <= quantity`))
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('market_order_lines_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('market_order_lines_order_fk', ['area_code', 'order_id'], 'market_orders', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_order_lines_order_idx').on('market_order_lines').columns(['area_code', 'order_id']).execute();
  await db.schema.createIndex('market_order_lines_offer_idx').on('market_order_lines').columns(['area_code', 'round_id', 'offer_id']).execute();

  await db.schema
    .createTable('market_settlements')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('producer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('producer_name', 'text', (c) => c.notNull())
    .addColumn('units', 'integer', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn('status', 'varchar(8)', (c) => c.notNull().check(oneOf('status', SETTLEMENT_STATUSES)))
    .addColumn('paid_at', 'varchar(10)')
    .addColumn('paid_note', 'text')
    .addColumn('created_at', timestamp(db), (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)')
    .addPrimaryKeyConstraint('market_settlements_pk', ['area_code', 'id'])
    .addForeignKeyConstraint('market_settlements_round_fk', ['area_code', 'round_id'], 'market_rounds', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_settlements_id_idx').on('market_settlements').column('id').unique().execute();
  await db.schema.createIndex('market_settlements_round_idx').on('market_settlements').columns(['area_code', 'round_id', 'producer_id']).unique().execute();

  await db.schema
    .createTable('market_round_events')
    .addColumn('area_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('id', 'varchar(36)', (c) => c.notNull())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(12)')
    .addColumn('to_status', 'varchar(12)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', timestamp(db), (c) => c.notNull())
    .addColumn('by_user', 'varchar(36)')
    .addPrimaryKeyConstraint('market_round_events_pk', ['area_code', 'id'])
    .execute();
  await db.schema.createIndex('market_round_events_round_idx').on('market_round_events').columns(['area_code', 'round_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'market_round_events',
    'market_settlements',
    'market_order_lines',
    'market_orders',
    'market_offers',
    'market_round_pickups',
    'market_rounds',
    'market_pairings',
    'market_hubs',
    'market_products',
    'market_producers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
