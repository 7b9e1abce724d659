import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { RESIDENTS_LIMITS } from '../../../contracts/residents.ts';
import { acceptSpreadsheetBodies, sendSpreadsheet, spreadsheetUpload, spreadsheetFormatOf, uploadedSpreadsheet } from '../../http/spreadsheet-transfer.ts';
import { exportFile, templateFile } from './residents-files.ts';
import { authorizePersonImport, importPersons } from './residents-import.ts';
import {
  DuplicateGroup,
  FlagStatusSchema,
  Household,
  HouseholdChanges,
  HouseholdDetail,
  LeftBehindFlag,
  LeftBehindKindSchema,
  NewHousehold,
  NewPerson,
  Person,
  PersonChanges,
  PersonDetail,
  PersonEvent,
  PersonFilterQuery,
  Population,
  Review,
  IdentificationSummary,
  ImportReport,
} from '../../../contracts/residents-api.ts';
import * as residents from './residents.service.ts';
import { requireActor } from '../../http/actor.ts';
import { todayInChina } from '../../../engine/calendar/working-days.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });
const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'csv' });
const AreaQuery = Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$', description: 'an area inside your scope (default: your scope)' }));

export const residentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = residents.residentsDeps(app.deps.database, app.deps.config.secretKey);
  acceptSpreadsheetBodies(app);
  const tags = ['residents'];

  // ---- households ----

  app.get(
    '/households',
    {
      schema: {
        tags,
        summary: 'Households in your scope (residents: their own)',
        querystring: Type.Object({ area: AreaQuery, q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'household number, or part of the address' })), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Household), ...errorResponses },
      },
    },
    async (request) => residents.listHouseholds(deps, request.ctx, request.query),
  );

  app.post(
    '/households',
    { schema: { tags, summary: 'Register a household in a community of your scope (admins, community workers)', body: NewHousehold, response: { 201: HouseholdDetail, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await residents.createHousehold(deps, request.ctx, request.body)),
  );

  app.get(
    '/households/:id',
    { schema: { tags, summary: 'A household with its members (numbers masked)', params: IdParams, response: { 200: HouseholdDetail, ...errorResponses } } },
    async (request) => residents.getHousehold(deps, request.ctx, request.params.id),
  );

  app.patch(
    '/households/:id',
    { schema: { tags, summary: 'Change a household; send the version you read (stale: 409)', params: IdParams, body: HouseholdChanges, response: { 200: HouseholdDetail, ...errorResponses } } },
    async (request) => residents.updateHousehold(deps, request.ctx, request.params.id, request.body),
  );

  // ---- persons ----

  app.get(
    '/persons',
    {
      schema: {
        tags,
        summary: 'Persons in your scope, filtered and searched (residents: their household); ID and phone numbers masked',
        querystring: Type.Object({ ...PersonFilterQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Person), ...errorResponses },
      },
    },
    async (request) => residents.listPersons(deps, request.ctx, request.query),
  );

  app.post(
    '/persons',
    {
      schema: {
        tags,
        summary: 'Register a person (admins, community workers). A second person with the same ID number answers 409',
        body: NewPerson,
        response: { 201: PersonDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await residents.createPerson(deps, request.ctx, request.body)),
  );

  app.get(
    '/persons/export',
    {
      schema: {
        tags,
        summary: 'Every person the filters match as CSV or XLSX; masked unless reveal=true by a role that may (audited)',
        querystring: Type.Object({ ...PersonFilterQuery, format: Format, reveal: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, reveal, ...filter } = request.query;
      const { persons, households } = await residents.personsForExport(deps, request.ctx, filter, reveal ?? false, RESIDENTS_LIMITS.exportRowsMax);
      return sendSpreadsheet(reply, await exportFile(persons, households, format ?? 'csv', todayInChina().replace(/-/g, '')));
    },
  );

  app.get(
    '/persons/import-template',
    {
      schema: {
        tags,
        summary: 'The person import template: Chinese column headers (XLSX adds a sheet explaining each column)',
        querystring: Type.Object({ format: Format }, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      requireActor(request.ctx);
      return sendSpreadsheet(reply, await templateFile(request.query.format ?? 'csv'));
    },
  );

  app.post(
    '/persons/import',
    {
      ...spreadsheetUpload(RESIDENTS_LIMITS.importBytesMax, authorizePersonImport),
      schema: {
        tags,
        summary:
          'Import persons from a CSV (UTF-8 or GB18030) or XLSX file sent as the raw body, grouped into households by 户编号. All or nothing unless mode=goodRowsOnly; a rejected file answers 400 import_rejected with the report in error.details',
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
      return importPersons(deps, request.ctx, { body: file, format, mode: request.query.mode ?? 'allOrNothing' });
    },
  );

  app.get(
    '/persons/duplicates',
    {
      schema: {
        tags,
        summary: 'Likely duplicates: persons with the same name and birth date in one county, within your scope',
        querystring: Type.Object({ area: AreaQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(DuplicateGroup), ...errorResponses },
      },
    },
    async (request) => residents.listDuplicates(deps, request.ctx, request.query),
  );

  app.post(
    '/persons/merge',
    {
      schema: {
        tags,
        summary: 'Merge two records of one person: keep takes remove’s history and fills its empty fields; remove is deleted',
        body: Type.Object({ keep: Type.String({ minLength: 1, maxLength: 36 }), remove: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false }),
        response: { 200: PersonDetail, ...errorResponses },
      },
    },
    async (request) => residents.mergePersons(deps, request.ctx, request.body),
  );

  app.get(
    '/persons/:id',
    {
      schema: {
        tags,
        summary: 'A person, numbers masked; reveal=true shows them in full to admins, officials and community workers (audited)',
        params: IdParams,
        querystring: Type.Object({ reveal: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: PersonDetail, ...errorResponses },
      },
    },
    async (request) => residents.getPerson(deps, request.ctx, request.params.id, { reveal: request.query.reveal ?? false }),
  );

  app.patch(
    '/persons/:id',
    {
      schema: {
        tags,
        summary: 'Change a person; send the version you read (stale: 409). Every change becomes an event in the history',
        params: IdParams,
        body: PersonChanges,
        response: { 200: PersonDetail, ...errorResponses },
      },
    },
    async (request) => residents.updatePerson(deps, request.ctx, request.params.id, request.body),
  );

  app.get(
    '/persons/:id/history',
    { schema: { tags, summary: 'Every change to a person: who, when, what (numbers masked)', params: IdParams, response: { 200: Page(PersonEvent), ...errorResponses } } },
    async (request) => residents.personHistory(deps, request.ctx, request.params.id),
  );

  // ---- left-behind ----

  app.get(
    '/left-behind',
    {
      schema: {
        tags,
        summary: 'Left-behind flags in your scope, by default those awaiting review (previousStatus shows a reviewed flag whose facts changed)',
        querystring: Type.Object({ area: AreaQuery, status: Type.Optional(FlagStatusSchema), kind: Type.Optional(LeftBehindKindSchema), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(LeftBehindFlag), ...errorResponses },
      },
    },
    async (request) => residents.listLeftBehind(deps, request.ctx, request.query),
  );

  for (const decision of ['confirm', 'reject'] as const) {
    app.post(
      `/left-behind/:id/${decision}`,
      {
        schema: {
          tags,
          summary: decision === 'confirm' ? 'Confirm a finding as it stands (a reason is optional)' : 'Reject a finding, saying why',
          params: IdParams,
          body: Review,
          response: { 200: LeftBehindFlag, ...errorResponses },
        },
      },
      async (request) => residents.reviewLeftBehind(deps, request.ctx, request.params.id, decision, request.body ?? {}),
    );
  }

  app.post(
    '/left-behind/identify',
    {
      schema: {
        tags,
        summary: 'Run identification over every household of an area (admins); changes become pending flags',
        querystring: Type.Object({ area: AreaQuery }, { additionalProperties: false }),
        response: { 200: IdentificationSummary, ...errorResponses },
      },
    },
    async (request) => residents.identifyInArea(deps, request.ctx, request.query.area),
  );

  // ---- population ----

  app.get(
    '/residents/population',
    {
      schema: {
        tags,
        summary: 'Resident population (常住人口) of an area and its children: from the registry where one exists, else from the area statistics',
        querystring: Type.Object({ area: AreaQuery }, { additionalProperties: false }),
        response: { 200: Population, ...errorResponses },
      },
    },
    async (request) => residents.residentPopulation(deps, request.ctx, request.query.area),
  );
};
