// What every comparison scenario runs with, and the life of one system under
// load: a fresh database, the system's server, the load workers; all stopped
// afterwards, whatever happens.
import { join } from 'node:path';
import type { BenchDatabase } from '../database/bench-database.js';
import { LoadFleet } from '../load/load-fleet.js';
import { startSystemServer, type SystemServer } from '../systems/system-server.js';
import type { SystemName } from '../systems/system-name.js';

export interface ScenarioContext {
  mongodbUri: string;
  database: BenchDatabase;
  /** The database process, for its CPU time; null when it is not ours. */
  databasePid: number | null;
  jwtSecret: string;
  /** Server and worker logs. */
  logDir: string;
  print: (line: string) => void;
}

export interface SystemUnderLoad {
  server: SystemServer;
  fleet: LoadFleet;
  /** True once the server process has exited on its own. */
  serverExited: () => boolean;
}

export interface SessionOptions {
  workers: number;
  /** Profile the server (`node --cpu-prof`) into this file. */
  cpuProfile?: { dir: string; name: string };
  /** Names the log files. */
  label: string;
  /** Extra environment for the server. */
  serverEnv?: Record<string, string>;
}

export async function withSystemUnderLoad<T>(
  context: ScenarioContext,
  system: SystemName,
  options: SessionOptions,
  run: (session: SystemUnderLoad) => Promise<T>,
): Promise<T> {
  await context.database.reset();
  const server = await startSystemServer(system, {
    mongodbUri: context.mongodbUri,
    mongodbDb: context.database.name,
    jwtSecret: context.jwtSecret,
    logFile: join(context.logDir, `${options.label}-${system}.log`),
    ...(options.cpuProfile ? { cpuProfile: options.cpuProfile } : {}),
    ...(options.serverEnv ? { env: options.serverEnv } : {}),
  });
  let stopping = false;
  let exited = false;
  void server.exited.then(() => {
    if (!stopping) exited = true;
  });
  let fleet: LoadFleet | null = null;
  try {
    fleet = await LoadFleet.start(options.workers, context.logDir);
    return await run({ server, fleet, serverExited: () => exited });
  } finally {
    await fleet?.stop();
    stopping = true;
    await server.stop();
  }
}

/** How many of `userIds` (one per delivery) each worker should receive. */
export function expectedPerWorker(fleet: LoadFleet, userIds: readonly string[]): number[] {
  const expected = new Array<number>(fleet.size).fill(0);
  for (const userId of userIds) {
    const worker = fleet.workerOf(userId);
    if (worker !== undefined) expected[worker] = (expected[worker] ?? 0) + 1;
  }
  return expected;
}
