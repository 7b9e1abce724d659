import { Type, type Static, type TSchema } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code, e.g. not_found, validation_failed' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
    requestId: Type.String(),
  },
  { $id: 'ErrorResponse', description: 'The one error shape of the API' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

/** Every list answers in one envelope. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

/** A division code as a user may type it: 2, 4, 6, 9 or 12 digits. */
export const AreaCodeParam = Type.String({ pattern: '^[0-9]{2,12}$', description: 'division code (2/4/6/9/12 digits)' });

export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  429: ErrorResponse,
};
