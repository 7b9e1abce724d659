import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CONSENT_FORM_MEDIA_TYPES } from '../../../contracts/agency.ts';

/**
 * Where signed consent forms live: a small content-addressed store (SHA-256 of the bytes names
 * the file) under the data directory, `files/sha256/<2 hex>/<64 hex>`. The same bytes stored
 * twice are one file; a file is written to a temporary name and renamed, so a reader never sees
 * half of one. The requests module's attachment storage uses the same layout, so the two can be
 * merged into one store without moving a file.
 */
export interface StoredFile {
  sha256: string;
  mediaType: string;
  size: number;
}

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

export function fileStore(dataDir: string) {
  const pathOf = (sha256: string) => join(dataDir, 'files', 'sha256', sha256.slice(0, 2), sha256);
  return {
    /** Stores the bytes (once) and answers their address. */
    async put(bytes: Buffer): Promise<string> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const path = pathOf(sha256);
      const existing = await stat(path).catch(() => null);
      if (existing?.size === bytes.length) return sha256;
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.part`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
      return sha256;
    },
    /** The bytes at an address; null when the file is missing (a restored database without its files). */
    async get(sha256: string): Promise<Buffer | null> {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
      return readFile(pathOf(sha256)).catch(() => null);
    },
  };
}
