// GET /metrics: the registry in Prometheus text format, behind an optional
// bearer token (METRICS_TOKEN), on the server's port or its own.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { bearerToken } from '../auth/bearer-token.js';
import { pathOf } from '../http/request-path.js';
import type { Logger } from '../logger.js';

export const METRICS_PATH = '/metrics';

export interface MetricsEndpoint {
  registry: Registry;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token: string | null;
  logger: Logger;
}

export async function serveMetrics(endpoint: MetricsEndpoint, req: IncomingMessage, res: ServerResponse) {
  if (endpoint.token !== null && !hasToken(req, endpoint.token)) {
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain; charset=utf-8' });
    res.end('A bearer token is required for /metrics\n');
    return;
  }
  try {
    const text = await endpoint.registry.metrics();
    res.writeHead(200, { 'content-type': endpoint.registry.contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  } catch (error) {
    endpoint.logger.error({ err: error }, 'Collecting metrics failed');
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Collecting metrics failed\n');
  }
}

/** A server that answers only `GET /metrics`, for METRICS_PORT. */
export function createMetricsServer(endpoint: MetricsEndpoint): Server {
  return createServer((req, res) => {
    if (req.method === 'GET' && pathOf(req) === METRICS_PATH) {
      void serveMetrics(endpoint, req, res);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    }
  });
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function hasToken(req: IncomingMessage, token: string): boolean {
  const presented = Buffer.from(bearerToken(req) ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
