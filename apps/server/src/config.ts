// The one config loader: a zod schema over process.env (the variables are
// listed in docs/architecture.md#environment, with their defaults in the
// README's configuration table). Everything else in the
// server receives a parsed Config; nothing else reads process.env.
import { hostname } from 'node:os';
import { z } from 'zod';
import type { JwksSettings } from './auth/jwks-tokens.js';

/** HS256 needs a key at least as long as its hash output (RFC 7518, section 3.2). */
export const JWT_SECRET_MIN_LENGTH = 32;

/**
 * Used when JWT_SECRET is unset outside production, so `pnpm dev` and tests
 * work without set-up. Public by design: tokens signed with it prove nothing.
 */
export const DEV_JWT_SECRET = 'livebell-dev-secret-never-use-in-production';

/** A scrape token short enough to guess would protect nothing. */
export const METRICS_TOKEN_MIN_LENGTH = 16;

const DEFAULT_DEV_MONGODB_URI = 'mongodb://127.0.0.1:27017';

/** A node's id unless NODE_ID (or the factory's `nodeId`) names it: its host and process. */
export function defaultNodeId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * What one client may ask of a node. Each refusal is a typed tRPC error or a
 * WebSocket close code (http/close-codes.ts); none of them does the work first.
 */
export interface Limits {
  /** Open subscriptions on one WebSocket; the web app holds one. */
  subscriptionsPerConnection: number;
  /** Open WebSockets of one user (tabs and devices); one more is closed with 4429. */
  connectionsPerUser: number;
  /** Calls in one WebSocket message; a message with more is refused whole and its socket closed with 4413. */
  callsPerMessage: number;
  /** Calls in one HTTP batch from a signed-in client. */
  batch: number;
  /** Calls in one HTTP batch without a valid token: only health and sign-in are public. */
  anonymousBatch: number;
  /** How long a new WebSocket may go without a valid token before it is closed with 4408. */
  authTimeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  subscriptionsPerConnection: 10,
  connectionsPerUser: 20,
  callsPerMessage: 50,
  batch: 50,
  anonymousBatch: 4,
  authTimeoutMs: 5000,
};

/** Live delivery's tuning unless LIVEBELL_REPLAY_WINDOW, LIVEBELL_SUBSCRIBER_QUEUE or LIVEBELL_STREAM_STALL_MS say otherwise. */
export const DEFAULT_TUNING = {
  replayWindow: 10_000,
  subscriberQueueBytes: 1024 * 1024,
  streamStallMs: 10_000,
};

/** The identity provider's claims read unless JWT_USER_CLAIM or JWT_ROLE_CLAIM (or jwksAuth's settings) name others. */
export const DEFAULT_JWT_CLAIMS = { userClaim: 'sub', roleClaim: 'role' } satisfies Partial<JwksSettings>;

const booleanFlag = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }))
  .transform((value) => value === 'true' || value === '1');

const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// or mongodb+srv:// connection string')
    .optional(),
  MONGODB_DB: z
    .string()
    .min(1)
    .max(63)
    .regex(/^[^/\\. "$*<>:|?]+$/, 'must be a MongoDB database name (no /\\. "$*<>:|? characters)')
    .default('livebell'),
  PORT: integer(0, 65_535).default(3000),
  JWT_SECRET: z
    .string()
    .min(JWT_SECRET_MIN_LENGTH, `must be at least ${JWT_SECRET_MIN_LENGTH} characters (HS256 key)`)
    .optional(),
  JWT_JWKS_URL: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .pipe(z.url({ error: 'must be an http:// or https:// URL' }))
    .optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_USER_CLAIM: z.string().min(1).default(DEFAULT_JWT_CLAIMS.userClaim),
  JWT_ROLE_CLAIM: z.string().min(1).default(DEFAULT_JWT_CLAIMS.roleClaim),
  ENABLE_CHANGE_STREAMS: booleanFlag.default(false),
  DEBUG: booleanFlag.default(false),
  NODE_ID: z.string().min(1).max(128).optional(),
  LIVEBELL_REPLAY_WINDOW: integer(1, 1_000_000).default(DEFAULT_TUNING.replayWindow),
  LIVEBELL_SUBSCRIBER_QUEUE: integer(1024, 1024 ** 3).default(DEFAULT_TUNING.subscriberQueueBytes),
  LIVEBELL_STREAM_STALL_MS: integer(1000, 60_000).default(DEFAULT_TUNING.streamStallMs),
  METRICS_PORT: integer(0, 65_535).optional(),
  METRICS_TOKEN: z
    .string()
    .min(METRICS_TOKEN_MIN_LENGTH, `must be at least ${METRICS_TOKEN_MIN_LENGTH} characters`)
    .regex(/^\S+$/, 'must not contain whitespace')
    .optional(),
  LIVEBELL_METRICS: booleanFlag.default(true),
  LIVEBELL_MAX_SUBSCRIPTIONS_PER_CONNECTION: integer(1, 10_000).default(DEFAULT_LIMITS.subscriptionsPerConnection),
  LIVEBELL_MAX_CONNECTIONS_PER_USER: integer(1, 100_000).default(DEFAULT_LIMITS.connectionsPerUser),
  LIVEBELL_MAX_CALLS_PER_MESSAGE: integer(1, 10_000).default(DEFAULT_LIMITS.callsPerMessage),
  LIVEBELL_MAX_BATCH: integer(1, 10_000).default(DEFAULT_LIMITS.batch),
  LIVEBELL_MAX_ANONYMOUS_BATCH: integer(1, 10_000).default(DEFAULT_LIMITS.anonymousBatch),
  LIVEBELL_AUTH_TIMEOUT_MS: integer(100, 600_000).default(DEFAULT_LIMITS.authTimeoutMs),
});

export interface Config {
  production: boolean;
  mongodbUri: string;
  mongodbDb: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The HS256 key; null in production without JWT_SECRET (only the identity provider's tokens count). */
  jwtSecret: string | null;
  /** True when JWT_SECRET was unset and the public dev secret is in use. */
  usingDevJwtSecret: boolean;
  /** The identity provider whose tokens are accepted (JWT_JWKS_URL and its companions); null without one. */
  jwks: JwksSettings | null;
  enableChangeStreams: boolean;
  debug: boolean;
  nodeId: string;
  /** How many processed events each node keeps in memory for replay. */
  replayWindow: number;
  /** How many bytes may wait for one subscriber, its socket's send buffer included, before it is disconnected. */
  subscriberQueueBytes: number;
  /** How long the change stream may go without an answer from MongoDB before it counts as stalled. */
  streamStallMs: number;
  metrics: MetricsConfig;
  limits: Limits;
}

export interface MetricsConfig {
  /** False only to measure what metrics cost (the bench): nothing is recorded and /metrics answers 404. */
  enabled: boolean;
  /** A separate port for /metrics; null serves it on the server's port. */
  port: number | null;
  /** The bearer token scrapes must send; null leaves /metrics open. */
  token: string | null;
}

/** A missing or invalid variable; the message names it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment. Throws ConfigError naming every bad variable;
 * `main.ts` prints it and exits 1.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = envSchema.safeParse(setVariables(env));
  if (!result.success) throw new ConfigError(`Invalid environment: ${describeIssues(result.error.issues)}`);
  const parsed = result.data;
  const production = parsed.NODE_ENV === 'production';
  if (parsed.METRICS_PORT !== undefined && parsed.METRICS_PORT !== 0 && parsed.METRICS_PORT === parsed.PORT) {
    throw new ConfigError('Invalid environment: METRICS_PORT: must differ from PORT');
  }
  const missing = [
    ...(production && parsed.MONGODB_URI === undefined ? ['MONGODB_URI: required when NODE_ENV=production'] : []),
    ...(production && parsed.JWT_SECRET === undefined && parsed.JWT_JWKS_URL === undefined
      ? ['JWT_SECRET: required when NODE_ENV=production (unless JWT_JWKS_URL is set)']
      : []),
    ...(parsed.JWT_JWKS_URL === undefined
      ? []
      : (['JWT_ISSUER', 'JWT_AUDIENCE'] as const)
          .filter((name) => parsed[name] === undefined)
          .map((name) => `${name}: required with JWT_JWKS_URL`)),
  ];
  if (parsed.LIVEBELL_MAX_ANONYMOUS_BATCH > parsed.LIVEBELL_MAX_BATCH) {
    throw new ConfigError('Invalid environment: LIVEBELL_MAX_ANONYMOUS_BATCH: must not exceed LIVEBELL_MAX_BATCH');
  }
  if (missing.length > 0) {
    throw new ConfigError(`Invalid environment: ${missing.join('; ')}`);
  }
  const { JWT_JWKS_URL: url, JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = parsed;
  return {
    production,
    mongodbUri: parsed.MONGODB_URI ?? DEFAULT_DEV_MONGODB_URI,
    mongodbDb: parsed.MONGODB_DB,
    port: parsed.PORT,
    jwtSecret: parsed.JWT_SECRET ?? (production ? null : DEV_JWT_SECRET),
    usingDevJwtSecret: !production && parsed.JWT_SECRET === undefined,
    // Complete or absent: a URL without its issuer and audience was refused above.
    jwks:
      url !== undefined && issuer !== undefined && audience !== undefined
        ? { url, issuer, audience, userClaim: parsed.JWT_USER_CLAIM, roleClaim: parsed.JWT_ROLE_CLAIM }
        : null,
    enableChangeStreams: parsed.ENABLE_CHANGE_STREAMS,
    debug: parsed.DEBUG,
    nodeId: parsed.NODE_ID ?? defaultNodeId(),
    replayWindow: parsed.LIVEBELL_REPLAY_WINDOW,
    subscriberQueueBytes: parsed.LIVEBELL_SUBSCRIBER_QUEUE,
    streamStallMs: parsed.LIVEBELL_STREAM_STALL_MS,
    metrics: {
      enabled: parsed.LIVEBELL_METRICS,
      port: parsed.METRICS_PORT ?? null,
      token: parsed.METRICS_TOKEN ?? null,
    },
    limits: {
      subscriptionsPerConnection: parsed.LIVEBELL_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      connectionsPerUser: parsed.LIVEBELL_MAX_CONNECTIONS_PER_USER,
      callsPerMessage: parsed.LIVEBELL_MAX_CALLS_PER_MESSAGE,
      batch: parsed.LIVEBELL_MAX_BATCH,
      anonymousBatch: parsed.LIVEBELL_MAX_ANONYMOUS_BATCH,
      authTimeoutMs: parsed.LIVEBELL_AUTH_TIMEOUT_MS,
    },
  };
}

export interface DatabaseConfig {
  mongodbUri: string;
  mongodbDb: string;
}

/** Just the database variables, for tools such as `pnpm notify` that never serve requests. */
export function loadDatabaseConfig(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  const result = envSchema.pick({ MONGODB_URI: true, MONGODB_DB: true }).safeParse(setVariables(env));
  if (!result.success) throw new ConfigError(`Invalid environment: ${describeIssues(result.error.issues)}`);
  return { mongodbUri: result.data.MONGODB_URI ?? DEFAULT_DEV_MONGODB_URI, mongodbDb: result.data.MONGODB_DB };
}

/** An empty variable means unset, as in most shells' `VAR= cmd`. */
function setVariables(env: Record<string, string | undefined>): Record<string, string> {
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') set[name] = value;
  return set;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}
