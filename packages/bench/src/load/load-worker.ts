// A load-generator process: opens real clients of one system, stamps every
// receipt, and answers the orchestrator over IPC (worker-api.ts). Several run
// side by side when one process would be the bottleneck or would run out of
// file descriptors.
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessTokens } from '@livebell/server/access-tokens';
import { BENCH_TOKEN_TTL_SECONDS } from '../access-token.js';
import { epochMs } from '../clock.js';
import { notifyParent, serveIpcRequests } from '../ipc-rpc.js';
import { connectClient, type ClientConnection } from './client-connection.js';
import { DeliveryLedger } from './delivery-ledger.js';
import type { OpenParams, OpenResult, SettleParams, SettleResult, WorkerMethods, WorkerReport } from './worker-api.js';

/** How long one client may take to be ready before it counts as failed. */
const READY_TIMEOUT_MS = 60_000;

const ledger = new DeliveryLedger();
const connections: ClientConnection[] = [];
let disconnects = 0;
let resyncs = 0;
let lastReceiptAt: number | null = null;

async function open(params: OpenParams): Promise<OpenResult> {
  const tokens = new AccessTokens(params.jwtSecret);
  const started = performance.now();
  let next = 0;
  let opened = 0;
  let failed = 0;
  let firstError: string | null = null;
  const runner = async () => {
    while (next < params.clients.length) {
      const spec = params.clients[next];
      next += 1;
      if (!spec) break;
      const connection = connectClient(params.system, {
        url: params.url,
        token: (await tokens.sign({ id: spec.userId, role: 'user' }, BENCH_TOKEN_TTL_SECONDS)).token,
        localAddress: spec.localAddress,
        onNotification: (userId, data) => {
          const now = epochMs();
          lastReceiptAt = now;
          ledger.record(spec.userId, userId, data, now);
        },
        onDisconnect: () => (disconnects += 1),
        onResync: () => (resyncs += 1),
      });
      try {
        await withTimeout(connection.ready, READY_TIMEOUT_MS);
        connections.push(connection);
        opened += 1;
      } catch (error) {
        connection.close();
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, params.concurrency) }, runner));
  return { opened, failed, elapsedMs: performance.now() - started, firstError };
}

async function settle(params: SettleParams): Promise<SettleResult> {
  let quietSince = performance.now();
  let seen = ledger.delivered;
  // Polled: receipts arrive on many sockets, and "nothing arrived for a while" has no event.
  while (ledger.delivered < params.expected) {
    await sleep(20);
    if (ledger.delivered !== seen) {
      seen = ledger.delivered;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= params.quietMs) {
      break;
    }
  }
  return { delivered: ledger.delivered, complete: ledger.delivered >= params.expected, lastReceiptAt };
}

function report(): WorkerReport {
  return { ...ledger.report(), connections: connections.length, disconnects, resyncs };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

serveIpcRequests<WorkerMethods>({
  open,
  settle,
  report,
  resetLedger: () => {
    ledger.clear();
    lastReceiptAt = null;
  },
  closeAll: () => {
    for (const connection of connections.splice(0)) connection.close();
  },
});
notifyParent('ready');
