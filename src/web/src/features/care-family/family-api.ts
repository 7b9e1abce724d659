// The family page and the worker's messages with families: the schemas of src/contracts/family.ts as `Static<>` types.
import type { Consent } from '../../../../contracts/care-referrals.ts';
import type { FamilyContact, FamilyContactInput, FamilyConsentChange, FamilyConversation, FamilyMessage, FamilyPage, NewFamilyMessage, WorkerMessage } from '../../../../contracts/family.ts';
import { api } from '../../api/client.ts';

export type { FamilyContact, FamilyConversation, FamilyMessage, FamilyPage, FamilyRelative } from '../../../../contracts/family.ts';

const id = (value: string) => encodeURIComponent(value);

export const familyApi = {
  page: (signal?: AbortSignal) => api.get<FamilyPage>('/family', undefined, signal),
  saveContact: (input: FamilyContactInput) => api.put<FamilyContact>('/family/contact', input),
  messages: (linkId: string, signal?: AbortSignal) => api.get<FamilyMessage[]>(`/family/links/${id(linkId)}/messages`, undefined, signal),
  write: (linkId: string, input: NewFamilyMessage) => api.post<FamilyMessage>(`/family/links/${id(linkId)}/messages`, input),
  consent: (linkId: string, input: FamilyConsentChange) => api.post<Consent | null>(`/family/links/${id(linkId)}/consents`, input),
  // the worker's side
  conversations: (signal?: AbortSignal) => api.get<FamilyConversation[]>('/care/family-messages', undefined, signal),
  caseMessages: (caseId: string, familyUserId: string, signal?: AbortSignal) => api.get<FamilyMessage[]>(`/care/cases/${id(caseId)}/messages`, { familyUserId }, signal),
  writeToFamily: (caseId: string, input: WorkerMessage) => api.post<FamilyMessage>(`/care/cases/${id(caseId)}/messages`, input),
};
