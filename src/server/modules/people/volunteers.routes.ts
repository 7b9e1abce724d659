import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import { requestLanguage } from '../../../contracts/language.ts';
import { residentsDeps } from '../residents/registry-access.ts';
import {
  CertificateQuery,
  HoursDecision,
  HoursFilterQuery,
  HoursPage,
  IdParams,
  MyVolunteering,
  NewHours,
  NewVolunteer,
  Volunteer,
  VolunteerFilterQuery,
  VolunteerHours,
  VolunteerImportReport,
  VolunteerPage,
  VolunteerUpdate,
  VOLUNTEER_LIMITS,
} from './volunteers.schema.ts';
import { acceptSpreadsheetBodies, sendSpreadsheet, spreadsheetFormatOf, spreadsheetUpload, uploadedSpreadsheet } from '../../http/spreadsheet-transfer.ts';
import * as volunteers from './volunteers.service.ts';
import { checkPolicyFirst } from './route-policy.ts';
import { timeBankRoutes } from './time-bank.routes.ts';

const tags = ['volunteers'];
const NoQuery = Type.Object({}, { additionalProperties: false });
const Format = Type.Optional(Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { description: 'xlsx (the default) or csv' }));
const VolunteerHoursQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

/** Volunteers and their hours; the time bank's routes are registered with them. */
export const volunteersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  checkPolicyFirst(app);
  acceptSpreadsheetBodies(app);
  const db = () => app.deps.db;
  const pdf = (file: { body: Buffer; filename: string }) => ({
    'content-type': 'application/pdf',
    'content-disposition': `attachment; filename="${file.filename}"`,
    'cache-control': 'no-store',
  });

  app.get('/volunteers', {
    schema: {
      tags,
      summary: 'Volunteers in your scope, by community; search by name (Simplified, Traditional or pinyin initials) and skill',
      querystring: VolunteerFilterQuery,
      response: { 200: VolunteerPage, ...errorResponses },
    },
  }, async (request) => volunteers.listVolunteers(db(), request.ctx, request.query));

  app.post('/volunteers', {
    schema: {
      tags,
      summary: 'Register a volunteer: a registry person (personId) or by name in a community of your scope (staff)',
      body: NewVolunteer,
      response: { 201: Volunteer, ...errorResponses },
    },
  }, async (request, reply) =>
    reply.status(201).send(await volunteers.registerVolunteer(db(), residentsDeps(app.deps.database, app.deps.config.secretKey), request.ctx, request.body)));

  app.get('/volunteers/export', {
    schema: {
      tags,
      summary: 'Every volunteer the filters match, in your scope, as XLSX (or CSV); audited',
      querystring: Type.Object({ ...VolunteerFilterQuery.properties, format: Format }, { additionalProperties: false }),
      response: { ...errorResponses },
    },
  }, async (request, reply) => {
    const { format, ...filter } = request.query;
    return sendSpreadsheet(reply, await volunteers.exportVolunteers(db(), request.ctx, filter, format ?? 'xlsx'));
  });

  app.get('/volunteers/import-template', {
    schema: { tags, summary: 'The import template: Chinese column headers (XLSX adds a sheet explaining each column)', querystring: Type.Object({ format: Format }, { additionalProperties: false }), response: { ...errorResponses } },
  }, async (request, reply) => sendSpreadsheet(reply, await volunteers.importTemplate(request.ctx, request.query.format ?? 'xlsx')));

  app.post('/volunteers/import', {
    ...spreadsheetUpload(VOLUNTEER_LIMITS.importBytesMax, volunteers.authorizeImport),
    schema: {
      tags,
      summary:
        'Import volunteers from XLSX or CSV sent as the raw body, all or nothing: a file with a bad row answers 400 import_rejected naming every row’s problems (error.details) and writes nothing; mode=check previews (the report, nothing written)',
      querystring: Type.Object(
        {
          mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('check')], { default: 'allOrNothing' }),
          format: Format,
        },
        { additionalProperties: false },
      ),
      response: { 200: VolunteerImportReport, ...errorResponses },
    },
  }, async (request) => {
    const file = uploadedSpreadsheet(request.body);
    const format = spreadsheetFormatOf(request.headers['content-type'], request.query.format);
    return volunteers.importVolunteers(db(), request.ctx, { body: file, format, mode: request.query.mode ?? 'allOrNothing' });
  });

  app.get('/volunteers/me', {
    schema: { tags, summary: 'You as a volunteer: profile, hours, and your time bank account (null when not registered)', querystring: NoQuery, response: { 200: MyVolunteering, ...errorResponses } },
  }, async (request) => volunteers.myVolunteering(db(), request.ctx));

  app.post('/volunteers/me', {
    schema: { tags, summary: 'Register yourself as a volunteer (a resident in their village; staff name a community of their scope)', body: NewVolunteer, response: { 201: Volunteer, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await volunteers.registerSelf(db(), request.ctx, request.body)));

  app.post('/volunteers/me/hours', {
    schema: { tags, summary: 'Claim hours you served; an organizer verifies them', body: NewHours, response: { 201: VolunteerHours, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await volunteers.claimOwnHours(db(), request.ctx, request.body)));

  app.get('/volunteers/me/certificate.pdf', {
    schema: { tags, summary: 'Your certificate of verified volunteer service hours (PDF)', querystring: CertificateQuery },
  }, async (request, reply) => {
    const file = await volunteers.myCertificate(db(), request.ctx, requestLanguage(request.query.lang, request.headers['accept-language']));
    return reply.headers(pdf(file)).send(file.body);
  });

  app.get('/volunteers/:id', {
    schema: { tags, summary: 'A volunteer with their verified and claimed minutes', params: IdParams, response: { 200: Volunteer, ...errorResponses } },
  }, async (request) => volunteers.getVolunteer(db(), request.ctx, request.params.id));

  app.patch('/volunteers/:id', {
    preValidation: async (request) => volunteers.authorizeVolunteerWrite(db(), request.ctx, (request.params as { id: string }).id),
    schema: { tags, summary: 'Edit a volunteer in your scope: skills, availability, areas served, status (staff)', params: IdParams, body: VolunteerUpdate, response: { 200: Volunteer, ...errorResponses } },
  }, async (request) => volunteers.updateVolunteer(db(), request.ctx, request.params.id, request.body));

  app.get('/volunteers/:id/hours', {
    schema: { tags, summary: 'A volunteer’s service records, newest first', params: IdParams, querystring: VolunteerHoursQuery, response: { 200: HoursPage, ...errorResponses } },
  }, async (request) => volunteers.listHours(db(), request.ctx, { ...request.query, volunteerId: request.params.id }));

  app.post('/volunteers/:id/hours', {
    preValidation: async (request) => volunteers.authorizeVolunteerWrite(db(), request.ctx, (request.params as { id: string }).id),
    schema: { tags, summary: 'Record hours a volunteer served (claimed; another organizer or you verify them)', params: IdParams, body: NewHours, response: { 201: VolunteerHours, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await volunteers.recordHours(db(), request.ctx, request.params.id, request.body)));

  app.get('/volunteers/:id/certificate.pdf', {
    schema: { tags, summary: 'A volunteer’s certificate of verified service hours (PDF, in the reader’s language)', params: IdParams, querystring: CertificateQuery },
  }, async (request, reply) => {
    const file = await volunteers.certificate(db(), request.ctx, request.params.id, requestLanguage(request.query.lang, request.headers['accept-language']));
    return reply.headers(pdf(file)).send(file.body);
  });

  app.get('/volunteer-hours', {
    schema: { tags, summary: 'Service records in your scope, newest first; state=claimed lists those awaiting verification', querystring: HoursFilterQuery, response: { 200: HoursPage, ...errorResponses } },
  }, async (request) => volunteers.listHours(db(), request.ctx, request.query));

  app.post('/volunteer-hours/:id/decision', {
    preValidation: async (request) => volunteers.authorizeDecision(db(), request.ctx, (request.params as { id: string }).id),
    schema: {
      tags,
      summary: 'Verify or reject claimed hours (organizers in scope; never your own: 403). Verified hours are credited to the volunteer’s time bank account where the community runs one',
      params: IdParams,
      body: HoursDecision,
      response: { 200: VolunteerHours, ...errorResponses },
    },
  }, async (request) => volunteers.decideHours(db(), request.ctx, request.params.id, request.body));

  await app.register(timeBankRoutes);
};
