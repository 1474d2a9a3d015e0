// What the orchestrator asks of a load worker, over IPC (see ipc-rpc.ts).
import type { SystemName } from '../systems/system-name.js';
import type { LedgerReport } from './delivery-ledger.js';

export type ClientSpec = { userId: string; localAddress: string };

export type OpenParams = {
  system: SystemName;
  url: string;
  jwtSecret: string;
  clients: ClientSpec[];
  /** Connections being set up at once; bounds the burst of handshakes. */
  concurrency: number;
};

export type OpenResult = {
  opened: number;
  failed: number;
  /** From the first connect to the last client ready. */
  elapsedMs: number;
  firstError: string | null;
};

export type SettleParams = {
  /** Distinct deliveries this worker's clients should receive. */
  expected: number;
  /** Give up waiting once nothing has arrived for this long. */
  quietMs: number;
};

export type SettleResult = { delivered: number; complete: boolean; lastReceiptAt: number | null };

export type WorkerReport = LedgerReport & {
  connections: number;
  disconnects: number;
  resyncs: number;
};

export interface WorkerMethods {
  /** Opens more clients (added to those already open). */
  open(params: OpenParams): Promise<OpenResult>;
  /** Resolves when `expected` distinct deliveries arrived, or when they stopped coming. */
  settle(params: SettleParams): Promise<SettleResult>;
  report(): WorkerReport;
  /** Forgets every receipt (the clients stay open). */
  resetLedger(): void;
  closeAll(): void;
}
