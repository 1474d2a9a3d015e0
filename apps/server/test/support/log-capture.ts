// A pino logger whose JSON lines the test can read and wait for.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../src/logger.js';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface CapturedLogs {
  logger: Logger;
  lines: LogLine[];
  messages(): string[];
  /** Resolves with the first line (already logged or to come) whose message is `msg`. */
  waitFor(msg: string, timeoutMs?: number): Promise<LogLine>;
}

export function captureLogs(level: 'debug' | 'info' = 'debug'): CapturedLogs {
  const lines: LogLine[] = [];
  const waiters = new Set<(line: LogLine) => void>();
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (!text) continue;
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        for (const waiter of waiters) waiter(line);
      }
      callback();
    },
  });
  const logger = pino({ level }, destination);
  return {
    logger,
    lines,
    messages: () => lines.map((line) => line.msg),
    waitFor(msg, timeoutMs = 10_000) {
      const found = lines.find((line) => line.msg === msg);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no log line "${msg}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (line: LogLine) => {
          if (line.msg !== msg) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        };
        waiters.add(waiter);
      });
    },
  };
}
