// Production–sales matching as the web reads and writes it: the TypeBox schemas of
// src/contracts/market.ts as `Static<>` types (type-only imports: no TypeBox in the bundle).
import type {
  Hub,
  MarketSummary,
  NewHub,
  NewOrder,
  NewPairing,
  NewProduct,
  NewProducer,
  NewRound,
  Offer,
  Order,
  OrderLimit,
  Pairing,
  PickList,
  PickListView,
  Producer,
  ProducerKind,
  Product,
  ProductChange,
  Round,
  RoundChange,
  RoundMove,
  RoundStatus,
  RoundSummary,
  Settlement,
} from '../../../../contracts/market.ts';
import { api, apiUrl } from '../../api/client.ts';

export type {
  Hub,
  MarketFigures,
  MarketSummary,
  NewProduct,
  NewProducer,
  NewRound,
  Offer,
  Order,
  OrderLimit,
  Pairing,
  PickList,
  PickListView,
  Producer,
  ProducerKind,
  Product,
  Round,
  RoundMove,
  RoundStatus,
  RoundSummary,
  Settlement,
} from '../../../../contracts/market.ts';

export { MARKET_LIMITS, PRODUCT_PHOTO_MEDIA_TYPES } from '../../../../contracts/market-limits.ts';
export const HUB_KIND_KEYS = ['buyersGroup', 'cooperative'] as const;
export const PRODUCER_KIND_KEYS = ['farmer', 'cooperative', 'supplyCooperative'] as const satisfies readonly ProducerKind[];
export const BELOW_MINIMUM_KEYS = ['cancel', 'extend'] as const;
/** A round's next moves by hand, by its status (the server refuses others with 409). */
export const MOVES_FROM: Record<RoundStatus, readonly RoundMove[]> = {
  open: ['closed', 'cancelled'],
  closed: ['cancelled'],
  confirmed: ['packed', 'cancelled'],
  packed: ['delivered'],
  delivered: ['settled'],
  settled: [],
  cancelled: [],
};

export const ORDER_LIMIT_KEYS = ['notOpenYet', 'closed', 'available', 'orderUnitLimit', 'perBuyerLimit', 'buyerUnitLimit'] as const satisfies readonly OrderLimit[];

/** An offer waiting for its producer's confirmation, with its round (GET /market/offers). */
export type OfferToConfirm = Offer & { roundTitle: string; roundStatus: RoundStatus };

const id = encodeURIComponent;

export const marketApi = {
  rounds: (query: { area?: string; status?: string }, signal?: AbortSignal) => api.get<{ items: RoundSummary[] }>('/market/rounds', query, signal),
  round: (roundId: string, signal?: AbortSignal) => api.get<Round>(`/market/rounds/${id(roundId)}`, undefined, signal),
  order: (roundId: string, body: NewOrder) => api.post<Order>(`/market/rounds/${id(roundId)}/orders`, body),
  mine: (signal?: AbortSignal) => api.get<{ items: Order[] }>('/market/orders', undefined, signal),
  receipt: (orderId: string) => api.post<Order>(`/market/orders/${id(orderId)}/receipt`, {}),
  // The agent's side: producers and products of the villages of one's scope, offers to confirm.
  producers: (query: { area?: string }, signal?: AbortSignal) => api.get<{ items: Producer[] }>('/market/producers', query, signal),
  addProducer: (body: NewProducer) => api.post<Producer>('/market/producers', body),
  products: (query: { area?: string; producerId?: string }, signal?: AbortSignal) => api.get<{ items: Product[] }>('/market/products', query, signal),
  addProduct: (body: NewProduct) => api.post<Product>('/market/products', body),
  changeProduct: (productId: string, body: ProductChange) => api.patch<Product>(`/market/products/${id(productId)}`, body),
  uploadPhoto: (productId: string, photo: Blob) => api.upload<Product>(`/market/products/${id(productId)}/photo`, photo, photo.type || 'application/octet-stream'),
  /** The version in the address makes the browser fetch a replaced photo. */
  productPhotoUrl: (product: Pick<Product, 'id' | 'version'>) => apiUrl(`/market/products/${id(product.id)}/photo`, { v: product.version }),
  offerPhotoUrl: (offerId: string) => apiUrl(`/market/offers/${id(offerId)}/photo`),
  offersToConfirm: (query: { area?: string }, signal?: AbortSignal) => api.get<{ items: OfferToConfirm[] }>('/market/offers', query, signal),
  confirmOffer: (offerId: string, confirmed: number) => api.post<Offer>(`/market/offers/${id(offerId)}/confirmation`, { confirmed }),
  // The hub's side: rounds, their moves, orders, pick lists, settlements.
  hubs: (query: { area?: string }, signal?: AbortSignal) => api.get<{ items: Hub[] }>('/market/hubs', query, signal),
  hubProducts: (hubId: string, signal?: AbortSignal) => api.get<{ items: Product[] }>(`/market/hubs/${id(hubId)}/products`, undefined, signal),
  facilities: (area: string, signal?: AbortSignal) => api.get<{ items: { id: string; name: string; areaCode: string }[] }>('/facilities', { area, status: 'operating', limit: 200 }, signal),
  pairings: (query: { area?: string }, signal?: AbortSignal) => api.get<{ items: Pairing[] }>('/market/pairings', query, signal),
  addHub: (body: NewHub) => api.post<Hub>('/market/hubs', body),
  addPairing: (body: NewPairing) => api.post<Pairing>('/market/pairings', body),
  summary: (area: string, signal?: AbortSignal) => api.get<MarketSummary>('/market/summary', { area }, signal),
  openRound: (body: NewRound) => api.post<Round>('/market/rounds', body),
  changeRound: (roundId: string, body: RoundChange) => api.patch<Round>(`/market/rounds/${id(roundId)}`, body),
  moveRound: (roundId: string, to: RoundMove, note?: string) => api.post<Round>(`/market/rounds/${id(roundId)}/moves`, note ? { to, note } : { to }),
  roundOrders: (roundId: string, signal?: AbortSignal) => api.get<{ items: Order[] }>(`/market/rounds/${id(roundId)}/orders`, undefined, signal),
  pickList: (roundId: string, by: PickListView, signal?: AbortSignal) => api.get<PickList>(`/market/rounds/${id(roundId)}/pick-list`, { by }, signal),
  pickListUrl: (roundId: string, by: PickListView, format: 'pdf' | 'xlsx', lang: string) => apiUrl(`/market/rounds/${id(roundId)}/pick-list`, { by, format, lang }),
  settlements: (roundId: string, signal?: AbortSignal) => api.get<{ items: Settlement[] }>(`/market/rounds/${id(roundId)}/settlements`, undefined, signal),
  paid: (settlementId: string, paidAt: string) => api.post<Settlement>(`/market/settlements/${id(settlementId)}/paid`, { paidAt }),
};

/** Fen as yuan with two decimals: 12800 → "128.00". */
export const yuan = (cents: number) => (cents / 100).toFixed(2);

/** Yuan typed by a person as whole fen (a price of 0 or less is sent as it is: the server names it). */
export const cents = (yuanValue: number) => Math.round(yuanValue * 100);
