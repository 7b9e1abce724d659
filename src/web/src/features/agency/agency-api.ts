// The full-process agency as the web reads and writes it: the TypeBox schemas of
// src/contracts/agency.ts as `Static<>` types (type-only imports: no TypeBox in the bundle).
import type { CustodyStep, ConfirmationKind, Errand, ErrandDetail, Mandate, MandateStatus, NewCustodyStep, NewMandate, Principal, ReceiptKind } from '../../../../contracts/agency.ts';
import { api, apiUrl } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export type { ConfirmationKind, CustodyRecord, CustodyStep, Errand, ErrandDetail, LegStanding, Mandate, MandateStatus, NewMandate, Principal } from '../../../../contracts/agency.ts';

// The vocabularies are plain arrays in the contract file; as values here they would pull TypeBox
// into the bundle, so the few the pages iterate over are listed by type and checked.
export const CUSTODY_STEPS = ['received', 'handedToUnit', 'resultCollected', 'returned'] as const satisfies readonly CustodyStep[];
export const CONFIRMATION_KINDS = ['signature', 'fingerprint', 'inPersonWithWitness'] as const satisfies readonly ConfirmationKind[];
export const MANDATE_STATUSES = ['active', 'notYetValid', 'expired', 'revoked'] as const satisfies readonly MandateStatus[];
/** Largest signed form, bytes (AGENCY_LIMITS.consentFormBytesMax). */
export const CONSENT_FORM_BYTES_MAX = 5 * 1024 * 1024;

export const agencyApi = {
  principals: (q: string, signal?: AbortSignal) => api.get<Principal[]>('/agency/principals', { q }, signal),
  mandates: (query: { status?: MandateStatus; limit?: number; cursor?: string | null }, signal?: AbortSignal) => api.get<Page<Mandate>>('/mandates', query, signal),
  mandate: (id: string, signal?: AbortSignal) => api.get<Mandate>(`/mandates/${encodeURIComponent(id)}`, undefined, signal),
  createMandate: (input: NewMandate) => api.post<Mandate>('/mandates', input),
  revokeMandate: (id: string, reason: string, version: number) => api.post<Mandate>(`/mandates/${encodeURIComponent(id)}/revoke`, { reason, version }),
  consentFormUrl: (id: string) => apiUrl(`/mandates/${encodeURIComponent(id)}/consent-form`),
  errands: (query: { open?: boolean; limit?: number; cursor?: string | null }, signal?: AbortSignal) => api.get<Page<Errand>>('/errands', query, signal),
  errand: (requestId: string, signal?: AbortSignal) => api.get<ErrandDetail>(`/errands/${encodeURIComponent(requestId)}`, undefined, signal),
  recordStep: (requestId: string, input: NewCustodyStep) => api.post<ErrandDetail>(`/errands/${encodeURIComponent(requestId)}/custody`, input),
  receiptUrl: (requestId: string, kind: ReceiptKind, language: string) => apiUrl(`/service-requests/${encodeURIComponent(requestId)}/receipt.pdf`, { kind, lang: language }),
};

/** A file as base64 (the signed consent form travels inside the JSON body). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Today in China (mandates are dated by it). */
export { chinaToday } from '../../shared/china-day.ts';
