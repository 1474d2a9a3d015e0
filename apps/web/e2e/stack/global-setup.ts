import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { bundledPage, SERVER_PACKAGES, startE2eStack, type E2eStack } from '@livebell/test-support';

const webDir = join(import.meta.dirname, '..', '..');
const serverDir = join(webDir, '..', 'server');
const serverMain = join(serverDir, 'dist', 'main.js');

/** What the stack runs built: the server and the page. */
const BUILT = [...SERVER_PACKAGES, bundledPage('@livebell/web', webDir, [join(webDir, 'src')])];

/**
 * Starts the whole stack once for the e2e run: a database (MONGODB_URI when
 * set, else a fresh emulator) and two pairs of the built server and `vite
 * preview` of the built app proxying /trpc and /api to it: one with change
 * streams on, the product, and one with them off (the ENABLE_CHANGE_STREAMS
 * quick disable), where the bell falls back to polling. Tests find them
 * through `e2eStackValue` (`webUrl`, `delayedWebUrl`); the returned function
 * tears everything down.
 */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const options = { logDir: join(config.rootDir, '..', 'test-results', 'stack'), built: BUILT };
  return startE2eStack(options, async (stack) => ({
    webUrl: await startPair(stack, 'live', true),
    delayedWebUrl: await startPair(stack, 'delayed', false),
  }));
}

/** One server and the web preview in front of it; resolves with the web app's URL once both answer. */
async function startPair(stack: E2eStack, name: string, changeStreams: boolean): Promise<string> {
  const serverUrl = await stack.startServer(`${name}-server`, {
    args: [serverMain],
    cwd: serverDir,
    env: {
      MONGODB_URI: stack.database.uri,
      MONGODB_DB: stack.database.dbName,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ENABLE_CHANGE_STREAMS: String(changeStreams),
      NODE_ID: `e2e-${name}`,
      // Debug logs (each change processed, each replay) make the server log worth reading after a failure.
      DEBUG: 'true',
    },
    readyPath: '/api/health',
  });
  // Ready through the proxy: the app and its way to the server both work.
  return stack.startVitePreview(`${name}-web`, {
    cwd: webDir,
    env: { LIVEBELL_API_URL: serverUrl },
    readyPath: '/api/health',
  });
}
