import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullConfig } from '@playwright/test';
import { startTestDatabase } from '@livebell/mongo-emulator/testing';
import { freePort, startChildProcess, waitForHttp, type RunningProcess } from '@livebell/test-support';
import { STACK_ENV } from './stack-env.js';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const serverMain = join(webDir, '..', 'server', 'dist', 'main.js');
const viteBin = join(webDir, 'node_modules', 'vite', 'bin', 'vite.js');
const READY_TIMEOUT_MS = 30_000;

/**
 * Starts the whole stack once for the e2e run: a database (MONGODB_URI when
 * set, else a fresh emulator) and two pairs of the built server and `vite
 * preview` of the built app proxying /trpc and /api to it: one with change
 * streams on, the product, and one with them off (the ENABLE_CHANGE_STREAMS
 * quick disable), where the bell falls back to polling. Tests find them through the
 * STACK_ENV variables; the returned function tears everything down.
 */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  for (const [path, what] of [
    [serverMain, 'the server'],
    [join(webDir, 'dist', 'index.html'), 'the web app'],
  ] as const) {
    if (!existsSync(path)) {
      throw new Error(
        `${what} is not built (${path} is missing). Run: pnpm exec turbo run build --filter=@livebell/web...`,
      );
    }
  }
  const logDir = join(config.rootDir, '..', 'test-results', 'stack');
  mkdirSync(logDir, { recursive: true });

  const database = await startTestDatabase();
  const processes: RunningProcess[] = [];
  const teardown = async () => {
    for (const child of processes.reverse()) await child.stop();
    await database.stop();
  };

  /** One server and the web preview in front of it; resolves with the web app's URL once both answer. */
  async function startPair(name: string, changeStreams: boolean): Promise<string> {
    const serverPort = await freePort();
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    const server = startChildProcess({
      name: `${name} server`,
      command: process.execPath,
      args: [serverMain],
      cwd: join(webDir, '..', 'server'),
      env: {
        ...process.env,
        MONGODB_URI: database.uri,
        MONGODB_DB: database.dbName,
        PORT: String(serverPort),
        JWT_SECRET: randomBytes(32).toString('hex'),
        ENABLE_CHANGE_STREAMS: String(changeStreams),
        NODE_ID: `e2e-${name}`,
        // Debug logs (each change processed, each replay) make the server log worth reading after a failure.
        DEBUG: 'true',
      },
      output: { file: join(logDir, `${name}-server.log`) },
    });
    processes.push(server);
    await waitForHttp(`${serverUrl}/api/health`, { timeoutMs: READY_TIMEOUT_MS, crashed: server.crashed });

    const webPort = await freePort();
    const webUrl = `http://127.0.0.1:${webPort}`;
    const web = startChildProcess({
      name: `${name} web`,
      command: process.execPath,
      args: [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(webPort), '--strictPort'],
      cwd: webDir,
      env: { ...process.env, LIVEBELL_API_URL: serverUrl },
      output: { file: join(logDir, `${name}-web.log`) },
    });
    processes.push(web);
    // Through the proxy: ready means the app and its way to the server both work.
    await waitForHttp(`${webUrl}/api/health`, { timeoutMs: READY_TIMEOUT_MS, crashed: web.crashed });
    return webUrl;
  }

  try {
    process.env[STACK_ENV.webUrl] = await startPair('live', true);
    process.env[STACK_ENV.delayedWebUrl] = await startPair('delayed', false);
    process.env[STACK_ENV.mongodbUri] = database.uri;
    process.env[STACK_ENV.mongodbDb] = database.dbName;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
