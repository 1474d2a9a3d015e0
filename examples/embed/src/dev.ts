// `pnpm --filter @livebell/example-embed dev`: the example app in one
// process: a database (MONGODB_URI, else the emulator in a process of its
// own), the app's server, and Vite's dev server for its page.
import { startEmulatorProcess } from '@livebell/test-support';
import { createServer } from 'vite';
import { startEmbedServer } from './server/embed-server.js';

const emulator = process.env.MONGODB_URI ? null : await startEmulatorProcess();
const mongodbUri = process.env.MONGODB_URI ?? emulator?.uri ?? '';
const server = await startEmbedServer({
  mongodbUri,
  dbName: process.env.MONGODB_DB ?? 'example_embed',
  port: Number(process.env.PORT ?? 3100),
});
// vite.config.ts reads where to proxy /trpc to.
process.env.EMBED_API_URL = server.url;
const vite = await createServer({ root: new URL('..', import.meta.url).pathname });
await vite.listen();
console.log(`example app server at ${server.url} on ${emulator ? `the emulator (${mongodbUri})` : mongodbUri}`);
vite.printUrls();

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void (async () => {
      await vite.close();
      await server.stop();
      await emulator?.stop();
      process.exit(0);
    })();
  });
}
