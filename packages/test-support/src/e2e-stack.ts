import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestDatabase, type TestDatabase } from '@livebell/mongo-emulator/testing';
import { assertBuilt, type BuiltPackage } from './built-packages.js';
import { startChildProcess, type RunningProcess } from './child-process.js';
import { EMULATOR_PACKAGE } from './emulator-process.js';
import { handOver } from './e2e-stack-values.js';
import { freePort } from './free-port.js';
import { waitForHttp } from './wait-for-http.js';

/** How long a process of the stack may take to answer before the run fails. */
const READY_TIMEOUT_MS = 30_000;

export interface E2eStackOptions {
  /** Each process writes its output to `<logDir>/<name>.log`. */
  logDir: string;
  /** The packages whose dist/ the stack runs: refused (StaleBuildError) when one is missing or older than its sources. */
  built: readonly BuiltPackage[];
}

export interface ServeOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The path that answers 2xx once the process is ready (`/` by default). */
  readyPath?: string;
}

export interface E2eStack {
  database: TestDatabase;
  /** Runs `node <args>` with PORT set to a free port, logging to `<logDir>/<name>.log`; resolves with its URL once ready. */
  startServer(name: string, options: ServeOptions & { args: string[] }): Promise<string>;
  /** `vite preview` of the page built in `cwd`, on a free port; resolves with its URL once it is ready. */
  startVitePreview(name: string, options: ServeOptions): Promise<string>;
}

/**
 * A Playwright global set-up: checks the stack is built and fresh, starts a database
 * (MONGODB_URI when set, else a fresh emulator), lets `start` start the
 * suite's processes on it, and hands the values it returns to the test
 * workers (`e2eStackValue` in `@livebell/test-support/playwright`), with the
 * database's. Every process is stopped, newest first, by the returned
 * teardown, or at once when starting fails.
 */
export async function startE2eStack(
  options: E2eStackOptions,
  start: (stack: E2eStack) => Promise<{ webUrl: string } & Record<string, string>>,
): Promise<() => Promise<void>> {
  // Unless MONGODB_URI names a database, the stack's is the emulator, loaded from its dist/.
  assertBuilt([EMULATOR_PACKAGE, ...options.built]);
  mkdirSync(options.logDir, { recursive: true });

  const database = await startTestDatabase();
  const processes: RunningProcess[] = [];
  const teardown = async () => {
    for (const child of processes.reverse()) await child.stop();
    await database.stop();
  };

  /** Runs `node <args>`, which is to listen on `port`, logging to `<logDir>/<name>.log`; resolves with its URL once ready. */
  async function serve(name: string, port: number, args: string[], { cwd, env, readyPath = '/' }: ServeOptions) {
    const child = startChildProcess({
      name,
      command: process.execPath,
      args,
      cwd,
      env: { ...process.env, ...env },
      output: { file: join(options.logDir, `${name}.log`) },
    });
    processes.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}${readyPath}`, { timeoutMs: READY_TIMEOUT_MS, crashed: child.crashed });
    return url;
  }

  const stack: E2eStack = {
    database,
    async startServer(name, { args, ...serveOptions }) {
      const port = await freePort();
      return serve(name, port, args, { ...serveOptions, env: { ...serveOptions.env, PORT: String(port) } });
    },
    async startVitePreview(name, serveOptions) {
      const port = await freePort();
      const vite = join(serveOptions.cwd, 'node_modules', 'vite', 'bin', 'vite.js');
      return serve(
        name,
        port,
        [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
        serveOptions,
      );
    },
  };

  try {
    handOver({ ...(await start(stack)), mongodbUri: database.uri, mongodbDb: database.dbName });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
