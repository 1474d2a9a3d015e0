// Runs the example app's server: MONGODB_URI (a replica set, or the emulator
// from `pnpm emulator`), MONGODB_DB (default `example_embed`), PORT (default 3100).
import { startEmbedServer } from './embed-server.js';

const mongodbUri = process.env.MONGODB_URI;
if (!mongodbUri) {
  console.error('Set MONGODB_URI to a MongoDB replica set (or run `pnpm emulator` and use the URI it prints).');
  process.exit(1);
}
const server = await startEmbedServer({
  mongodbUri,
  dbName: process.env.MONGODB_DB ?? 'example_embed',
  port: Number(process.env.PORT ?? 3100),
});
console.log(`example app server at ${server.url}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void server.stop().then(() => process.exit(0)));
}
