import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestDatabase } from '@livebell/mongo-emulator/testing';
import { freePort, startChildProcess, waitForHttp, type RunningProcess } from '@livebell/test-support';
import { JWKS_PATH } from '../src/server/identity-provider.js';
import { STACK_ENV } from './stack-env.js';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const viteBin = join(exampleDir, 'node_modules', 'vite', 'bin', 'vite.js');
const READY_TIMEOUT_MS = 30_000;

/**
 * Starts the example app once for the run: a database (MONGODB_URI when set,
 * else a fresh emulator), the app's server (its identity provider, its
 * procedures, livebell mounted) and `vite preview` of its built page proxying
 * /trpc to it. The returned function tears everything down.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(exampleDir, 'dist', 'index.html'))) {
    throw new Error(
      'The example page is not built. Run: pnpm exec turbo run build --filter=@livebell/example-embed...',
    );
  }
  const logDir = join(exampleDir, 'test-results', 'stack');
  mkdirSync(logDir, { recursive: true });

  const database = await startTestDatabase();
  const processes: RunningProcess[] = [];
  const teardown = async () => {
    for (const child of processes.reverse()) await child.stop();
    await database.stop();
  };
  try {
    const serverPort = await freePort();
    const server = startChildProcess({
      name: 'the example server',
      command: process.execPath,
      args: ['--import', 'tsx', join('src', 'server', 'main.ts')],
      cwd: exampleDir,
      env: { ...process.env, MONGODB_URI: database.uri, MONGODB_DB: database.dbName, PORT: String(serverPort) },
      output: { file: join(logDir, 'server.log') },
    });
    processes.push(server);
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    await waitForHttp(`${serverUrl}${JWKS_PATH}`, { timeoutMs: READY_TIMEOUT_MS, crashed: server.crashed });

    const webPort = await freePort();
    const webUrl = `http://127.0.0.1:${webPort}`;
    const web = startChildProcess({
      name: 'the example page',
      command: process.execPath,
      args: [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(webPort), '--strictPort'],
      cwd: exampleDir,
      env: { ...process.env, EMBED_API_URL: serverUrl },
      output: { file: join(logDir, 'web.log') },
    });
    processes.push(web);
    await waitForHttp(webUrl, { timeoutMs: READY_TIMEOUT_MS, crashed: web.crashed });

    process.env[STACK_ENV.webUrl] = webUrl;
    process.env[STACK_ENV.mongodbUri] = database.uri;
    process.env[STACK_ENV.mongodbDb] = database.dbName;
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
