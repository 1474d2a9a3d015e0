// A built entry point (dist/) run as a real child process, with its output
// readable line by line and its exit awaitable.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface NodeProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the first stdout line (printed already or to come) that matches. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runDist(script: string, args: string[], env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, [`${DIST}${script}`, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const listeners = new Set<(line: string) => void>();
  if (!child.stdout || !child.stderr) throw new Error('no pipes');
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line);
    for (const listener of listeners) listener(line);
  });
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLine(predicate, timeoutMs = 20_000) {
      const found = stdout.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`${script}: no matching line within ${timeoutMs} ms; stderr: ${stderr.join('\n')}`));
        }, timeoutMs);
        const listener = (line: string) => {
          if (!predicate(line)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
        void exited.then(() => {
          if (!listeners.has(listener)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          reject(new Error(`${script} exited; stderr: ${stderr.join('\n')}`));
        });
      });
    },
  };
}

/** Parses a pino JSON line; null for anything else. */
export function logLine(line: string): { msg?: unknown; [field: string]: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function hasMessage(msg: string) {
  return (line: string) => logLine(line)?.msg === msg;
}
