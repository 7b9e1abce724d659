import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../../contracts/common.ts';
import { ConflictQuery, ConflictResolution, Device, NewDevice, PullQuery, PullResult, PushBody, PushResult, SyncConflict } from '../../../contracts/sync.ts';
import { requirePermission } from '../../http/actor.ts';
import type { Action } from '../../../contracts/policy.ts';
import { residentsDeps } from '../residents/registry-access.ts';
import { diskAttachmentStorage } from '../services/requests-attachments.ts';
import * as sync from './sync.service.ts';

const tags = ['sync'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 36 }) }, { additionalProperties: false });
const ConflictPage = Type.Object({ items: Type.Array(SyncConflict), total: Type.Integer({ minimum: 0 }), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** Offline clients: devices, push, pull, conflicts (docs/sync.md). */
export const syncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const config = app.deps.config;
  const deps: sync.SyncDeps = {
    db: app.deps.db,
    residents: residentsDeps(app.deps.database, config.secretKey),
    settleMs: config.syncSettleMs,
    requestSettings: { warningShare: config.requestWarningPercent / 100, escalateAboveAfterDays: config.escalateAboveAfterDays, attachmentMaxBytes: config.attachmentMaxBytes },
    delivery: {
      db: app.deps.db,
      residents: residentsDeps(app.deps.database, config.secretKey),
      storage: diskAttachmentStorage(config.dataDir),
      settings: { attachmentMaxBytes: config.attachmentMaxBytes, ocidPrefix: config.ocdsOcidPrefix, publisherName: config.ocdsPublisher },
    },
  };
  // The role is checked before the body (403 before 400), as everywhere.
  const guard = (action: Action) => ({ preValidation: async (request: { ctx: Parameters<typeof requirePermission>[0] }) => void requirePermission(request.ctx, action) });

  app.post('/sync/devices', {
    ...guard('sync.use'),
    schema: { tags, summary: 'Register this phone or tablet for offline work (before its first push or pull)', body: NewDevice, response: { 201: Device, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send(await sync.registerDevice(deps, request.ctx, request.body)));

  app.get('/sync/devices', {
    ...guard('sync.use'),
    schema: { tags, summary: 'Your registered devices', response: { 200: Type.Object({ items: Type.Array(Device) }), ...errorResponses } },
  }, async (request) => sync.listDevices(deps, request.ctx));

  app.post('/sync/devices/:id/revoke', {
    ...guard('sync.revoke'),
    schema: { tags, summary: 'Revoke a device (a lost phone): its next contact is refused and it wipes its data', params: IdParams, response: { 200: Device, ...errorResponses } },
  }, async (request) => sync.revokeDevice(deps, request.ctx, request.params.id));

  app.post('/sync/push', {
    ...guard('sync.use'),
    schema: {
      tags,
      summary: 'Apply a batch of offline commands, each exactly once (a replay answers its first result); per-field merge, conflicts kept',
      body: PushBody,
      response: { 200: PushResult, ...errorResponses },
    },
  }, async (request) => sync.push(deps, request.ctx, request.body));

  app.get('/sync/pull', {
    ...guard('sync.use'),
    schema: { tags, summary: 'What changed in your scope since a checkpoint, with tombstones', querystring: PullQuery, response: { 200: PullResult, ...errorResponses } },
  }, async (request) => sync.pull(deps, request.ctx, request.query));

  app.get('/sync/conflicts', {
    ...guard('sync.resolve'),
    schema: { tags, summary: 'Conflicts of offline edits: a worker sees their own, a supervisor those of their scope', querystring: ConflictQuery, response: { 200: ConflictPage, ...errorResponses } },
  }, async (request) => sync.listConflicts(deps, request.ctx, request.query));

  app.post('/sync/conflicts/:id/resolve', {
    preValidation: async (request) => sync.authorizeConflict(deps, request.ctx, String((request.params as { id?: unknown }).id ?? '')),
    schema: { tags, summary: 'Keep the device’s value or the server’s', params: IdParams, body: ConflictResolution, response: { 200: SyncConflict, ...errorResponses } },
  }, async (request) => sync.resolveConflict(deps, request.ctx, request.params.id, request.body));
};
