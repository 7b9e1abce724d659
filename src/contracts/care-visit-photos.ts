/**
 * Photos of a care visit (the visit's `photos` are the SHA-256 addresses of the stored bytes):
 * uploaded after the visit is recorded, as the offline visit form does once its visit reached the
 * server (docs/sync.md). Added for the offline field app (issue #18); routes in
 * src/server/modules/care/care-visit-photos.ts.
 *
 *   POST /care/cases/{id}/visits/{visitId}/photos           the photo as the raw body (JPEG, PNG, WebP or HEIC,
 *                                                           sniffed from the bytes); linked to the visit once
 *   GET  /care/cases/{id}/visits/{visitId}/photos/{sha256}  the photo itself (every read audited)
 */
import { Type, type Static } from 'typebox';

/** What a visit photo may be (sniffed from its bytes): the photo types attachments take, no PDF. */
export const VISIT_PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;

const Id = Type.String({ minLength: 1, maxLength: 36 });

export const VisitPhotoParams = Type.Object({ id: Id, visitId: Id }, { additionalProperties: false });
export type VisitPhotoParams = Static<typeof VisitPhotoParams>;

export const VisitPhotoFileParams = Type.Object({ id: Id, visitId: Id, sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, { additionalProperties: false });
export type VisitPhotoFileParams = Static<typeof VisitPhotoFileParams>;
