// @livebell/server's public surface: the factory a host application mounts
// livebell with, the API types for clients, and the standalone server's
// programmatic start for tests and benchmarks.
export { createLivebell, type Livebell, type LivebellDatabase, type LivebellOptions } from './create-livebell.js';
export {
  jwksAuth,
  type AuthIdentity,
  type AuthOutcome,
  type AuthRequest,
  type JwksAuthSettings,
  type LivebellAuth,
} from './auth/livebell-auth.js';
export type { AuthRefusal } from './auth/access-tokens.js';
export type { Context as LivebellContext, ContextRequest, LivebellHostContext } from './trpc/context.js';
export type { AppRouter, LivebellRouter } from './routers/app-router.js';
export { startServer, type RunningServer, type StartServerOptions } from './server.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { createLogger, type Logger } from './logger.js';
