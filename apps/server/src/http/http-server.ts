// One port for everything: tRPC over HTTP at /trpc/*, tRPC over WebSocket at
// /trpc, the health endpoints, the liveness and readiness probes, /metrics (unless it has its own port), and a JSON 404 for
// anything else.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { WebSocketServer } from 'ws';
import type { Limits } from '../config.js';
import { METRICS_PATH, serveMetrics, type MetricsEndpoint } from '../metrics/metrics-endpoint.js';
import type { RejectedLimit } from '../metrics/metrics.js';
import type { Livebell } from '../create-livebell.js';
import { appRouter } from '../routers/app-router.js';
import type { Services } from '../services.js';
import { createContextFactory } from '../trpc/context.js';
import { Heartbeat } from './heartbeat.js';
import { pathOf } from './request-path.js';
import { SocketAdmission } from './socket-admission.js';
import { trpcSocketHandler } from './trpc-socket-handler.js';
import { upgradeRequestOf } from './upgrade-request.js';

/**
 * The largest request body or WebSocket message accepted. The biggest
 * legitimate one is admin.send to 10,000 users of up to 128 characters each
 * (about 1.4 MB); anything larger is refused before it is buffered.
 */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/** How often every socket is pinged; one that missed the previous ping is cut (see Heartbeat). */
const HEARTBEAT_MS = 30_000;

export interface HttpServer {
  server: Server;
  wss: WebSocketServer;
}

export interface HttpServerOptions {
  /** Serves GET /metrics on this port; null when metrics are off or have their own port. */
  metrics: MetricsEndpoint | null;
  limits: Limits;
}

export function createHttpServer(livebell: Livebell, options: HttpServerOptions): HttpServer {
  const { services } = livebell;
  const { logger, metrics } = services;
  const admission = new SocketAdmission(options.limits, metrics);
  const contexts = createContextFactory(livebell.createContext, services, options.limits, admission);
  const onError = ({ error, path }: { error: TRPCError; path: string | undefined }) => {
    const limit = refusedLimit(error);
    if (limit !== null) metrics.rejected(limit);
    if (isOversizedMessage(error.cause)) logger.warn({ limitBytes: MAX_MESSAGE_BYTES }, 'WebSocket message too large');
    else if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path }, 'tRPC procedure failed');
    else logger.debug({ code: error.code, path, message: error.message }, 'tRPC request refused');
  };

  const trpc = createHTTPHandler({
    router: appRouter,
    createContext: contexts.http,
    basePath: '/trpc/',
    maxBodySize: MAX_MESSAGE_BYTES,
    // Refused before the token is read; the smaller anonymous bound is the context's.
    maxBatchSize: options.limits.batch,
    onError,
  });

  const server = createServer((req, res) => {
    allowCrossOrigin(res);
    const pathname = pathOf(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
    } else if (pathname.startsWith('/trpc/')) {
      // An EventSource asks for text/event-stream: that request is an SSE connection until its response closes.
      if (req.headers.accept?.includes('text/event-stream')) {
        metrics.connectionOpened('sse');
        res.once('close', () => metrics.connectionClosed('sse'));
      }
      trpc(req, res);
    } else if (req.method === 'GET' && pathname === '/api/health') {
      void respondWithHealth(services, res);
    } else if (req.method === 'GET' && pathname === '/api/health/change-streams') {
      sendJson(res, 200, envelope('Change Streams status retrieved', services.health.changeStreamStatus()));
    } else if (req.method === 'GET' && pathname === '/api/health/live') {
      sendJson(res, 200, services.health.live());
    } else if (req.method === 'GET' && pathname === '/api/health/ready') {
      void respondWithReadiness(services, res);
    } else if (req.method === 'GET' && pathname === METRICS_PATH && options.metrics !== null) {
      void serveMetrics(options.metrics, req, res);
    } else {
      sendJson(res, 404, { status: 'error', message: `Not found: ${req.method ?? 'GET'} ${pathname}` });
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const heartbeat = new Heartbeat(wss.clients, HEARTBEAT_MS);
  wss.once('close', () => heartbeat.stop());
  // One handler and one set of listeners for every socket: an idle connection holds no closures of its own.
  const handleConnection = trpcSocketHandler({
    router: appRouter,
    createContext: contexts.ws,
    onError,
    callsPerMessage: options.limits.callsPerMessage,
    metrics,
  });
  const onSocketClose = () => metrics.connectionClosed('websocket');
  wss.on('connection', (ws, req) => {
    metrics.connectionOpened('websocket');
    ws.on('close', onSocketClose);
    admission.watch(ws);
    heartbeat.watch(ws);
    // The handler types the request as an IncomingMessage; it and the context read only what UpgradeRequest keeps.
    handleConnection(ws, upgradeRequestOf(req) as IncomingMessage);
  });
  const onUpgradeSocketError = (error: Error) => logger.debug({ err: error }, 'WebSocket upgrade socket error');
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', onUpgradeSocketError);
    if (pathOf(req) !== '/trpc') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error }, 'Malformed HTTP request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  return { server, wss };
}

/**
 * The limits enforced below livebell's own code, from the errors tRPC reports
 * them with: its HTTP handler's body and batch sizes, and ws's maxPayload (tRPC
 * passes a socket's errors on as INTERNAL_SERVER_ERROR, the ws error as cause).
 */
function refusedLimit(error: TRPCError): RejectedLimit | null {
  if (error.code === 'PAYLOAD_TOO_LARGE' || isOversizedMessage(error.cause)) return 'message_size';
  if (error.code === 'BAD_REQUEST' && error.message === 'Batch call exceeds maximum size') return 'calls_per_batch';
  return null;
}

async function respondWithHealth(services: Services, res: ServerResponse): Promise<void> {
  try {
    const data = await services.health.status();
    const message = data.status === 'down' ? 'MongoDB is unreachable' : `Service is ${data.status}`;
    sendJson(res, data.status === 'down' ? 503 : 200, envelope(message, data));
  } catch (error) {
    services.logger.error({ err: error }, 'Health check failed');
    sendJson(res, 500, { status: 'error', message: 'Health check failed' });
  }
}

async function respondWithReadiness(services: Services, res: ServerResponse): Promise<void> {
  try {
    const probe = await services.health.ready();
    sendJson(res, probe.status === 'ready' ? 200 : 503, probe);
  } catch (error) {
    services.logger.error({ err: error }, 'Readiness check failed');
    sendJson(res, 503, { status: 'not ready', nodeId: 'unknown', reasons: ['readiness check failed'] });
  }
}

/** The health endpoints' envelope (healthEnvelopeSchema in @livebell/shared). */
function envelope<T>(message: string, data: T) {
  return { status: 'success' as const, message, data };
}

/**
 * Tokens travel in the Authorization header, never in cookies, so any origin
 * may call the API: a page on another origin has no credentials to borrow.
 */
function allowCrossOrigin(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, trpc-accept, x-trpc-source');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** ws refuses a message past maxPayload with this error, then closes the socket with 1009. */
function isOversizedMessage(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
}
