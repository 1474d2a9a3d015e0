// The one logger: pino. Pretty when a person watches (stdout is a TTY outside
// production and pino-pretty is installed, which it is only as a dev
// dependency); JSON lines otherwise, for machines and log shippers.
import { pino, type DestinationStream, type Logger } from 'pino';
import { defaultNodeId } from './config.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  debug: boolean;
  production: boolean;
  nodeId: string;
  /** Where JSON lines go instead of stdout (tests capture logs this way). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.debug ? 'debug' : 'info',
    base: { nodeId: options.nodeId },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  const pretty = !options.production && process.stdout.isTTY ? prettyTarget() : null;
  if (pretty) return pino({ ...base, transport: { target: pretty, options: { colorize: true } } });
  return pino(base);
}

/** What livebell logs to when a host application hands it no logger: JSON lines on stdout, level info. */
export function defaultLogger(nodeId = defaultNodeId()): Logger {
  return createLogger({ debug: false, production: true, nodeId });
}

/** The resolved pino-pretty entry point, or null where it is not installed (production installs). */
function prettyTarget(): string | null {
  try {
    return import.meta.resolve('pino-pretty');
  } catch {
    return null;
  }
}
