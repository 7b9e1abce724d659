/**
 * Where the files attached to service requests live, behind one small interface: content-addressed
 * (the SHA-256 of the bytes names the file), so the same photo sent twice is stored once and a
 * stored file never changes. The default store keeps files under the data directory
 * (`<LINLI_DATA_DIR>/files/sha256/<2 hex>/<64 hex>`, the layout the agency's consent forms use, so
 * the two share one tree); another store (object storage) implements the same two calls.
 *
 * A file's type is sniffed from its bytes with `file-type` (magic numbers; the name and the
 * client's Content-Type are not trusted), and only the types in ATTACHMENT_MEDIA_TYPES are taken.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { ATTACHMENT_MEDIA_TYPES } from '../../../contracts/service-requests.ts';

export interface AttachmentStorage {
  /** Stores the bytes (once) and answers their SHA-256, the address to read them by. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes at an address, or null when the store does not hold them. */
  get(sha256: string): Promise<Buffer | null>;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The store on the local disk, under `dataDir`. */
export function diskAttachmentStorage(dataDir: string): AttachmentStorage {
  const pathOf = (sha256: string) => join(dataDir, 'files', 'sha256', sha256.slice(0, 2), sha256);
  return {
    async put(bytes) {
      const sha256 = sha256Of(bytes);
      const path = pathOf(sha256);
      const existing = await stat(path).catch(() => null);
      if (existing?.size === bytes.length) return sha256;
      await mkdir(dirname(path), { recursive: true });
      // Written under a temporary name and renamed, so a reader never sees half a file.
      const temporary = `${path}.${process.pid}.${Date.now()}.part`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
      return sha256;
    },
    async get(sha256) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
      return readFile(pathOf(sha256)).catch(() => null);
    },
  };
}

export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** The type of a file from its bytes, or null for a type attachments do not take (or cannot be told). */
export async function sniffAttachmentType(bytes: Buffer): Promise<AttachmentMediaType | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return null;
  // file-type names HEIC photos (iPhones) image/heic and their sequences image/heic-sequence.
  const mime = found.mime === 'image/heic-sequence' ? 'image/heic' : found.mime;
  return (ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(mime) ? (mime as AttachmentMediaType) : null;
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters. */
export function cleanFileName(raw: string | undefined, mediaType: AttachmentMediaType): string {
  const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic', 'application/pdf': 'pdf' }[mediaType];
  const base = (raw ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  return base.length > 0 ? base.slice(0, 200) : `attachment.${extension}`;
}
