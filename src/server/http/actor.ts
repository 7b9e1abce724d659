import type { Role } from '../../contracts/roles.ts';
import { ownOnly, POLICY, type Action } from '../../contracts/policy.ts';
import { isWithinScope, normalizeAreaCode } from '../../contracts/area-code.ts';
import { forbidden, invalidField, unauthorized } from './errors.ts';

/** Who is asking: the logged-in user, their role and their area scope. */
export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  /** Area code prefix: the user sees this area and everything under it. */
  readonly scope: string;
}

/** What a service needs to know about the request besides the actor. */
export interface RequestContext {
  readonly actor: Actor | null;
  readonly address: string;
  readonly requestId: string;
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw unauthorized();
  return ctx.actor;
}

export function requireRole(ctx: RequestContext, roles: readonly Role[]): Actor {
  const actor = requireActor(ctx);
  if (!roles.includes(actor.role)) {
    throw forbidden(`Role ${actor.role} may not do this`, { requiredRoles: roles, reason: 'role' });
  }
  return actor;
}

/**
 * The actor, when their role may do `action` by the policy table (src/contracts/policy.ts);
 * 401 without a session, 403 for another role. The action's scope rule is checked by the service
 * once it knows the area (`requireScope`, `scopedArea`); `province` is checked here.
 */
export function requirePermission(ctx: RequestContext, action: Action): Actor {
  const actor = requireActor(ctx);
  const rule = POLICY[action];
  if (!(rule.roles as readonly Role[]).includes(actor.role)) {
    throw forbidden(`Role ${actor.role} may not do ${action}`, { requiredRoles: rule.roles, action, reason: 'role' });
  }
  if (rule.scope === 'province' && actor.scope.length !== 2) {
    throw forbidden(`Only users with a province-wide scope may do ${action}`, { action, scope: actor.scope, reason: 'scope' });
  }
  return actor;
}

/** Whether the actor may do `action` (no error): for answers that differ by role rather than refuse. */
export function mayDo(actor: Actor, action: Action): boolean {
  return (POLICY[action].roles as readonly Role[]).includes(actor.role);
}

/** Whether the actor reaches only their own household's records under `action` (a resident). */
export function ownRecordsOnly(actor: Actor, action: Action): boolean {
  return ownOnly(actor.role, action);
}

/** Refuses (403, audited by the error handler) an area outside the actor's scope. */
export function requireScope(actor: Actor, areaCode: string): void {
  if (!isWithinScope(areaCode, actor.scope)) {
    throw forbidden(`Area ${areaCode} is outside your scope ${actor.scope}`, { areaCode, scope: actor.scope, reason: 'scope' });
  }
}

/**
 * The area a request names in `field` (default: the actor's scope): 400 when it is not a division
 * code, 403 (audited) when it lies outside the actor's scope.
 */
export function scopedArea(actor: Actor, raw: string | undefined, field = 'area'): string {
  if (!raw) return actor.scope;
  const code = normalizeAreaCode(raw);
  if (!code) throw invalidField(field, 'is not a division code (2, 4, 6, 9 or 12 digits)');
  requireScope(actor, code);
  return code;
}
