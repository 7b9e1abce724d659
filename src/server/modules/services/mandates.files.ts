import { CONSENT_FORM_MEDIA_TYPES } from '../../../contracts/agency.ts';

/**
 * Signed consent forms are stored in the requests module's content-addressed attachment storage
 * (`diskAttachmentStorage`: `<data dir>/files/sha256/<2 hex>/<64 hex>`), so the platform keeps one
 * tree of files. What a consent form may be is narrower than an attachment: these four types,
 * sniffed from the bytes, never the name.
 */
export type ConsentMediaType = (typeof CONSENT_FORM_MEDIA_TYPES)[number];

/** The type of a file from its first bytes (never its name); null for a type we do not take. */
export function sniffConsentMediaType(bytes: Uint8Array): ConsentMediaType | null {
  const at = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, text: string) => [...text].every((c, i) => at(from + i) === c.charCodeAt(0));
  if (ascii(0, '%PDF-')) return 'application/pdf';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (at(0) === 0x89 && ascii(1, 'PNG\r\n\u001a\n')) return 'image/png';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  return null;
}
