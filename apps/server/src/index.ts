// @livebell/server's public surface: the API type for clients, and a
// programmatic start for tests and benchmarks.
export type { AppRouter } from './routers/app-router.js';
export { startServer, type RunningServer, type StartServerOptions } from './server.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { createLogger, type Logger } from './logger.js';
