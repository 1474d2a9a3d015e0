import { createServer, type Socket } from 'node:net';
import { pino, type Logger } from 'pino';
import { aggregateCommands } from './commands/aggregate-command.js';
import { catalogCommands } from './commands/catalog-commands.js';
import type { Command, ServerContext } from './commands/command.js';
import { CommandDispatcher } from './commands/command-dispatcher.js';
import { crudCommands } from './commands/crud-commands.js';
import { cursorCommands } from './commands/cursor-commands.js';
import { failPointCommands, FailPoints } from './commands/fail-points.js';
import { serverCommands } from './commands/server-commands.js';
import { CursorRegistry } from './cursors/cursor-registry.js';
import { Engine } from './engine.js';
import { DurableStore } from './persistence/durable-store.js';
import { TtlMonitor } from './ttl-monitor.js';
import { Connection } from './wire/connection.js';

export type EmulatorOptions = {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Address to listen on and to advertise in `hello`; default 127.0.0.1. */
  host?: string;
  /** Directory that keeps data and oplog across restarts; in memory only when absent. */
  dbpath?: string;
  /** How many oplog entries are kept (one per written document); default 100,000. */
  oplogSize?: number;
  /** Answer as a standalone server: no replica set, no change streams. */
  standalone?: boolean;
  /** The replica set name; default 'rs0'. */
  replSetName?: string;
  /** A pino logger; silent when absent. */
  logger?: Logger;
  /** How often expired TTL documents are deleted, in ms; default 1000. */
  ttlMonitorIntervalMs?: number;
  /** A connection whose started message does not complete within this many ms is closed; default 30,000. */
  incompleteMessageTimeoutMS?: number;
};

export type RunningEmulator = {
  /** A connection string for the official driver, e.g. mongodb://127.0.0.1:27017/?replicaSet=rs0 */
  uri: string;
  host: string;
  port: number;
  /** Closes every connection and cursor and, with a dbpath, flushes it. Idempotent. */
  stop(): Promise<void>;
};

export const DEFAULT_OPLOG_SIZE = 100_000;

const allCommands: ReadonlyMap<string, Command> = new Map(
  Object.entries({
    ...serverCommands,
    ...catalogCommands,
    ...crudCommands,
    ...aggregateCommands,
    ...cursorCommands,
    ...failPointCommands,
  }),
);

/** Every command the emulator answers, ascending; any other is answered with CommandNotFound (59). */
export function supportedCommands(): string[] {
  return [...allCommands.keys()].sort();
}

/**
 * Starts a MongoDB-wire-compatible server: the primary of a single-node
 * replica set (or a standalone), for development and tests only.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const replSetName = options.replSetName ?? 'rs0';
  const standalone = options.standalone ?? false;
  const logger = options.logger ?? pino({ level: 'silent' });
  const oplogSize = options.oplogSize ?? DEFAULT_OPLOG_SIZE;
  if (!Number.isInteger(oplogSize) || oplogSize < 1)
    throw new RangeError(`oplogSize must be a positive integer, got ${oplogSize}`);

  const engine = new Engine(oplogSize);
  const store = options.dbpath ? DurableStore.open(options.dbpath, engine, logger) : undefined;
  if (engine.oplog.nextSeq === 0) engine.commit({ op: 'noop', db: 'admin', msg: 'initiating set' });
  const cursors = new CursorRegistry();
  const failPoints = new FailPoints();
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;

  const tcp = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(options.port ?? 0, host, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    cursors.closeAll();
    store?.close();
    throw error;
  }
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const me = `${host}:${port}`;
  const server: ServerContext = {
    engine,
    cursors,
    failPoints,
    logger,
    standalone,
    replSetName,
    me,
    startedAt: new Date(),
    connectionCount: () => sockets.size,
  };
  const dispatcher = new CommandDispatcher(server, allCommands);
  tcp.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(
      nextConnectionId++,
      socket,
      (request, connection) => dispatcher.handle(request, connection),
      logger,
      options.incompleteMessageTimeoutMS,
    );
  });
  tcp.on('error', (error) => logger.error({ err: error }, 'listener error'));
  const ttl = new TtlMonitor(engine, options.ttlMonitorIntervalMs ?? 1000);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      ttl.stop();
      cursors.closeAll();
      const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      engine.flush();
      store?.close();
    })();
    return stopping;
  };
  const uri = standalone ? `mongodb://${me}/` : `mongodb://${me}/?replicaSet=${encodeURIComponent(replSetName)}`;
  logger.info({ uri, standalone, oplogSize, dbpath: options.dbpath ?? null }, 'mongo emulator listening');
  return { uri, host, port, stop };
}
