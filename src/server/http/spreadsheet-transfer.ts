import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestContext } from './actor.ts';
import { XLSX_MIME, type FileFormat, type FileOut } from '../files/spreadsheet.ts';
import { invalidField } from './errors.ts';

/**
 * Lets a route plugin take a spreadsheet as the raw request body (CSV, XLSX or octet-stream
 * with ?format=). The size limit is each route's own (`spreadsheetUpload`); other routes of the
 * plugin keep the server's 1 MB, and refuse such a body by their schema.
 */
export function acceptSpreadsheetBodies(app: FastifyInstance): void {
  app.addContentTypeParser(['text/csv', 'text/plain', XLSX_MIME, 'application/octet-stream'], { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
}

/**
 * Route options of an upload: its size limit, and who may upload decided before a byte of the
 * body is read — an anonymous or unauthorised upload is refused at once (and its connection
 * closed), never after the server has taken in megabytes for nothing.
 */
export function spreadsheetUpload(bytesMax: number, authorize: (ctx: RequestContext) => void) {
  return {
    bodyLimit: bytesMax,
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        authorize(request.ctx);
      } catch (e) {
        reply.header('connection', 'close');
        throw e;
      }
    },
  };
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
