import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { FACILITY_LIMITS } from '../../../contracts/facilities.ts';
import { PROBLEM_CODES } from '../../../contracts/problems.ts';
import { acceptSpreadsheetBodies, sendSpreadsheet, spreadsheetUpload, spreadsheetFormatOf, uploadedSpreadsheet } from '../../http/spreadsheet-transfer.ts';
import { Facility, FacilityChanges, FacilityDetail, FacilityFilterQuery, NewFacility, StatusChange } from '../../../contracts/facilities-api.ts';
import * as facilities from './facilities.service.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });
const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' });

const RowProblem = Type.Object({
  row: Type.Integer({ description: 'spreadsheet row; the header is row 1' }),
  field: Type.String(),
  column: Type.Union([Type.String(), Type.Null()]),
  code: Type.Enum(PROBLEM_CODES, { description: 'stable code of the problem (src/contracts/problems.ts); clients translate it, never the sentence' }),
  params: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description: 'the values the sentence carries: value (the cell as given), code (a community), max/min (a limit), floorArea, lon/lat, source/year (a repeated funding)',
    }),
  ),
  problem: Type.String({ description: 'in English, for people reading the raw API' }),
});
const ImportReport = Type.Object({
  mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('goodRowsOnly')]),
  rows: Type.Integer(),
  created: Type.Integer(),
  rejected: Type.Integer(),
  problems: Type.Array(RowProblem),
  ids: Type.Array(Type.String()),
});

export const facilitiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The import takes the file itself as the body; these parsers live in this plugin only.
  acceptSpreadsheetBodies(app);

  app.get(
    '/facilities',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Facilities in your scope, filtered, in community-code order',
        querystring: Type.Object({ ...FacilityFilterQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Facility), ...errorResponses },
      },
    },
    async (request) => facilities.listFacilities(app.deps.db, request.ctx, request.query),
  );

  app.post(
    '/facilities',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Register a facility in a community of your scope (admins, officials, community workers)',
        body: NewFacility,
        response: { 201: FacilityDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await facilities.createFacility(app.deps.db, request.ctx, request.body)),
  );

  app.get(
    '/facilities/export',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Every facility the filters match, as CSV or XLSX with the import template’s columns',
        querystring: Type.Object({ ...FacilityFilterQuery, format: Format }, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      return sendSpreadsheet(reply, await facilities.exportFacilities(app.deps.db, request.ctx, filter, format ?? 'csv'));
    },
  );

  app.get(
    '/facilities/import-template',
    {
      schema: {
        tags: ['facilities'],
        summary: 'The import template: Chinese column headers (XLSX adds a sheet explaining each column)',
        querystring: Type.Object({ format: Format }, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => sendSpreadsheet(reply, await facilities.importTemplate(request.ctx, request.query.format ?? 'csv')),
  );

  app.post(
    '/facilities/import',
    {
      ...spreadsheetUpload(FACILITY_LIMITS.importBytesMax, facilities.authorizeImport),
      schema: {
        tags: ['facilities'],
        summary:
          'Import facilities from a CSV (UTF-8 or GB18030) or XLSX file sent as the raw body. All or nothing unless mode=goodRowsOnly; a rejected file answers 400 import_rejected with the report in error.details',
        querystring: Type.Object(
          {
            mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('goodRowsOnly')], { default: 'allOrNothing' }),
            format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: ImportReport, ...errorResponses },
      },
    },
    async (request) => {
      const file = uploadedSpreadsheet(request.body);
      const format = spreadsheetFormatOf(request.headers['content-type'], request.query.format);
      return facilities.importFacilities(app.deps.db, request.ctx, { body: file, format, mode: request.query.mode ?? 'allOrNothing' });
    },
  );

  app.get(
    '/facilities/:id',
    {
      schema: {
        tags: ['facilities'],
        summary: 'A facility with its funding and status history',
        params: IdParams,
        response: { 200: FacilityDetail, ...errorResponses },
      },
    },
    async (request) => facilities.getFacility(app.deps.db, request.ctx, request.params.id),
  );

  app.patch(
    '/facilities/:id',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Change a facility; send the version you read (a stale one answers 409). Funding, when sent, replaces the list',
        params: IdParams,
        body: FacilityChanges,
        response: { 200: FacilityDetail, ...errorResponses },
      },
    },
    async (request) => facilities.updateFacility(app.deps.db, request.ctx, request.params.id, request.body),
  );

  app.post(
    '/facilities/:id/status',
    {
      schema: {
        tags: ['facilities'],
        summary: 'Move a facility along planned → underConstruction → operating → closed; closed → operating needs reopen: true',
        params: IdParams,
        body: StatusChange,
        response: { 200: FacilityDetail, ...errorResponses },
      },
    },
    async (request) => facilities.changeStatus(app.deps.db, request.ctx, request.params.id, request.body),
  );
};
