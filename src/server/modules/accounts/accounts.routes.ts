import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses, Page, PageQuery } from '../../../contracts/common.ts';
import { SESSION_COOKIE } from '../../http/session.ts';
import { DEMO_PASSWORD } from './demo-password.ts';
import { DemoAccounts, RoleSchema, Session, User } from '../../../contracts/accounts.ts';
import * as accounts from './accounts.service.ts';

const Username = Type.String({ minLength: 3, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const IdParams = Type.Object({ id: Type.String({ maxLength: 36 }) }, { additionalProperties: false });

export const accountsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = () => ({ db: app.deps.db, config: app.deps.config, limiter: app.deps.loginLimiter });

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets an httpOnly session cookie',
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 200: Session, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await accounts.login(deps(), request.ctx, { ...request.body, userAgent: request.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.deps.config.secureCookies,
        expires: new Date(result.expiresAt),
      });
      return { user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session', response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await accounts.logout(app.deps.db, request.ctx, request.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: 'Who is logged in', response: { 200: Session, ...errorResponses } } },
    async (request) => ({
      user: await accounts.me(app.deps.db, request.ctx),
      csrfToken: request.session!.csrfToken,
      expiresAt: request.session!.expiresAt,
    }),
  );

  app.get(
    '/auth/demo-accounts',
    {
      schema: {
        tags: ['auth'],
        summary: 'The demo accounts, for the login page; empty outside a demo installation. No login needed',
        security: [],
        response: { 200: DemoAccounts, ...errorResponses },
      },
    },
    async () => {
      const list = await accounts.listDemoAccounts(app.deps.db, app.deps.config.production);
      return { accounts: list, password: list.length ? DEMO_PASSWORD : null };
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Users within your scope (admins)',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 64 })),
            role: Type.Optional(RoleSchema),
            area: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(User), ...errorResponses },
      },
    },
    async (request) => accounts.listUsers(app.deps.db, request.ctx, request.query),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user within your scope (admins)',
        body: Type.Object(
          {
            username: Username,
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ maxLength: 256 }),
            role: RoleSchema,
            scope: Type.String({ pattern: '^[0-9]{2,12}$' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: User, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await accounts.createUser(app.deps.db, request.ctx, request.body)),
  );

  app.get(
    '/users/:id',
    { schema: { tags: ['users'], params: IdParams, response: { 200: User, ...errorResponses } } },
    async (request) => accounts.getUser(app.deps.db, request.ctx, request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user (admins); send the version you read',
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            role: Type.Optional(RoleSchema),
            scope: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
            password: Type.Optional(Type.String({ maxLength: 256 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: User, ...errorResponses },
      },
    },
    async (request) => accounts.updateUser(app.deps.db, request.ctx, request.params.id, request.body),
  );

  for (const [path, locked] of [
    ['/users/:id/lock', true],
    ['/users/:id/unlock', false],
  ] as const) {
    app.post(
      path,
      { schema: { tags: ['users'], params: IdParams, response: { 200: User, ...errorResponses } } },
      async (request) => accounts.setUserLocked(app.deps.db, request.ctx, request.params.id, locked),
    );
  }
};
