// The standalone livebell node: the config's MongoDB client and tokens, the
// same factory a host application mounts (create-livebell.ts), and the
// HTTP/WebSocket server on one port (and /metrics on its own port when
// METRICS_PORT is set).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { MongoClient } from 'mongodb';
import type { WebSocketServer } from 'ws';
import { AccessTokens } from './auth/access-tokens.js';
import { JwksTokens } from './auth/jwks-tokens.js';
import { accessTokenAuth } from './auth/livebell-auth.js';
import type { Config } from './config.js';
import { createLivebell } from './create-livebell.js';
import { CLOSE_CODES } from './http/close-codes.js';
import { createHttpServer } from './http/http-server.js';
import { createLogger, type Logger } from './logger.js';
import { createMetricsServer, METRICS_PATH, type MetricsEndpoint } from './metrics/metrics-endpoint.js';

export interface StartServerOptions {
  /** Defaults to a logger built from the config (stdout). */
  logger?: Logger;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT`; the WebSocket endpoint is `ws://127.0.0.1:PORT/trpc`. */
  url: string;
  port: number;
  /** Where `GET /metrics` is served (`http://127.0.0.1:PORT/metrics`); null when metrics are off. */
  metricsUrl: string | null;
  /** Graceful stop: drops clients (they reconnect elsewhere), closes the stream, saves its position. */
  stop(): Promise<void>;
}

/** How long MongoDB may take to answer at start-up before the start fails. */
const SERVER_SELECTION_TIMEOUT_MS = 10_000;

/** How long WebSocket clients get to acknowledge a close before they are cut. */
const WEBSOCKET_CLOSE_GRACE_MS = 1000;

export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  const logger =
    options.logger ?? createLogger({ debug: config.debug, production: config.production, nodeId: config.nodeId });
  if (config.usingDevJwtSecret) {
    logger.warn('JWT_SECRET is not set: signing tokens with the public development secret (refused in production)');
  }

  const client = new MongoClient(config.mongodbUri, {
    appName: `livebell ${config.nodeId}`,
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
  });
  await client.connect();
  // What a failed start must undo, so that nothing keeps running (a port in use, say).
  const undo: (() => Promise<unknown>)[] = [() => client.close()];
  try {
    const tokens = new AccessTokens(config.jwtSecret, config.jwks && new JwksTokens(config.jwks, logger));
    const livebell = createLivebell({
      mongoClient: client,
      dbName: config.mongodbDb,
      auth: accessTokenAuth(tokens),
      tokens,
      logger,
      nodeId: config.nodeId,
      production: config.production,
      changeStreams: config.enableChangeStreams,
      replayWindow: config.replayWindow,
      subscriberQueueBytes: config.subscriberQueueBytes,
      streamStallMs: config.streamStallMs,
      subscriptionsPerConnection: config.limits.subscriptionsPerConnection,
      metrics: config.metrics.enabled,
    });
    undo.push(() => livebell.stop());
    await livebell.start();
    const endpoint: MetricsEndpoint | null =
      livebell.registry === null ? null : { registry: livebell.registry, token: config.metrics.token, logger };
    const metricsServer = endpoint !== null && config.metrics.port !== null ? createMetricsServer(endpoint) : null;
    if (metricsServer !== null) {
      undo.push(() => new Promise((resolve) => metricsServer.close(resolve)));
      metricsServer.listen(config.metrics.port);
      await once(metricsServer, 'listening');
    }
    const { server, wss } = createHttpServer(livebell, {
      metrics: metricsServer === null ? endpoint : null,
      limits: config.limits,
    });
    server.listen(config.port);
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    const metricsPort = metricsServer === null ? port : (metricsServer.address() as AddressInfo).port;
    const metricsUrl = endpoint === null ? null : `http://127.0.0.1:${metricsPort}${METRICS_PATH}`;
    logger.info({ url, nodeId: config.nodeId, changeStreams: config.enableChangeStreams }, 'livebell server listening');

    let stopping: Promise<void> | null = null;
    const stop = async () => {
      logger.info('Stopping livebell server');
      livebell.services.health.markStopping();
      server.close();
      metricsServer?.close();
      await closeWebSockets(wss);
      server.closeAllConnections();
      await livebell.stop();
      await client.close();
      logger.info('livebell server stopped');
    };
    return { url, port, metricsUrl, stop: () => (stopping ??= stop()) };
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  }
}

/** Asks every WebSocket client to reconnect (elsewhere), then cuts those that do not answer in time. */
async function closeWebSockets(wss: WebSocketServer): Promise<void> {
  const closing = [...wss.clients].map(async (ws) => {
    const closed = once(ws, 'close');
    ws.close(CLOSE_CODES.SERVICE_RESTART, 'server stopping');
    const timer = setTimeout(() => ws.terminate(), WEBSOCKET_CLOSE_GRACE_MS);
    await closed;
    clearTimeout(timer);
  });
  await Promise.all(closing);
  wss.close();
}
