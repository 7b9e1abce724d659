/**
 * API keys of Open311 client applications: an admin issues one for an area (the key's
 * jurisdiction: the area and everything under it); the key is shown once and only its SHA-256 is
 * kept; a revoked key answers 403 like an unknown one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { newId } from '../../db/ids.ts';
import type { Open311KeyRow } from '../../db/tables/service-catalog.ts';
import { isWithinScope } from '../../../contracts/area-code.ts';
import { may as mayRole } from '../../../contracts/policy.ts';
import { isRole, type Role } from '../../../contracts/roles.ts';
import { requirePermission, scopedArea, type Actor, type RequestContext } from '../../http/actor.ts';
import { conflict, invalidField, notFound } from '../../http/errors.ts';
import type { IssuedOpen311Key, Open311Key, Open311KeyInput } from '../../../contracts/service-catalog.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findArea } from '../areas/areas.service.ts';
import * as repo from './open311-keys.repository.ts';

const KEY_PREFIX = 'o311_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function toKey(row: repo.Open311KeyRowWithArea): Open311Key {
  return {
    id: row.id,
    name: row.name,
    areaCode: row.area_code,
    areaName: row.area_name,
    keyPrefix: row.key_prefix,
    account: row.account,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export async function listKeys(db: Db, ctx: RequestContext, rawArea: string): Promise<{ items: Open311Key[] }> {
  const actor = requirePermission(ctx, 'open311Keys.manage');
  const areaCode = scopedArea(actor, rawArea, 'code');
  return { items: (await repo.keysWithin(db, areaCode)).map(toKey) };
}

export async function issueKey(db: Db, ctx: RequestContext, rawArea: string, input: Open311KeyInput): Promise<IssuedOpen311Key> {
  const actor = requirePermission(ctx, 'open311Keys.manage');
  const areaCode = scopedArea(actor, rawArea, 'code');
  const area = await findArea(db, areaCode);
  if (!area) throw notFound('Area', areaCode);
  let account: { id: string; username: string } | null = null;
  if (input.account !== undefined) {
    const user = await repo.findAccount(db, { username: input.account });
    if (!user) throw invalidField('account', `no account is named ${input.account}`, 'unknown_reference');
    if (!isWithinScope(user.scope_code, areaCode)) throw invalidField('account', `${input.account}'s scope ${user.scope_code} lies outside ${areaCode}`, 'not_in_scope');
    if (!mayRole(user.role as Role, 'serviceRequests.read')) throw invalidField('account', `${input.account} (${user.role}) may not read service requests`, 'not_allowed');
    account = { id: user.id, username: user.username };
  }
  const apiKey = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const row: Open311KeyRow = {
    id: newId(),
    name: input.name.trim() || input.name,
    area_code: areaCode,
    key_hash: hashKey(apiKey),
    key_prefix: apiKey.slice(0, KEY_PREFIX.length + 6),
    user_id: account?.id ?? null,
    created_by: actor.username,
    created_at: new Date().toISOString(),
    revoked_at: null,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertKey(trx, row);
    await recordAudit(trx, ctx, { action: 'open311Keys.issued', areaCode, targetType: 'open311Key', targetId: row.id, details: { name: row.name } });
  });
  return { ...toKey({ ...row, area_name: area.name, account: account?.username ?? null }), apiKey };
}

export async function revokeKey(db: Db, ctx: RequestContext, rawArea: string, id: string): Promise<Open311Key> {
  const actor = requirePermission(ctx, 'open311Keys.manage');
  const areaCode = scopedArea(actor, rawArea, 'code');
  await db.transaction().execute(async (trx) => {
    const row = await repo.findKey(trx, id);
    if (!row || row.area_code !== areaCode) throw notFound('Open311 key', id);
    if (!(await repo.revokeKey(trx, id, new Date().toISOString()))) throw conflict(`Open311 key ${id} is already revoked`, { revokedAt: row.revoked_at });
    await recordAudit(trx, ctx, { action: 'open311Keys.revoked', areaCode, targetType: 'open311Key', targetId: id });
  });
  return toKey((await repo.findKey(db, id))!);
}

export interface Open311Client {
  keyId: string;
  name: string;
  /** The key's jurisdiction: its area and everything under it. */
  areaCode: string;
  /** The account whose rights the client uses for requests (null: the catalog only, or the account is locked). */
  actor: Actor | null;
}

/** For the Open311 routes: the live key's client, or null for a missing, unknown or revoked key. */
export async function open311Client(db: Db, apiKey: string | undefined): Promise<Open311Client | null> {
  if (!apiKey || apiKey.length > 200) return null;
  const row = await repo.findKeyByHash(db, hashKey(apiKey));
  if (!row || row.revoked_at !== null) return null;
  const user = row.user_id ? await repo.findAccount(db, { id: row.user_id }) : undefined;
  const actor: Actor | null =
    user && !user.locked && isRole(user.role) ? { userId: user.id, username: user.username, role: user.role, scope: user.scope_code } : null;
  return { keyId: row.id, name: row.name, areaCode: row.area_code, actor };
}
