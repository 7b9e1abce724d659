/**
 * Product photos: one per product, uploaded by whoever may change the product (an agent or worker
 * of its village), read by whoever may see the product, or a round that offers it. The bytes live
 * in the platform's one content-addressed file store (the services module's `AttachmentStorage`:
 * `<data dir>/files/sha256/…`), so the same photo is stored once and a stored file never changes;
 * the product row names its SHA-256. The type is sniffed from the bytes (JPEG, PNG or WebP only)
 * and every read is authorized and audited, as attachments are.
 */
import type { Db } from '../../db/database.ts';
import { requirePermission, requireScope, type RequestContext } from '../../http/actor.ts';
import { AppError, conflict, invalidField, notFound, problemsDetails } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { sniffAttachmentType, type AttachmentStorage } from '../services/requests-attachments.ts';
import { MARKET_LIMITS, PRODUCT_PHOTO_MEDIA_TYPES, type Product, type ProductPhotoMediaType } from '../../../contracts/market.ts';
import * as repo from './producers.repository.ts';
import { toProduct } from './producers.service.ts';
import { findOffer } from './rounds.repository.ts';

export interface PhotoDeps {
  readonly db: Db;
  readonly storage: AttachmentStorage;
}

export interface PhotoFile {
  body: Buffer;
  contentType: ProductPhotoMediaType;
  filename: string;
}

const LIMIT_TEXT = `${MARKET_LIMITS.photoMaxBytes} bytes (${MARKET_LIMITS.photoMaxBytes / 1024 / 1024} MB)`;

/** A photo over the limit: 413, naming the field and the limit (the body parser stops reading at the limit). */
export function photoTooLarge(): AppError {
  const problem = `is larger than the limit of ${LIMIT_TEXT}`;
  return new AppError(413, 'payload_too_large', `file: ${problem}`, problemsDetails([{ field: 'file', problem, code: 'out_of_range', params: { max: MARKET_LIMITS.photoMaxBytes } }]));
}

async function photoType(bytes: Buffer): Promise<ProductPhotoMediaType | null> {
  const sniffed = await sniffAttachmentType(bytes);
  return (PRODUCT_PHOTO_MEDIA_TYPES as readonly string[]).includes(sniffed ?? '') ? (sniffed as ProductPhotoMediaType) : null;
}

/**
 * The product a photo is sent for, checked before its bytes are read: the role (403), the product
 * (404), its village in the actor's scope (403, audited).
 */
export async function productForPhoto(db: Db, ctx: RequestContext, id: string): Promise<repo.ProductRow> {
  const actor = requirePermission(ctx, 'market.list');
  const row = await repo.findProduct(db, id);
  if (!row) throw notFound('Product', id);
  requireScope(actor, row.area_code);
  return row;
}

/** Sets (or replaces) a product's photo; the product's version moves on, as for any change. */
export async function uploadPhoto(deps: PhotoDeps, ctx: RequestContext, id: string, bytes: Buffer | undefined): Promise<Product> {
  const row = await productForPhoto(deps.db, ctx, id);
  if (!bytes || bytes.length === 0) throw invalidField('file', 'is required as the raw body (a JPEG, PNG or WebP photo)', 'required');
  if (bytes.length > MARKET_LIMITS.photoMaxBytes) throw photoTooLarge();
  const mediaType = await photoType(bytes);
  if (!mediaType) throw invalidField('file', 'is not a JPEG, PNG or WebP photo (judged by its content)', 'not_allowed');
  // The bytes first: a stored file no row names is harmless; a row naming missing bytes is not.
  const sha256 = await deps.storage.put(bytes);
  await deps.db.transaction().execute(async (trx) => {
    const saved = await repo.updateProduct(trx, row, { photo_sha256: sha256, updated_at: new Date().toISOString() });
    if (!saved) throw conflict(`Product ${id} changed meanwhile`, { version: row.version });
    await recordAudit(trx, ctx, { action: 'market.product.photo', areaCode: row.area_code, targetType: 'marketProduct', targetId: id, details: { sha256, size: bytes.length, mediaType } });
  });
  return toProduct((await repo.findProduct(deps.db, id))!);
}

async function photoOf(deps: PhotoDeps, ctx: RequestContext, row: repo.ProductRow, audit: { areaCode: string; targetType: string; targetId: string }): Promise<PhotoFile> {
  if (!row.photo_sha256) throw notFound('Photo of product', row.id);
  const body = await deps.storage.get(row.photo_sha256);
  const contentType = body && (await photoType(body));
  if (!body || !contentType) throw notFound('Photo file of product', row.id);
  await recordAudit(deps.db, ctx, { action: 'market.product.read_photo', ...audit, details: { productId: row.id, sha256: row.photo_sha256 } });
  const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }[contentType];
  return { body, contentType, filename: `product-${row.id}.${extension}` };
}

/** A product's photo for whoever may see the product (its village in their scope). */
export async function readProductPhoto(deps: PhotoDeps, ctx: RequestContext, id: string): Promise<PhotoFile> {
  const actor = requirePermission(ctx, 'market.read');
  const row = await repo.findProduct(deps.db, id);
  if (!row) throw notFound('Product', id);
  requireScope(actor, row.area_code);
  return photoOf(deps, ctx, row, { areaCode: row.area_code, targetType: 'marketProduct', targetId: id });
}

/**
 * The photo of an offered product for whoever may see the round (its hub's community in their
 * scope): the buyers of a city community see the photo of a village's product on the shop page,
 * though the village lies outside their scope.
 */
export async function readOfferPhoto(deps: PhotoDeps, ctx: RequestContext, offerId: string): Promise<PhotoFile> {
  const actor = requirePermission(ctx, 'market.read');
  const offer = await findOffer(deps.db, offerId);
  if (!offer) throw notFound('Offer', offerId);
  requireScope(actor, offer.area_code);
  const row = await repo.findProduct(deps.db, offer.product_id);
  if (!row) throw notFound('Product', offer.product_id);
  return photoOf(deps, ctx, row, { areaCode: offer.area_code, targetType: 'marketOffer', targetId: offerId });
}
