// Starts one system's server in its own process, with the memory probe
// preloaded and, on request, a CPU profile written when it exits.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, waitForHttp, type RunningProcess } from '@livebell/test-support';
import { IpcClient } from '../ipc-rpc.js';
import { spawnNodeProcess } from '../node-process.js';
import type { GcPauses, MemorySample, ProbeMethods } from './memory-probe.js';
import type { SystemName } from './system-name.js';

/** How long a server may take to be ready (connected, watching, listening). */
const READY_DEADLINE_MS = 30_000;

export interface SystemServerOptions {
  mongodbUri: string;
  mongodbDb: string;
  jwtSecret: string;
  /** The server's stdout and stderr go here. */
  logFile: string;
  /** Write a V8 CPU profile (`node --cpu-prof`) to `dir/name` when the server exits. */
  cpuProfile?: { dir: string; name: string };
  /** Extra environment for the server (livebell: `LIVEBELL_METRICS=false` for the metrics-cost scenario). */
  env?: Record<string, string>;
}

export interface SystemServer {
  system: SystemName;
  /** What the system's clients connect to. */
  url: string;
  pid: number;
  /** RSS and heap after a full GC. */
  memory(): Promise<MemorySample>;
  /** Writes a heap snapshot of the server to `file`. */
  heapSnapshot(file: string): Promise<string>;
  /** The server's GC pauses since the previous call. */
  gcPauses(): Promise<GcPauses>;
  startAllocationSampling(intervalBytes: number): Promise<void>;
  /** Writes the sampled allocations since the start to `file`. */
  stopAllocationSampling(file: string): Promise<string>;
  /** Resolves with the exit code when the process ends; before `stop()`, that is a crash. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

function distFile(relative: string): string {
  return fileURLToPath(new URL(relative, import.meta.url));
}

function scriptOf(system: SystemName): string {
  switch (system) {
    case 'livebell':
      // The built server as shipped: `pnpm --filter @livebell/server start` runs the same file.
      return fileURLToPath(new URL('./main.js', import.meta.resolve('@livebell/server')));
    case 'socketio':
      return distFile('./socketio-server.js');
    case 'ws':
      return distFile('./ws-relay-server.js');
  }
}

export async function startSystemServer(system: SystemName, options: SystemServerOptions): Promise<SystemServer> {
  const port = await freePort();
  const nodeOptions = ['--expose-gc', '--import', pathToFileURL(distFile('./memory-probe.js')).href];
  if (options.cpuProfile) {
    nodeOptions.push(
      '--cpu-prof',
      '--cpu-prof-dir',
      options.cpuProfile.dir,
      '--cpu-prof-name',
      options.cpuProfile.name,
    );
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    MONGODB_URI: options.mongodbUri,
    MONGODB_DB: options.mongodbDb,
    PORT: String(port),
    JWT_SECRET: options.jwtSecret,
    ENABLE_CHANGE_STREAMS: 'true',
    DEBUG: 'false',
    NODE_ID: `bench-${system}-${process.pid}-${Date.now()}`,
    ...options.env,
  };
  const server = spawnNodeProcess({
    script: scriptOf(system),
    nodeOptions,
    env,
    logFile: options.logFile,
  });
  const probe = new IpcClient<ProbeMethods>(server.child, `${system} server`);
  try {
    if (system === 'livebell') await livebellReady(port, server);
    else await probe.nextEvent('ready');
  } catch (error) {
    await server.stop();
    throw new Error(`${system} server did not become ready (log: ${options.logFile})`, { cause: error });
  }
  const host = `127.0.0.1:${port}`;
  const url = system === 'livebell' ? `ws://${host}/trpc` : system === 'socketio' ? `http://${host}` : `ws://${host}/`;
  return {
    system,
    url,
    pid: server.pid,
    memory: () => probe.call('memory', undefined, 60_000),
    heapSnapshot: (file) => probe.call('heapSnapshot', { file }, 300_000),
    gcPauses: () => probe.call('gcPauses', undefined, 60_000),
    startAllocationSampling: (intervalBytes) => probe.call('startAllocationSampling', { intervalBytes }, 60_000),
    stopAllocationSampling: (file) => probe.call('stopAllocationSampling', { file }, 300_000),
    exited: server.exited.then(({ code }) => code),
    stop: () => server.stop(),
  };
}

/**
 * livebell is used unmodified, so it cannot announce itself over IPC: its
 * health endpoint is polled until the change stream is watching.
 */
async function livebellReady(port: number, server: RunningProcess): Promise<void> {
  await waitForHttp(`http://127.0.0.1:${port}/api/health/change-streams`, {
    timeoutMs: READY_DEADLINE_MS,
    crashed: server.crashed,
    isReady: async (response) => {
      const body = (await response.json()) as { data?: { isWatching?: unknown } };
      return body.data?.isWatching === true;
    },
  });
}
