import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { DatabaseHandle, Db } from './db/database.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { clientErrorHandler, frameworkErrors, installInputRules, JSON_BODY_BYTES_MAX, querystringParser, schemaController } from './http/input-rules.ts';
import { loggerOptions } from './http/log-redaction.ts';
import { installSessions } from './http/session.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installRateLimit } from './http/rate-limit.ts';
import { installCacheInvalidation } from './http/cache-invalidation.ts';
import { personalDataCipher } from './modules/residents/personal-data.ts';
import { staticWeb } from './http/static-web.ts';
import { createLoginLimiter } from './modules/accounts/accounts.service.ts';
import type { LoginLimiter } from './modules/accounts/login-limiter.ts';
import { accountsRoutes } from './modules/accounts/accounts.routes.ts';
import { areasRoutes } from './modules/areas/areas.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { coverageRoutes } from './modules/coverage/coverage.routes.ts';
import { facilitiesRoutes } from './modules/facilities/facilities.routes.ts';
import { residentsRoutes } from './modules/residents/residents.routes.ts';
import { planningRoutes } from './modules/planning/planning.routes.ts';
import { indicatorRoutes } from './modules/indicators/indicators.routes.ts';
import { planRoutes } from './modules/plans/plans.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { volunteersRoutes } from './modules/people/volunteers.routes.ts';
import { recordAudit } from './modules/audit/audit.service.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { VERSION } from './version.ts';

export interface AppDeps {
  readonly config: Config;
  readonly db: Db;
  readonly dialect: DatabaseHandle['dialect'];
  readonly database: DatabaseHandle;
  readonly loginLimiter: LoginLimiter;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/**
 * Builds the application around an open database. Tests call it too and talk to it
 * through app.inject(), with no port.
 */
export async function buildApp(config: Config, database: DatabaseHandle): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : loggerOptions(config.logLevel),
    trustProxy: config.trustProxy,
    // Input handling (http/input-rules.ts, docs/security.md): JSON bodies up to 1 MB (imports set
    // their own larger limit), bodies validated without type coercion, unknown fields refused,
    // query strings decoded strictly, every refusal in the error envelope.
    bodyLimit: JSON_BODY_BYTES_MAX,
    genReqId: () => crypto.randomUUID(),
    // Registering every module's routes is one long synchronous stretch; on a loaded two-core
    // machine it passed fastify's default 10 s ("Plugin did not start in time"). A plugin that
    // really hangs still fails the start, after a minute.
    pluginTimeout: 60_000,
    schemaController: schemaController(config.compileSchemasOnStart),
    routerOptions: { querystringParser },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('deps', {
    config,
    db: database.db,
    dialect: database.dialect,
    database,
    loginLimiter: createLoginLimiter(config),
  } satisfies AppDeps);

  installErrorHandler(app, async (request, error) => {
    await recordAudit(app.deps.db, request.ctx ?? { actor: null, address: request.ip, requestId: request.id }, {
      action: 'access.refused',
      outcome: 'denied',
      areaCode: (error.details as { areaCode?: string } | undefined)?.areaCode ?? request.ctx?.actor?.scope ?? '',
      // The path only: a query string may carry personal data (a search by ID number).
      details: { method: request.method, path: request.url.split('?')[0], code: error.code, message: error.message },
    });
  });

  // The keyring: personal data written under a previous secret key still reads (docs/operations.md, key rotation).
  personalDataCipher(config.secretKey, config.previousSecretKeys);
  await installSecurityHeaders(app, config);
  await installRateLimit(app, config);
  await installCacheInvalidation(app, config);
  installInputRules(app);
  await app.register(cookie);
  installSessions(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Linli API', version: VERSION, description: '邻里 — the public-service platform for urban and rural communities' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'linli_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(accountsRoutes);
      await api.register(auditRoutes);
      await api.register(areasRoutes);
      await api.register(facilitiesRoutes);
      await api.register(residentsRoutes);
      await api.register(coverageRoutes);
      await api.register(planningRoutes);
      await api.register(indicatorRoutes);
      await api.register(planRoutes);
      await api.register(dashboardRoutes);
      await api.register(volunteersRoutes);
      await api.register((await import('./modules/services/catalog.routes.ts')).serviceCatalogRoutes);
      await api.register((await import('./modules/people/organizations.routes.ts')).organizationsRoutes);
      await api.register((await import('./modules/people/workers.routes.ts')).workersRoutes);
      await api.register((await import('./modules/services/mandates.routes.ts')).agencyRoutes);
      await api.register((await import('./modules/services/requests.routes.ts')).requestsRoutes);
      // -- linkage: procurement --
      await api.register((await import('./modules/linkage/procurement.routes.ts')).linkageProcurementRoutes);
      // -- linkage: delivery --
      await api.register((await import('./modules/linkage/delivery.routes.ts')).linkageDeliveryRoutes);
      await api.register((await import('./modules/linkage/open-contracting.routes.ts')).openContractingRoutes);
      // -- care: cases --
      await api.register((await import('./modules/care/cases.routes.ts')).careCasesRoutes);
      // -- care: referrals and family --
      await api.register((await import('./modules/care/referrals.routes.ts')).careReferralsRoutes);
      await api.register((await import('./modules/care/family.routes.ts')).familyRoutes);
      // -- market: information points --
      await api.register((await import('./modules/market/info-points.routes.ts')).infoPointsRoutes);
      // -- market: sales --
      await api.register((await import('./modules/market/producers.routes.ts')).marketRoutes);
      // -- sync --
      await api.register((await import('./modules/sync/sync.routes.ts')).syncRoutes);
      // care visit photos, for the offline visit form (docs/sync.md): a file of its own in care
      await api.register((await import('./modules/care/care-visit-photos.ts')).careVisitPhotosRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register((await import('./modules/services/open311.routes.ts')).open311Routes, { prefix: '/open311/v2' });
  // After the API: the web app answers every other GET.
  await app.register(staticWeb);
  return app;
}
