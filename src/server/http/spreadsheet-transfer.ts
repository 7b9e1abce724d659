import type { FastifyInstance, FastifyReply } from 'fastify';
import { XLSX_MIME, type FileFormat, type FileOut } from '../files/spreadsheet.ts';
import { invalidField } from './errors.ts';

/**
 * Lets a route plugin take a spreadsheet as the raw request body (CSV, XLSX or octet-stream
 * with ?format=), up to `bodyLimit` bytes. Registered per plugin, so JSON routes elsewhere
 * keep refusing these types.
 */
export function acceptSpreadsheetBodies(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser(['text/csv', 'text/plain', XLSX_MIME, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
    done(null, body),
  );
}

/** The upload's format: from ?format=, else from the content type; 400 naming `format` when neither says. */
export function spreadsheetFormatOf(contentType: string | undefined, asked: FileFormat | undefined): FileFormat {
  if (asked) return asked;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === XLSX_MIME) return 'xlsx';
  if (type === 'text/csv' || type === 'text/plain') return 'csv';
  throw invalidField('format', `cannot tell from content type "${type}": send text/csv or ${XLSX_MIME}, or add ?format=csv|xlsx`);
}

/** Sends a file as a download that no cache keeps (exports may hold personal data). */
export function sendSpreadsheet(reply: FastifyReply, file: FileOut) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

/** The uploaded file itself; 400 naming `file` when the body is not one (JSON, a form, nothing). */
export function uploadedSpreadsheet(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw invalidField('file', 'send the CSV or XLSX file itself as the request body');
  return body;
}
