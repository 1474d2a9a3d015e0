#!/usr/bin/env node
// `pnpm emulator`: the emulator in the foreground. The first stdout line is
// the connection URI and nothing else is ever printed to stdout; logs go to
// stderr. SIGINT/SIGTERM stop it cleanly (with --dbpath: flushed and compacted).
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DEFAULT_OPLOG_SIZE, startEmulator, type EmulatorOptions } from './emulator.js';

/** MongoDB's own port, so that mongodb://127.0.0.1:27017 tools work unchanged; --port 0 picks a free one. */
export const DEFAULT_PORT = 27017;

const USAGE = `Usage: pnpm emulator [--port N] [--dbpath DIR] [--oplog-size N] [--standalone]

A MongoDB wire-compatible single-node replica set (rs0) for development and
tests. Never a production database.

  --port N         TCP port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free port)
  --dbpath DIR     keep data and oplog in DIR across restarts (default: memory only)
  --oplog-size N   oplog entries kept for change streams, one per written
                   document (default ${DEFAULT_OPLOG_SIZE})
  --standalone     answer as a standalone server: no replica set, no change streams
  --help           show this help

The first line on stdout is the connection URI; logs go to stderr.`;

class UsageError extends Error {}

function parseOptions(argv: string[]): EmulatorOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        dbpath: { type: 'string' },
        'oplog-size': { type: 'string' },
        standalone: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const options: EmulatorOptions = { port: integer(values.port, '--port', 0, 65_535) ?? DEFAULT_PORT };
  const oplogSize = integer(values['oplog-size'], '--oplog-size', 1, Number.MAX_SAFE_INTEGER);
  if (oplogSize !== undefined) options.oplogSize = oplogSize;
  if (values.dbpath !== undefined) {
    if (values.dbpath.length === 0) throw new UsageError('--dbpath needs a directory');
    options.dbpath = values.dbpath;
  }
  if (values.standalone) options.standalone = true;
  return options;
}

function integer(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return number;
}

async function main(): Promise<void> {
  let options: EmulatorOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mongo-emulator: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const logger = pino({ name: 'mongo-emulator' }, pino.destination(2));
  // Last line of defence: whatever escapes is logged, and the server keeps serving its other clients.
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  // Signal handlers come first, so that a signal sent as soon as the URI is read stops cleanly.
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    (emulator?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    emulator = await startEmulator({ ...options, logger });
  } catch (error) {
    logger.fatal({ err: error }, `cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (stopping) {
    await emulator.stop();
    process.exit(0);
  }
  process.stdout.write(`${emulator.uri}\n`);
}

await main();
