import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../../src/config.js';

const secret = 'x'.repeat(32);

describe('loadConfig', () => {
  it('applies the documented defaults outside production', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      production: false,
      mongodbDb: 'livebell',
      port: 3000,
      jwtSecret: DEV_JWT_SECRET,
      usingDevJwtSecret: true,
      jwks: null,
      enableChangeStreams: false,
      debug: false,
      replayWindow: 10_000,
      subscriberQueueBytes: 1024 * 1024,
      streamStallMs: 10_000,
      metrics: { enabled: true, port: null, token: null },
      limits: {
        subscriptionsPerConnection: 10,
        connectionsPerUser: 20,
        callsPerMessage: 50,
        batch: 50,
        anonymousBatch: 4,
        authTimeoutMs: 5000,
      },
    });
    expect(config.nodeId).toMatch(/:\d+$/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0',
      MONGODB_DB: 'bells',
      PORT: '8080',
      JWT_SECRET: secret,
      ENABLE_CHANGE_STREAMS: 'true',
      DEBUG: 'TRUE',
      NODE_ID: 'node-a',
      LIVEBELL_REPLAY_WINDOW: '50',
      LIVEBELL_SUBSCRIBER_QUEUE: '65536',
      LIVEBELL_STREAM_STALL_MS: '2000',
      JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      JWT_ISSUER: 'https://idp.example/',
      JWT_AUDIENCE: 'livebell',
      JWT_USER_CLAIM: 'email',
      JWT_ROLE_CLAIM: 'realm_access.roles',
      METRICS_PORT: '9464',
      METRICS_TOKEN: 'scrape-token-0123456789',
      LIVEBELL_METRICS: 'false',
      LIVEBELL_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3',
      LIVEBELL_MAX_CONNECTIONS_PER_USER: '4',
      LIVEBELL_MAX_CALLS_PER_MESSAGE: '5',
      LIVEBELL_MAX_BATCH: '6',
      LIVEBELL_MAX_ANONYMOUS_BATCH: '2',
      LIVEBELL_AUTH_TIMEOUT_MS: '2500',
    });
    expect(config).toEqual({
      production: true,
      mongodbUri: 'mongodb://db:27017/?replicaSet=rs0',
      mongodbDb: 'bells',
      port: 8080,
      jwtSecret: secret,
      usingDevJwtSecret: false,
      jwks: {
        url: 'https://idp.example/.well-known/jwks.json',
        issuer: 'https://idp.example/',
        audience: 'livebell',
        userClaim: 'email',
        roleClaim: 'realm_access.roles',
      },
      enableChangeStreams: true,
      debug: true,
      nodeId: 'node-a',
      replayWindow: 50,
      subscriberQueueBytes: 65_536,
      streamStallMs: 2000,
      metrics: { enabled: false, port: 9464, token: 'scrape-token-0123456789' },
      limits: {
        subscriptionsPerConnection: 3,
        connectionsPerUser: 4,
        callsPerMessage: 5,
        batch: 6,
        anonymousBatch: 2,
        authTimeoutMs: 2500,
      },
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ ENABLE_CHANGE_STREAMS: 'yes please' }, 'ENABLE_CHANGE_STREAMS'],
    [{ MONGODB_URI: 'http://db' }, 'MONGODB_URI'],
    [{ MONGODB_DB: 'a/b' }, 'MONGODB_DB'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ LIVEBELL_REPLAY_WINDOW: '0' }, 'LIVEBELL_REPLAY_WINDOW'],
    [{ LIVEBELL_SUBSCRIBER_QUEUE: '-1' }, 'LIVEBELL_SUBSCRIBER_QUEUE'],
    // Less than one event: every subscriber would be cut at once.
    [{ LIVEBELL_SUBSCRIBER_QUEUE: '100' }, 'LIVEBELL_SUBSCRIBER_QUEUE'],
    // Not above an idle getMore's wait: a quiet stream would count as stalled.
    [{ LIVEBELL_STREAM_STALL_MS: '250' }, 'LIVEBELL_STREAM_STALL_MS'],
    [{ METRICS_PORT: 'nine' }, 'METRICS_PORT'],
    [{ PORT: '9000', METRICS_PORT: '9000' }, 'METRICS_PORT'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ LIVEBELL_METRICS: 'off' }, 'LIVEBELL_METRICS'],
    [{ LIVEBELL_MAX_SUBSCRIPTIONS_PER_CONNECTION: '0' }, 'LIVEBELL_MAX_SUBSCRIPTIONS_PER_CONNECTION'],
    [{ LIVEBELL_MAX_CONNECTIONS_PER_USER: 'many' }, 'LIVEBELL_MAX_CONNECTIONS_PER_USER'],
    [{ LIVEBELL_MAX_CALLS_PER_MESSAGE: '1.5' }, 'LIVEBELL_MAX_CALLS_PER_MESSAGE'],
    [{ LIVEBELL_MAX_BATCH: '0' }, 'LIVEBELL_MAX_BATCH'],
    [{ LIVEBELL_MAX_ANONYMOUS_BATCH: '-2' }, 'LIVEBELL_MAX_ANONYMOUS_BATCH'],
    [{ LIVEBELL_MAX_BATCH: '5', LIVEBELL_MAX_ANONYMOUS_BATCH: '6' }, 'LIVEBELL_MAX_ANONYMOUS_BATCH'],
    [{ LIVEBELL_AUTH_TIMEOUT_MS: '5' }, 'LIVEBELL_AUTH_TIMEOUT_MS'],
    [{ JWT_JWKS_URL: 'ftp://idp.example/jwks' }, 'JWT_JWKS_URL'],
    [{ JWT_JWKS_URL: 'https://idp.example/jwks', JWT_AUDIENCE: 'livebell' }, 'JWT_ISSUER: required with JWT_JWKS_URL'],
    [{ JWT_JWKS_URL: 'https://idp.example/jwks', JWT_ISSUER: 'https://idp.example/' }, 'JWT_AUDIENCE'],
    [{ NODE_ENV: 'production', JWT_SECRET: secret }, 'MONGODB_URI'],
    [{ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db' }, 'JWT_SECRET'],
  ])('refuses %o with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('needs no JWT_SECRET in production when an identity provider signs the tokens', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0',
      JWT_JWKS_URL: 'https://idp.example/jwks',
      JWT_ISSUER: 'https://idp.example/',
      JWT_AUDIENCE: 'livebell',
    });
    expect(config).toMatchObject({
      jwtSecret: null,
      usingDevJwtSecret: false,
      jwks: { url: 'https://idp.example/jwks', userClaim: 'sub', roleClaim: 'role' },
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DEBUG: '' })).toMatchObject({ port: 3000, debug: false });
  });
});
