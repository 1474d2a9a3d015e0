// `pnpm dev`: a database (chosen as the README's "Database resolution" says),
// the server and the web app, each reloading on change; prints what to open
// and how to sign in. Ctrl+C stops all three. Only the processes this script
// starts are touched. Everything runs from TypeScript sources through the
// "@livebell/source" export condition: no package is built or watched first,
// and a build (`pnpm notify` does none) never restarts the server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDatabase, type ResolvedDatabase } from '@livebell/mongo-emulator/launcher';
import { waitForHttp } from '@livebell/test-support';

const root = join(import.meta.dirname, '..');
const serverPort = Number(process.env.PORT ?? 3000);
const webUrl = 'http://127.0.0.1:5173';
const serverUrl = `http://127.0.0.1:${serverPort}`;
// The emulator keeps dev data across restarts here (ignored by git).
const devDbPath = join(root, '.livebell', 'dev-db');
// The emulator takes MongoDB's own port when it is free, so that `pnpm notify`
// (which defaults to it) needs no MONGODB_URI; a free one otherwise.
const defaultUri = 'mongodb://127.0.0.1:27017';

const log = {
  info: (_fields: object, message: string) => console.error(`livebell: ${message}`),
  warn: (_fields: object, message: string) => console.error(`livebell: warning: ${message}`),
};

const children: ChildProcess[] = [];
let database: ResolvedDatabase | undefined;
let stopping = false;

async function main(): Promise<void> {
  mkdirSync(devDbPath, { recursive: true });
  database = await startDatabase();
  const env = {
    ...process.env,
    MONGODB_URI: database.uri,
    ENABLE_CHANGE_STREAMS: process.env.ENABLE_CHANGE_STREAMS ?? 'true',
    PORT: String(serverPort),
    NODE_ID: process.env.NODE_ID ?? 'dev',
    LIVEBELL_API_URL: serverUrl,
  };
  start('server', ['--filter', '@livebell/server', 'dev'], env);
  start('web', ['--filter', '@livebell/web', 'dev'], env);
  // Any answer will do: a server whose database is down still serves, and says so in its health.
  const answered = { timeoutMs: 120_000, isReady: () => true };
  await Promise.all([waitForHttp(`${serverUrl}/api/health`, answered), waitForHttp(webUrl, answered)]);
  printBanner(database);
}

async function startDatabase(): Promise<ResolvedDatabase> {
  try {
    return await resolveDatabase({ logger: log, emulator: { port: 27017, dbpath: devDbPath } });
  } catch (error) {
    log.warn({}, `port 27017 is taken (${error instanceof Error ? error.message : String(error)}); using a free one`);
    return resolveDatabase({ logger: log, emulator: { port: 0, dbpath: devDbPath } });
  }
}

/**
 * Each child leads its own process group: pnpm does not pass a SIGTERM on to
 * the script it runs, so stopping kills the whole group (pnpm, tsx or vite,
 * and theirs), and nothing is left holding a port.
 */
function start(name: string, args: string[], env: NodeJS.ProcessEnv): void {
  const pnpm = process.env.npm_execpath;
  const options = { cwd: root, env, stdio: 'inherit', detached: true } as const;
  const child = pnpm ? spawn(process.execPath, [pnpm, ...args], options) : spawn('pnpm', args, options);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`livebell: ${name} exited (${signal ?? `code ${code}`}); stopping the rest.`);
    void stop(1);
  });
  children.push(child);
}

function printBanner(db: ResolvedDatabase): void {
  const uri = db.uri;
  const notifyEnv = uri.startsWith(`${defaultUri}/`) ? '' : `MONGODB_URI='${uri}' `;
  console.log(`
  livebell is running

    Web app    ${webUrl}
    Server     ${serverUrl}   (health: ${serverUrl}/api/health)
    Database   ${db.kind}: ${uri}
               ${db.reason}

  Sign in:   open ${webUrl}, type a user id (for example "ada") and press
             "Sign in"; press "Sign in as admin" for the admin page, which
             sends notifications to any user ids.
  Notify:    insert one straight into MongoDB, as an outside backend would:
             ${notifyEnv}pnpm notify --user ada --title "Hello from the back office"

  Ctrl+C stops everything.
`);
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          // Also when the child itself has exited: what it started may not have.
          killGroup(child);
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
        }),
    ),
  );
  await database?.stop();
  process.exit(code);
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // The group is gone already.
  }
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((error: unknown) => {
  console.error(`livebell: ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
