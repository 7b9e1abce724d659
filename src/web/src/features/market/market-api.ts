// Production–sales matching as the web reads and writes it: the TypeBox schemas of
// src/contracts/market.ts as `Static<>` types (type-only imports: no TypeBox in the bundle).
import type { NewOrder, Order, OrderLimit, Round, RoundSummary } from '../../../../contracts/market.ts';
import { api } from '../../api/client.ts';

export type { Offer, Order, OrderLimit, Round, RoundStatus, RoundSummary } from '../../../../contracts/market.ts';

export const ORDER_LIMIT_KEYS = ['notOpenYet', 'closed', 'available', 'orderUnitLimit', 'perBuyerLimit', 'buyerUnitLimit'] as const satisfies readonly OrderLimit[];

export const marketApi = {
  rounds: (query: { area?: string; status?: string }, signal?: AbortSignal) => api.get<{ items: RoundSummary[] }>('/market/rounds', query, signal),
  round: (id: string, signal?: AbortSignal) => api.get<Round>(`/market/rounds/${encodeURIComponent(id)}`, undefined, signal),
  order: (roundId: string, body: NewOrder) => api.post<Order>(`/market/rounds/${encodeURIComponent(roundId)}/orders`, body),
  mine: (signal?: AbortSignal) => api.get<{ items: Order[] }>('/market/orders', undefined, signal),
  receipt: (id: string) => api.post<Order>(`/market/orders/${encodeURIComponent(id)}/receipt`, {}),
};

/** Fen as yuan with two decimals: 12800 → "128.00". */
export const yuan = (cents: number) => (cents / 100).toFixed(2);
