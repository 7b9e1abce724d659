import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { invalidateAreaStatistics, onAreaStatisticsChange } from '../modules/areas/areas.service.ts';
import { invalidateCoverage } from '../modules/coverage/coverage.service.ts';
import { onFacilitiesChange } from '../modules/facilities/facilities.service.ts';
import { invalidateIndicators, invalidateSnapshots } from '../modules/indicators/indicators.service.ts';
import { onRecordsChange } from '../db/record-changes.ts';

/**
 * Several server processes on one PostgreSQL database: what one process computed from
 * facilities or area statistics (coverage, indicator snapshots, the division tree and its
 * roll-ups) is dropped in every process when any of them changes that data.
 *
 * The process that made the change sends `NOTIFY linli_cache` with what changed and its own
 * instance id; every process LISTENs on a connection of its own and drops its caches when the
 * notice comes from another instance. PostgreSQL delivers notices only after the sending
 * transaction commits (services notify after theirs), so a reader never refills a cache from
 * data older than the notice. If the listening connection drops, caches are dropped when it is
 * back (a notice may have been missed in between).
 *
 * On SQLite the database belongs to one process: the in-process listeners do it all.
 */
export const CACHE_CHANNEL = 'linli_cache';
/** `records`: a service-side module's records changed (src/server/db/record-changes.ts). */
export type CacheTopic = 'facilities' | 'areas' | 'records';

interface Notice {
  origin: string;
  topic: CacheTopic;
}

const publishers = new Map<Db, (topic: CacheTopic) => void>();
let hooked = false;
/** Above zero while a remote notice is applied: the listeners it triggers must not notify back. */
let applyingRemote = 0;

function hookOnce(): void {
  if (hooked) return;
  hooked = true;
  onFacilitiesChange((db) => {
    if (applyingRemote === 0) publishers.get(db)?.('facilities');
  });
  onAreaStatisticsChange((db) => {
    if (applyingRemote === 0) publishers.get(db)?.('areas');
  });
  onRecordsChange((db) => {
    if (applyingRemote === 0) publishers.get(db)?.('records');
  });
}

/** Drops, in this process, everything computed from what changed elsewhere. */
export function applyRemoteChange(db: Db, topic: CacheTopic): void {
  applyingRemote++;
  try {
    if (topic === 'records') {
      invalidateSnapshots(db);
    } else if (topic === 'areas') {
      // Also drops coverage and indicators, through their listeners.
      invalidateAreaStatistics(db);
    } else {
      invalidateCoverage(db);
      invalidateIndicators(db);
    }
  } finally {
    applyingRemote--;
  }
}

/** Tells every serving process that data changed (for commands run outside a server, like an import). */
export async function notifyCacheChange(db: Db, topic: CacheTopic, origin = 'command'): Promise<void> {
  await sql`select pg_notify(${CACHE_CHANNEL}, ${JSON.stringify({ origin, topic } satisfies Notice)})`.execute(db);
}

export async function installCacheInvalidation(app: FastifyInstance, config: Config): Promise<void> {
  if (config.dialect !== 'postgres') return;
  const { db } = app.deps;
  const instance = randomUUID();
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;

  const onNotice = (message: pg.Notification) => {
    if (message.channel !== CACHE_CHANNEL || !message.payload) return;
    let notice: Notice;
    try {
      notice = JSON.parse(message.payload) as Notice;
    } catch {
      return;
    }
    if (notice.origin === instance || (notice.topic !== 'facilities' && notice.topic !== 'areas' && notice.topic !== 'records')) return;
    applyRemoteChange(db, notice.topic);
  };

  const connect = async (reconnecting: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: config.databaseUrl });
    next.on('notification', onNotice);
    next.on('error', (error) => {
      app.log.warn({ err: error }, 'cache invalidation: listening connection lost; reconnecting');
      next.removeAllListeners('notification');
      void next.end().catch(() => {});
      if (client === next) client = null;
      if (!closed && !retry) retry = setTimeout(() => ((retry = null), void connect(true).catch(() => {})), 1000);
    });
    try {
      await next.connect();
      await next.query(`listen ${CACHE_CHANNEL}`);
    } catch (error) {
      void next.end().catch(() => {});
      if (!reconnecting) throw error;
      if (!closed && !retry) retry = setTimeout(() => ((retry = null), void connect(true).catch(() => {})), 1000);
      return;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    // Notices sent while no connection listened are lost: start afresh.
    if (reconnecting) {
      applyRemoteChange(db, 'areas');
      applyRemoteChange(db, 'facilities');
    }
  };

  await connect(false);
  hookOnce();
  publishers.set(db, (topic) => {
    notifyCacheChange(db, topic, instance).catch((error) => app.log.error({ err: error }, 'cache invalidation: notify failed'));
  });
  app.addHook('onClose', async () => {
    closed = true;
    publishers.delete(db);
    if (retry) clearTimeout(retry);
    if (client) await client.end().catch(() => {});
  });
}
