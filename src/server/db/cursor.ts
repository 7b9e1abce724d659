import { invalidField } from '../http/errors.ts';

/**
 * The one keyset cursor of the API: an opaque base64url text of a JSON array of the sort key of
 * the last row a page gave out (for example `[areaCode, id]`). Clients pass `nextCursor` back as
 * it is and never read it. A cursor this API did not give out is a 400 (`validation_failed`,
 * problem `invalid_cursor`) naming the field, never a 500.
 */
export type CursorValue = string | number;

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What each place of a cursor holds; a place that does not fit refuses the whole cursor. */
export type CursorPart = 'text' | 'uuid' | 'areaCode' | 'isoDateTime' | 'offset';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Larger than any list this API pages through, small enough for every engine's OFFSET. */
export const OFFSET_MAX = 10_000_000;

function fits(part: CursorPart, value: unknown): boolean {
  switch (part) {
    case 'text':
      return typeof value === 'string' && value.length > 0 && value.length <= 200 && !value.includes('\u0000');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'areaCode':
      return typeof value === 'string' && /^[0-9]{2,12}$/.test(value);
    case 'isoDateTime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 19) === value.slice(0, 19);
    case 'offset':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= OFFSET_MAX;
  }
}

export function cursorRefused(field = 'cursor'): never {
  throw invalidField(field, 'is not a cursor this API gave out', 'invalid_cursor');
}

/**
 * The values of a cursor given out by `encodeCursor`, each checked against `parts`; undefined
 * when there is no cursor (the first page).
 */
export function decodeCursor(raw: string | undefined, parts: readonly ['text'], field?: string): [string] | undefined;
export function decodeCursor(raw: string | undefined, parts: readonly ['offset'], field?: string): [number] | undefined;
export function decodeCursor(raw: string | undefined, parts: readonly CursorPart[], field?: string): string[] | undefined;
export function decodeCursor(raw: string | undefined, parts: readonly CursorPart[], field = 'cursor'): CursorValue[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > 400 || !/^[A-Za-z0-9_-]+$/.test(raw)) cursorRefused(field);
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    cursorRefused(field);
  }
  if (!Array.isArray(values) || values.length !== parts.length || !parts.every((part, i) => fits(part, values[i]))) cursorRefused(field);
  return values as CursorValue[];
}

/** An offset cursor (for lists ordered by a computed rank, where no keyset exists). */
export function encodeOffsetCursor(offset: number): string {
  return encodeCursor([offset]);
}

export function decodeOffsetCursor(raw: string | undefined, field = 'cursor'): number {
  return decodeCursor(raw, ['offset'], field)?.[0] ?? 0;
}
