import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROUTE_ACTIONS } from '../../../contracts/policy.ts';
import { requirePermission, scopedArea } from '../../http/actor.ts';

/**
 * Decides role (and the scope of a community named in the path) before the request is
 * validated, for the routes of the plugin it is added to: a role the policy table does not list
 * for the route is refused with 403 whatever it sent, rather than told what is wrong with a body
 * it may not send. Services check again (they are called from elsewhere too).
 */
export function checkPolicyFirst(app: FastifyInstance, prefix = '/api/v1'): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const url = request.routeOptions.url ?? '';
    const path = url.startsWith(prefix) ? url.slice(prefix.length) : url;
    const action = ROUTE_ACTIONS[`${request.method} ${path.replace(/:(\w+)/g, '{$1}')}`];
    if (!action || action === 'public') return;
    const actor = requirePermission(request.ctx, action);
    const code = (request.params as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string') scopedArea(actor, code, 'code');
  });
}
