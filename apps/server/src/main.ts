// The production and dev entry point: config, logger, start, signals.
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { startServer, type RunningServer } from './server.js';

/** A stop that hangs (a database that never answers) must not keep the process alive forever. */
const SHUTDOWN_DEADLINE_MS = 10_000;

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`livebell: ${error.message}\n`);
  process.exit(1);
}

const logger = createLogger({ debug: config.debug, production: config.production, nodeId: config.nodeId });
let running: RunningServer | null = null;
let shuttingDown = false;

async function shutdown(reason: string, exitCode: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  logger.info({ reason }, 'Shutting down');
  setTimeout(() => {
    logger.error('Graceful shutdown took too long; exiting');
    process.exit(exitCode || 1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  try {
    await running?.stop();
  } catch (error) {
    logger.error({ err: error }, 'Error during shutdown');
    exitCode ||= 1;
  }
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown('SIGINT', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
process.on('uncaughtException', (error) => {
  logger.fatal({ err: error }, 'Uncaught exception');
  void shutdown('uncaught exception', 1);
});
process.on('unhandledRejection', (reason) => {
  logger.fatal({ err: reason }, 'Unhandled promise rejection');
  void shutdown('unhandled rejection', 1);
});

try {
  running = await startServer(config, { logger });
} catch (error) {
  logger.fatal({ err: error }, 'livebell server failed to start');
  process.exit(1);
}
