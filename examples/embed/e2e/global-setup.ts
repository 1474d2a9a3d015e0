import { join } from 'node:path';
import { bundledPage, SERVER_PACKAGES, startE2eStack } from '@livebell/test-support';
import { JWKS_PATH } from '../src/server/identity-provider.js';

const exampleDir = join(import.meta.dirname, '..');

/**
 * What the stack runs built: livebell's server, which the example's server
 * (run from source by tsx) imports, and the page, bundled from the example's
 * web sources.
 */
const BUILT = [
  ...SERVER_PACKAGES,
  bundledPage('@livebell/example-embed', exampleDir, [join(exampleDir, 'src', 'web')]),
];

/**
 * Starts the example app once for the run: a database (MONGODB_URI when set,
 * else a fresh emulator), the app's server (its identity provider, its
 * procedures, livebell mounted) and `vite preview` of its built page proxying
 * /trpc to it. The returned function tears everything down.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const options = { logDir: join(exampleDir, 'test-results', 'stack'), built: BUILT };
  return startE2eStack(options, async (stack) => {
    const serverUrl = await stack.startServer('server', {
      args: ['--import', 'tsx', join('src', 'server', 'main.ts')],
      cwd: exampleDir,
      env: { MONGODB_URI: stack.database.uri, MONGODB_DB: stack.database.dbName },
      readyPath: JWKS_PATH,
    });
    const webUrl = await stack.startVitePreview('web', { cwd: exampleDir, env: { EMBED_API_URL: serverUrl } });
    return { webUrl };
  });
}
