import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { freshDatabase, type TestDatabase, type TestDialect } from './databases.ts';
import { demoTemplate } from './demo-template.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  /** Logs in and returns a client that carries the session cookie and CSRF token. */
  login(username: string, password?: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export interface Client {
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  csrfToken: string | null;
  cookie: string | null;
}

function client(app: FastifyInstance, cookie: string | null, csrfToken: string | null): Client {
  const request = (options: InjectOptions) =>
    app.inject({
      ...options,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(csrfToken && options.method && options.method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
        ...options.headers,
      },
    });
  return {
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body) => request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => request({ method: 'PATCH', url, payload: body as object }),
    csrfToken,
    cookie,
  };
}

/** The app on a fresh database of the given dialect; `seed: 'demo'` loads the demo city and accounts. */
export async function startTestApp(
  dialect: TestDialect,
  options: { seed?: 'demo' | 'none'; config?: Partial<Config> } = {},
): Promise<TestApp> {
  // The run's seeded demo database, copied, unless the test brings its own key (scripts/test.mjs
  // seeds one per dialect before the run; a file run alone seeds its own).
  const template = options.seed === 'demo' && !options.config?.secretKey ? demoTemplate() : null;
  const from = template ? (dialect === 'sqlite' ? template.sqlite : template.postgres) : undefined;
  const database = await freshDatabase(dialect, { from });
  const config = loadConfig(
    { NODE_ENV: 'test' },
    {
      dataDir: database.dataDir,
      databaseUrl: dialect === 'postgres' ? database.url : `sqlite:${database.url}`,
      secretKey: from ? Buffer.from(template!.secretKey, 'hex') : randomBytes(32),
      ...options.config,
    },
  );
  if (options.seed === 'demo' && !from) await seedDemo(database.handle, { secretKey: config.secretKey });
  const app = await buildApp(config, database.handle);
  await app.ready();
  return {
    app,
    database,
    config,
    anonymous: client(app, null, null),
    async login(username, password = 'linli-demo') {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
      const setCookie = response.cookies.find((c) => c.name === 'linli_session');
      return client(app, `linli_session=${setCookie!.value}`, response.json().csrfToken);
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
