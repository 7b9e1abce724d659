import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';

export type DatabaseDialect = 'sqlite' | 'postgres';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where the embedded database and generated secrets live. */
  readonly dataDir: string;
  readonly dialect: DatabaseDialect;
  /** PostgreSQL connection string when dialect is postgres; otherwise the SQLite file path. */
  readonly databaseUrl: string;
  readonly sessionTtlMinutes: number;
  /** Send the session cookie only over HTTPS. On by default in production. */
  readonly secureCookies: boolean;
  readonly trustProxy: boolean;
  readonly logLevel: string;
  /** 32-byte key for personal-data encryption and keyed hashes. */
  readonly secretKey: Buffer;
  /** Earlier secret keys, kept after a rotation so what they encrypted still reads (LINLI_PREVIOUS_SECRET_KEYS). */
  readonly previousSecretKeys: readonly Buffer[];
  /** Redis for the rate limit's counters when several processes serve; null: in memory. */
  readonly redisUrl: string | null;
  /** Per client address and minute, on top of the account lockout: login attempts, and writes. */
  readonly rateLimitLoginsPerMinute: number;
  readonly rateLimitWritesPerMinute: number;
  readonly loginMaxFailures: number;
  readonly loginLockMinutes: number;
  /** Login attempts allowed per client address per window. */
  readonly loginAttemptsPerAddress: number;
  readonly loginWindowMinutes: number;
  /** Seed the demo city on first start. Never in production. */
  readonly seedDemo: boolean;
  /** NODE_ENV=production: demo accounts cannot log in and the demo cannot be seeded. */
  readonly production: boolean;
  /** Largest attachment of a service request, bytes (LINLI_ATTACHMENT_MAX_BYTES). */
  readonly attachmentMaxBytes: number;
  /** Share of a request's time limit after which its clock warns, percent (LINLI_REQUEST_WARNING_PERCENT). */
  readonly requestWarningPercent: number;
  /** Working days after the due day before an overdue request goes to the level above (LINLI_ESCALATE_ABOVE_AFTER_DAYS). */
  readonly escalateAboveAfterDays: number;
  /** Seconds between sweeps of request clocks; 0 turns the in-process scheduler off (LINLI_REQUEST_SWEEP_SECONDS). */
  readonly requestSweepSeconds: number;
  /** The ocid prefix of the linkage's open-contracting releases, as registered with the Open Contracting Partnership (LINLI_OCDS_OCID_PREFIX). */
  readonly ocdsOcidPrefix: string;
  /** The publisher named in OCDS release packages (LINLI_OCDS_PUBLISHER). */
  readonly ocdsPublisher: string;
  /** Offline pulls read changes at least this old (ms), so a write still committing is never passed over. */
  readonly syncSettleMs: number;
  /**
   * Compile every route's request validators and response serializers at start, so that a broken
   * schema stops the server there (LINLI_COMPILE_SCHEMAS_ON_START; on, except under NODE_ENV=test,
   * where an app answers a few of its routes and each is compiled on first use).
   */
  readonly compileSchemasOnStart: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/**
 * An OCDS ocid prefix: `ocds-` and six lowercase letters or digits, as the Open Contracting
 * Partnership assigns them. It is part of every published ocid, so it must never change once
 * releases are out; the default is a placeholder for development and demos.
 */
function ocidPrefix(env: NodeJS.ProcessEnv): string {
  const raw = env.LINLI_OCDS_OCID_PREFIX;
  if (raw === undefined || raw === '') return 'ocds-linli0';
  if (!/^ocds-[a-z0-9]{6}$/.test(raw)) throw new ConfigError(`LINLI_OCDS_OCID_PREFIX must be ocds- and six lowercase letters or digits (as registered), got "${raw}"`);
  return raw;
}

function publisherName(env: NodeJS.ProcessEnv): string {
  const raw = env.LINLI_OCDS_PUBLISHER?.trim();
  if (raw === undefined || raw === '') return '邻里 Linli';
  if (raw.length > 200) throw new ConfigError('LINLI_OCDS_PUBLISHER must be at most 200 characters');
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function logLevel(env: NodeJS.ProcessEnv, fallback: string): string {
  const raw = env.LOG_LEVEL;
  if (raw === undefined || raw === '') return fallback;
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return raw;
}

/** An IPv4 or IPv6 address, or a host name (letters, digits and hyphens in dot-separated labels). */
function host(env: NodeJS.ProcessEnv, fallback: string): string {
  const raw = env.HOST;
  if (raw === undefined || raw === '') return fallback;
  const label = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
  const hostName = raw.length <= 253 && raw.split('.').every((part) => label.test(part));
  if (isIP(raw) === 0 && !hostName) {
    throw new ConfigError(`HOST must be an IP address or a host name, got "${raw}"`);
  }
  return raw;
}

/**
 * The secret key comes from LINLI_SECRET_KEY (64 hex characters) in production.
 * In development it is created once under the data directory, readable by its owner only.
 */
function secretKey(env: NodeJS.ProcessEnv, dataDir: string, production: boolean): Buffer {
  const raw = env.LINLI_SECRET_KEY;
  if (raw) {
    if (!/^[0-9a-fA-F]{64}$/.test(raw)) throw new ConfigError('LINLI_SECRET_KEY must be 64 hexadecimal characters (32 bytes)');
    return Buffer.from(raw, 'hex');
  }
  if (production) throw new ConfigError('LINLI_SECRET_KEY is required when NODE_ENV=production');
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  const key = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(key)) throw new ConfigError(`${file} does not hold a 64-hex-character key`);
  return Buffer.from(key, 'hex');
}

function previousSecretKeys(env: NodeJS.ProcessEnv): Buffer[] {
  const raw = env.LINLI_PREVIOUS_SECRET_KEYS;
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part, i) => {
    const hex = part.trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new ConfigError(`LINLI_PREVIOUS_SECRET_KEYS must be comma-separated keys of 64 hexadecimal characters; key ${i + 1} is not`);
    }
    return Buffer.from(hex, 'hex');
  });
}

function redisUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.LINLI_REDIS_URL;
  if (raw === undefined || raw === '') return null;
  if (!/^rediss?:\/\/[^\s]+$/.test(raw)) throw new ConfigError('LINLI_REDIS_URL must start with redis:// or rediss://');
  return raw;
}

/** Reads every setting once, validates it, and freezes the result. Nothing else reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const { databaseUrl: _url, dataDir: _dir, dialect: _dialect, ...rest } = overrides;
  const production = env.NODE_ENV === 'production';
  // Tests log in and write from one address far faster than people do; they set limits to test them.
  const testing = env.NODE_ENV === 'test';
  const dataDirRaw = overrides.dataDir ?? env.LINLI_DATA_DIR ?? 'data/runtime';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(process.cwd(), dataDirRaw);
  const url = overrides.databaseUrl ?? env.DATABASE_URL ?? '';
  let dialect: DatabaseDialect = 'sqlite';
  let databaseUrl = join(dataDir, 'linli.sqlite');
  if (url) {
    if (/^postgres(ql)?:\/\//.test(url)) {
      dialect = 'postgres';
      databaseUrl = url;
    } else if (/^(sqlite:|file:)/.test(url)) {
      databaseUrl = url.replace(/^(sqlite:|file:)(\/\/)?/, '');
    } else {
      throw new ConfigError('DATABASE_URL must start with postgres:// (or sqlite: for a file path)');
    }
  }
  const config: Config = {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: host(env, '0.0.0.0'),
    dataDir,
    dialect,
    databaseUrl,
    sessionTtlMinutes: integer(env, 'LINLI_SESSION_TTL_MINUTES', 12 * 60, 5, 30 * 24 * 60),
    secureCookies: flag(env, 'LINLI_SECURE_COOKIES', production),
    trustProxy: flag(env, 'LINLI_TRUST_PROXY', false),
    logLevel: logLevel(env, env.NODE_ENV === 'test' ? 'silent' : 'info'),
    secretKey: overrides.secretKey ?? secretKey(env, dataDir, production),
    previousSecretKeys: previousSecretKeys(env),
    redisUrl: redisUrl(env),
    rateLimitLoginsPerMinute: integer(env, 'LINLI_RATE_LIMIT_LOGINS_PER_MINUTE', testing ? 1_000_000 : 20, 1, 1_000_000),
    rateLimitWritesPerMinute: integer(env, 'LINLI_RATE_LIMIT_WRITES_PER_MINUTE', testing ? 1_000_000 : 300, 1, 1_000_000),
    loginMaxFailures: integer(env, 'LINLI_LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: integer(env, 'LINLI_LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    loginAttemptsPerAddress: integer(env, 'LINLI_LOGIN_ATTEMPTS_PER_ADDRESS', 30, 1, 10000),
    loginWindowMinutes: integer(env, 'LINLI_LOGIN_WINDOW_MINUTES', 15, 1, 24 * 60),
    seedDemo: flag(env, 'LINLI_SEED_DEMO', !production),
    production,
    attachmentMaxBytes: integer(env, 'LINLI_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    requestWarningPercent: integer(env, 'LINLI_REQUEST_WARNING_PERCENT', 80, 1, 100),
    escalateAboveAfterDays: integer(env, 'LINLI_ESCALATE_ABOVE_AFTER_DAYS', 2, 0, 60),
    requestSweepSeconds: integer(env, 'LINLI_REQUEST_SWEEP_SECONDS', testing ? 0 : 60, 0, 86_400),
    ocdsOcidPrefix: ocidPrefix(env),
    ocdsPublisher: publisherName(env),
    syncSettleMs: integer(env, 'LINLI_SYNC_SETTLE_MS', testing ? 0 : 2000, 0, 60_000),
    compileSchemasOnStart: flag(env, 'LINLI_COMPILE_SCHEMAS_ON_START', !testing),
    ...rest,
  };
  if (config.production && config.seedDemo) {
    throw new ConfigError('LINLI_SEED_DEMO cannot be true when NODE_ENV=production: the demo accounts share a published password');
  }
  return Object.freeze(config);
}
