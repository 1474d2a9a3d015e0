// The dev database launcher (the README's "Database resolution"): MONGODB_URI
// when set; otherwise a real mongod replica set through
// mongodb-memory-server-core (a system binary, a cached one, or a download);
// otherwise the emulator. It logs one line saying which it chose and why.
import { connect } from 'node:net';
import { startEmulator, type EmulatorOptions } from './emulator.js';

export type DatabaseKind = 'external' | 'mongod' | 'emulator';

export type ResolvedDatabase = {
  uri: string;
  kind: DatabaseKind;
  /** Why this one was chosen, in a sentence. */
  reason: string;
  /** Stops what the launcher started (nothing for 'external'). */
  stop(): Promise<void>;
};

/** The logging the launcher needs; a pino logger fits. */
export type LauncherLogger = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};

export type ResolveDatabaseOptions = {
  logger?: LauncherLogger;
  /** The environment to read MONGODB_URI and MONGOMS_* from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Whether a mongod may be downloaded when none is installed or cached; default true. */
  allowDownload?: boolean;
  /** How long the download host may take to accept a connection before it counts as unreachable; default 2,000 ms. */
  reachabilityTimeoutMs?: number;
  /** How long starting a real mongod (download included) may take; default 120,000 ms. */
  mongodStartTimeoutMs?: number;
  /** Options for the emulator, when it comes to that. */
  emulator?: EmulatorOptions;
};

const DEFAULT_DOWNLOAD_HOST = 'https://fastdl.mongodb.org';

export async function resolveDatabase(options: ResolveDatabaseOptions = {}): Promise<ResolvedDatabase> {
  const env = options.env ?? process.env;
  const resolved = await choose(options, env);
  options.logger?.info({ kind: resolved.kind, uri: resolved.uri }, `database: ${resolved.kind} (${resolved.reason})`);
  return resolved;
}

async function choose(options: ResolveDatabaseOptions, env: NodeJS.ProcessEnv): Promise<ResolvedDatabase> {
  const external = env.MONGODB_URI;
  if (external) return { uri: external, kind: 'external', reason: 'MONGODB_URI is set', stop: () => Promise.resolve() };
  const mongod = await tryMongod(options, env);
  if ('uri' in mongod) return mongod;
  const emulator = await startEmulator(options.emulator);
  return {
    uri: emulator.uri,
    kind: 'emulator',
    reason: `no real mongod: ${mongod.failure}`,
    stop: () => emulator.stop(),
  };
}

async function tryMongod(
  options: ResolveDatabaseOptions,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedDatabase | { failure: string }> {
  // Loaded only when needed: it is large, and most runs end at MONGODB_URI or the emulator.
  const { DryMongoBinary, MongoMemoryReplSet } = await import('mongodb-memory-server-core');
  const systemBinary = env.MONGOMS_SYSTEM_BINARY;
  let source: string;
  if (systemBinary) {
    source = `MONGOMS_SYSTEM_BINARY=${systemBinary}`;
  } else {
    const cached = await DryMongoBinary.locateBinary(await DryMongoBinary.generateOptions()).catch(() => undefined);
    if (cached) {
      source = `cached binary ${cached}`;
    } else {
      if (options.allowDownload === false)
        return { failure: 'no mongod binary installed or cached, and downloads are off' };
      const host = downloadHost(env);
      const reachable = await isReachable(host, options.reachabilityTimeoutMs ?? 2000);
      if (!reachable)
        return { failure: `no mongod binary installed or cached, and the download host ${host.host} is unreachable` };
      source = `downloaded from ${host.host}`;
    }
  }
  const timeoutMs = options.mongodStartTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const starting = MongoMemoryReplSet.create({ replSet: { count: 1, name: 'rs0', storageEngine: 'wiredTiger' } });
  try {
    const replSet = await Promise.race([
      starting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`mongod did not start within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return {
      uri: replSet.getUri(),
      kind: 'mongod',
      reason: `a real mongod replica set (${source})`,
      stop: async () => {
        await replSet.stop();
      },
    };
  } catch (error) {
    // A start that lost the race is stopped once it finishes, so no mongod is left behind.
    starting
      .then(
        (late) => late.stop(),
        () => undefined,
      )
      .catch(() => undefined);
    return { failure: `mongod (${source}) failed to start: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

function downloadHost(env: NodeJS.ProcessEnv): URL {
  const configured = env.MONGOMS_DOWNLOAD_URL ?? env.MONGOMS_DOWNLOAD_MIRROR ?? DEFAULT_DOWNLOAD_HOST;
  try {
    return new URL(configured);
  } catch {
    return new URL(DEFAULT_DOWNLOAD_HOST);
  }
}

/** Whether a TCP connection to the URL's host and port opens within `timeoutMs`. */
export function isReachable(url: URL, timeoutMs: number): Promise<boolean> {
  const port = Number(url.port) || (url.protocol === 'http:' ? 80 : 443);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
