/** Tables of this part, added to `Database` (schema.ts) by name. Filled in by the part's migration. */
export type CareReferralsTables = Record<never, never>;
