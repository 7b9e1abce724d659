import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AreaCodeParam, errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import type { Action } from '../../../contracts/policy.ts';
import { ORGANIZATION_LIMITS } from '../../../contracts/organizations.ts';
import {
  AnnualReportInput,
  AppealDecision,
  CreditRecordInput,
  EffectiveRatingScale,
  Incubation,
  NewAppeal,
  NewMember,
  NewOrganization,
  NewRating,
  Organization,
  OrganizationChanges,
  OrganizationDetail,
  OrganizationFilterQuery,
  OrganizationImportReport,
  OrganizationStatusChange,
  RatingScale,
  RemovedMember,
} from '../../../contracts/organizations-api.ts';
import { acceptSpreadsheetBodies, sendSpreadsheet, spreadsheetFormatOf, spreadsheetUpload, uploadedSpreadsheet } from '../../http/spreadsheet-transfer.ts';
import * as organizations from './organizations.service.ts';
import { exportFile, readImport, templateFile } from './organizations-files.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });
const CodeParams = Type.Object({ code: AreaCodeParam }, { additionalProperties: false });
const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], { default: 'xlsx' });
const TAGS = ['organizations'];

export const organizationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptSpreadsheetBodies(app);
  const db = () => app.deps.db;
  /** Role and, for a route naming an organization or area, scope: decided before the body is validated. */
  const guard = (action: Action) => ({
    preValidation: async (request: FastifyRequest) => organizations.authorizeRoute(db(), request.ctx, action, request.params as { id?: string; code?: string }),
  });

  app.get(
    '/organizations',
    {
      schema: {
        tags: TAGS,
        summary: 'Community social organizations registered in or serving your scope (a member: their own), by name',
        querystring: Type.Object({ ...OrganizationFilterQuery, ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(Organization), ...errorResponses },
      },
    },
    async (request) => organizations.listOrganizations(db(), request.ctx, request.query),
  );

  app.post(
    '/organizations',
    {
      ...guard('organizations.write'),
      schema: {
        tags: TAGS,
        summary: 'Register an organization (credit code check character verified; a used one answers 409); its area and communities in your scope',
        body: NewOrganization,
        response: { 201: OrganizationDetail, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await organizations.createOrganization(db(), request.ctx, request.body)),
  );

  app.get(
    '/organizations/export',
    {
      schema: {
        tags: TAGS,
        summary: 'Every organization the filters match, as XLSX or CSV with the import template’s columns',
        querystring: Type.Object({ ...OrganizationFilterQuery, format: Format }, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const rows = await organizations.organizationsForExport(db(), request.ctx, filter);
      return sendSpreadsheet(reply, await exportFile(rows, format ?? 'xlsx'));
    },
  );

  app.get(
    '/organizations/import-template',
    {
      schema: {
        tags: TAGS,
        summary: 'The import template: Chinese column headers (XLSX adds a sheet explaining each column)',
        querystring: Type.Object({ format: Format }, { additionalProperties: false }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      organizations.authorizeTemplate(request.ctx);
      return sendSpreadsheet(reply, await templateFile(request.query.format ?? 'xlsx'));
    },
  );

  app.post(
    '/organizations/import',
    {
      ...spreadsheetUpload(ORGANIZATION_LIMITS.importBytesMax, organizations.authorizeImport),
      schema: {
        tags: TAGS,
        summary: 'Import organizations from an XLSX or CSV file sent as the raw body; all or nothing unless mode=goodRowsOnly (a rejected file answers 400 import_rejected with the report)',
        querystring: Type.Object(
          {
            mode: Type.Union([Type.Literal('allOrNothing'), Type.Literal('goodRowsOnly')], { default: 'allOrNothing' }),
            format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrganizationImportReport, ...errorResponses },
      },
    },
    async (request) => {
      const file = uploadedSpreadsheet(request.body);
      const format = spreadsheetFormatOf(request.headers['content-type'], request.query.format);
      const parsed = await readImport(file, format);
      return organizations.importRows(db(), request.ctx, parsed, request.query.mode ?? 'allOrNothing', format);
    },
  );

  app.get(
    '/organizations/mine',
    {
      schema: { tags: TAGS, summary: 'The organization your member account belongs to', response: { 200: OrganizationDetail, ...errorResponses } },
    },
    async (request) => organizations.myOrganization(db(), request.ctx),
  );

  app.get(
    '/organizations/rating-scales/:code',
    {
      ...guard('organizations.read'),
      schema: {
        tags: TAGS,
        summary: 'The rating scale that applies in an area: the score each grade 1A–5A needs, as set by the nearest jurisdiction above it',
        params: CodeParams,
        response: { 200: EffectiveRatingScale, ...errorResponses },
      },
    },
    async (request) => organizations.getRatingScale(db(), request.ctx, request.params.code),
  );

  app.put(
    '/organizations/rating-scales/:code',
    {
      ...guard('organizations.write'),
      schema: {
        tags: TAGS,
        summary: 'Set the rating scale of a province, city or county: the maximum score and the minimum of each grade',
        params: CodeParams,
        body: RatingScale,
        response: { 200: EffectiveRatingScale, ...errorResponses },
      },
    },
    async (request) => organizations.setRatingScale(db(), request.ctx, request.params.code, request.body),
  );

  app.get(
    '/organizations/:id',
    {
      ...guard('organizations.read'),
      schema: {
        tags: TAGS,
        summary: 'An organization: profile, status history, incubation, ratings, members, annual reports, credit record',
        params: IdParams,
        response: { 200: OrganizationDetail, ...errorResponses },
      },
    },
    async (request) => organizations.getOrganization(db(), request.ctx, request.params.id),
  );

  app.patch(
    '/organizations/:id',
    {
      ...guard('organizations.keep'),
      schema: {
        tags: TAGS,
        summary: 'Change the profile (officials in scope, or the organization’s own members); send the version you read',
        params: IdParams,
        body: OrganizationChanges,
        response: { 200: OrganizationDetail, ...errorResponses },
      },
    },
    async (request) => organizations.updateOrganization(db(), request.ctx, request.params.id, request.body),
  );

  const write = <B extends import('typebox').TSchema>(
    path: string,
    action: Action,
    summary: string,
    body: B,
    handler: (id: string, body: import('typebox').Static<B>, request: FastifyRequest) => Promise<unknown>,
    method: 'post' | 'put' = 'post',
  ) =>
    app[method](
      path,
      { ...guard(action), schema: { tags: TAGS, summary, params: IdParams, body, response: { 200: OrganizationDetail, ...errorResponses } } },
      async (request) => handler((request.params as { id: string }).id, request.body as import('typebox').Static<B>, request) as never,
    );

  write('/organizations/:id/status', 'organizations.write', 'Move the status along incubating → filed → registered → active → abnormal | suspended → deregistered (409 naming both for a move the table refuses)', OrganizationStatusChange, (id, body, r) =>
    organizations.changeStatus(db(), r.ctx, id, body),
  );
  write('/organizations/:id/incubation', 'organizations.write', 'Set the incubation: base, mentor, milestones, graduation', Incubation, (id, body, r) => organizations.setIncubation(db(), r.ctx, id, body), 'put');
  write('/organizations/:id/ratings', 'organizations.rate', 'Rate an organization: the score on the jurisdiction’s scale gives the grade 1A–5A, valid five years (a score outside the scale answers 400)', NewRating, (id, body, r) =>
    organizations.rateOrganization(db(), r.ctx, id, body),
  );
  write('/organizations/:id/appeals', 'organizations.keep', 'Appeal a rating (the organization’s members or officials)', NewAppeal, (id, body, r) => organizations.appealRating(db(), r.ctx, id, body));
  write('/organizations/:id/appeals/decision', 'organizations.rate', 'Decide a pending appeal: uphold the rating, or change its score', AppealDecision, (id, body, r) => organizations.decideAppeal(db(), r.ctx, id, body));
  write('/organizations/:id/members', 'organizations.keep', 'Link a member account (role organizationMember, in no other organization)', NewMember, (id, body, r) => organizations.addMember(db(), r.ctx, id, body));
  write('/organizations/:id/members/remove', 'organizations.keep', 'Unlink a member account', RemovedMember, (id, body, r) => organizations.removeMember(db(), r.ctx, id, body));
  write('/organizations/:id/annual-reports', 'organizations.keep', 'Submit (or replace) the annual report of a year', AnnualReportInput, (id, body, r) => organizations.saveAnnualReport(db(), r.ctx, id, body));
  write('/organizations/:id/credit-records', 'organizations.write', 'Add an event to the credit record: an award, a sanction, or an evaluation of a project it ran', CreditRecordInput, (id, body, r) =>
    organizations.addCreditRecord(db(), r.ctx, id, body),
  );
};
