/**
 * The market's limits, without TypeBox: the schemas of market.ts use them, and the web imports
 * them as values (a shrunk photo must fit the same limit the server applies).
 */
export const MARKET_LIMITS = {
  nameMaxLength: 60,
  descriptionMaxLength: 500,
  unitMaxLength: 10,
  /** 1,000,000 yuan. */
  priceCentsMax: 100_000_000,
  quantityMax: 1_000_000,
  offersMax: 100,
  pickupsMax: 20,
  linesMax: 50,
  noteMaxLength: 200,
  extendHoursMax: 24 * 14,
  /** The largest product photo, bytes (5 MiB): a phone's photo; the web shrinks larger ones first. */
  photoMaxBytes: 5 * 1024 * 1024,
} as const;

/** What a product photo may be, judged by its content (not its name or the client's Content-Type). */
export const PRODUCT_PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ProductPhotoMediaType = (typeof PRODUCT_PHOTO_MEDIA_TYPES)[number];
