/**
 * Photos of a care visit (added for the offline field app, issue #18; docs/sync.md). A visit names
 * its photos by the SHA-256 of their bytes (`photos`); this is where the bytes come in: after the
 * visit is recorded (online, or by a command the phone pushed), each photo is sent whole as the
 * raw body, stored content-addressed in the platform's one file store (the tree the request
 * attachments use) and its address added to the visit once: the same photo sent again (an upload
 * whose answer the network lost) answers the visit as it is and writes nothing. The type is
 * sniffed from the bytes; only photos (JPEG, PNG, WebP, HEIC) are taken. Reads are authorized as
 * the case is and audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses } from '../../../contracts/common.ts';
import { CARE_LIMITS, Visit } from '../../../contracts/care.ts';
import { VISIT_PHOTO_MEDIA_TYPES, VisitPhotoFileParams, VisitPhotoParams } from '../../../contracts/care-visit-photos.ts';
import type { Db } from '../../db/database.ts';
import type { RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { checkPolicyFirst } from '../people/route-policy.ts';
import { rawParam } from '../services/mandates.routes.ts';
import { diskAttachmentStorage, sniffAttachmentType, type AttachmentStorage } from '../services/requests-attachments.ts';
import { caseAccess } from './cases.service.ts';
import { toVisit } from './cases.schema.ts';
import * as repo from './care-visit-photos.repository.ts';

export interface VisitPhotoDeps {
  readonly db: Db;
  readonly storage: AttachmentStorage;
}

async function visitOf(db: Db, ctx: RequestContext, caseId: string, visitId: string, action: 'care.read' | 'care.visit') {
  const access = await caseAccess(db, ctx, caseId, action);
  const visit = await repo.visitOfCase(db, access.kase.area_code, access.kase.id, visitId);
  if (!visit) throw notFound('Visit of this case', visitId);
  return { ...access, visit };
}

/** Adds a photo to a visit: stored once, linked once; at most CARE_LIMITS.photosMax a visit. */
export async function addVisitPhoto(deps: VisitPhotoDeps, ctx: RequestContext, caseId: string, visitId: string, bytes: Buffer): Promise<Visit> {
  const { kase, visit } = await visitOf(deps.db, ctx, caseId, visitId, 'care.visit');
  const mediaType = await sniffAttachmentType(bytes);
  if (!mediaType || !(VISIT_PHOTO_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw invalidField('file', `is not a photo (${VISIT_PHOTO_MEDIA_TYPES.join(', ')}), judged by its content`, 'not_allowed');
  }
  // Stored before the row names it (content-addressed: a refused write leaves at most an unnamed copy).
  const sha256 = await deps.storage.put(bytes);
  for (let attempt = 0; ; attempt++) {
    const current = attempt === 0 ? visit : (await repo.visitOfCase(deps.db, kase.area_code, kase.id, visitId))!;
    const photos = JSON.parse(current.photos) as string[];
    if (photos.includes(sha256)) return toVisit(current);
    if (kase.status !== 'open') throw conflict('The case is closed', { status: kase.status });
    if (photos.length >= CARE_LIMITS.photosMax) throw conflict(`The visit already has ${CARE_LIMITS.photosMax} photos`, { photos: photos.length });
    const next = JSON.stringify([...photos, sha256]);
    const written = await deps.db.transaction().execute(async (trx) => {
      if (!(await repo.replacePhotos(trx, kase.area_code, visitId, current.photos, next))) return false;
      await recordAudit(trx, ctx, { action: 'care.visit.photo', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { visitId, sha256, mediaType, size: bytes.length } });
      return true;
    });
    if (written) return toVisit({ ...current, photos: next });
    if (attempt >= 3) throw conflict('The visit’s photos changed meanwhile; try again', {});
  }
}

/** A photo of a visit, when the reader may read the case; audited. */
export async function readVisitPhoto(deps: VisitPhotoDeps, ctx: RequestContext, caseId: string, visitId: string, sha256: string): Promise<{ body: Buffer; mediaType: string }> {
  const { kase, visit } = await visitOf(deps.db, ctx, caseId, visitId, 'care.read');
  if (!(JSON.parse(visit.photos) as string[]).includes(sha256)) throw notFound('Photo of this visit', sha256);
  const body = await deps.storage.get(sha256);
  if (!body) throw notFound('Stored photo', sha256);
  await recordAudit(deps.db, ctx, { action: 'care.visit.photo_read', areaCode: kase.area_code, targetType: 'careCase', targetId: kase.id, details: { visitId, sha256 } });
  return { body, mediaType: (await sniffAttachmentType(body)) ?? 'application/octet-stream' };
}

const tags = ['care'];

export const careVisitPhotosRoutes: FastifyPluginAsyncTypebox = async (app) => {
  checkPolicyFirst(app);
  const config = app.deps.config;
  const deps = (): VisitPhotoDeps => ({ db: app.deps.db, storage: diskAttachmentStorage(config.dataDir) });
  app.addContentTypeParser([...VISIT_PHOTO_MEDIA_TYPES, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: config.attachmentMaxBytes + 1 }, (_request, body, done) => done(null, body));

  app.post('/care/cases/:id/visits/:visitId/photos', {
    // Role, scope and team before the body is looked at (403/404 whatever is sent).
    preValidation: async (request: FastifyRequest) => void (await visitOf(app.deps.db, request.ctx, rawParam(request, 'id'), rawParam(request, 'visitId'), 'care.visit')),
    bodyLimit: config.attachmentMaxBytes + 1,
    schema: { tags, summary: 'Add a photo to a visit, sent as the raw body (JPEG, PNG, WebP or HEIC, judged by its content); the same photo again changes nothing', params: VisitPhotoParams, response: { 200: Visit, ...errorResponses } },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body)) throw invalidField('file', `is required as the raw body (Content-Type ${VISIT_PHOTO_MEDIA_TYPES.join(', ')} or application/octet-stream)`, 'required');
    return addVisitPhoto(deps(), request.ctx, request.params.id, request.params.visitId, request.body);
  });

  app.get('/care/cases/:id/visits/:visitId/photos/:sha256', {
    preValidation: async (request: FastifyRequest) => void (await visitOf(app.deps.db, request.ctx, rawParam(request, 'id'), rawParam(request, 'visitId'), 'care.read')),
    schema: { tags, summary: 'A photo of a visit (every read is audited)', params: VisitPhotoFileParams, response: { ...errorResponses } },
  }, async (request, reply) => {
    const file = await readVisitPhoto(deps(), request.ctx, request.params.id, request.params.visitId, request.params.sha256);
    return (reply as FastifyReply).header('content-type', file.mediaType).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(file.body);
  });
};
