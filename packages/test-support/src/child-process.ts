import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** How long `stop()` waits after SIGTERM before SIGKILL, unless told otherwise. */
const DEFAULT_STOP_GRACE_MS = 5_000;
const DEFAULT_LINE_TIMEOUT_MS = 20_000;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildProcessOptions {
  /** Names the process in errors. */
  name: string;
  command: string;
  args?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Where stdout and stderr go: kept as lines to read and wait for (the
   * default), appended to a file the child writes itself (nothing passes
   * through this process, which matters under load), or dropped.
   */
  output?: 'lines' | { file: string } | 'ignore';
  /** Opens an IPC channel (`child.send`, `'message'`). */
  ipc?: boolean;
  stopGraceMs?: number;
}

export interface RunningProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Lines printed so far (with `output: 'lines'`). */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  readonly exited: Promise<ProcessExit>;
  /** Rejects when the process exits before `stop()` is called: whatever needed it is broken. */
  readonly crashed: Promise<never>;
  /** The first stdout line (printed already or to come) that matches; rejects on exit or timeout. */
  waitForLine(predicate: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** SIGTERM, then SIGKILL after the grace period; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Runs a command as a real child process of the test, stack or benchmark. */
export function startChildProcess(options: ChildProcessOptions): RunningProcess {
  const output = options.output ?? 'lines';
  const file = typeof output === 'object' ? openSync(output.file, 'a') : undefined;
  const sink = output === 'lines' ? 'pipe' : (file ?? 'ignore');
  const stdio: StdioOptions = ['ignore', sink, sink, ...(options.ipc ? (['ipc'] as const) : [])];
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args ?? [], { cwd: options.cwd, env: options.env ?? process.env, stdio });
  } finally {
    // The child holds its own copy of the descriptor.
    if (file !== undefined) closeSync(file);
  }
  // A spawn error also ends in 'exit' or 'close' (or, for a missing command, in no pid below).
  child.on('error', () => undefined);
  const { pid } = child;
  if (pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);

  const stdout: string[] = [];
  const stderr: string[] = [];
  const lineListeners = new Set<() => void>();
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout.push(line);
      for (const listener of lineListeners) listener();
    });
  }
  if (child.stderr) createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));

  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stopping = false;
  const crashed = exited.then(({ code, signal }) => {
    throw new Error(
      `${options.name} exited ${stopping ? 'while stopping' : 'unexpectedly'} (code ${code}, signal ${signal})` +
        (typeof output === 'object' ? `; see ${output.file}` : '') +
        (stderr.length > 0 ? `; stderr:\n${stderr.slice(-20).join('\n')}` : ''),
    );
  });
  // Observed here so that an exit nobody waits on is not an unhandled rejection.
  crashed.catch(() => undefined);

  return {
    name: options.name,
    child,
    pid,
    stdout,
    stderr,
    exited,
    crashed,
    waitForLine(predicate, timeoutMs = DEFAULT_LINE_TIMEOUT_MS) {
      return new Promise((resolve, reject) => {
        const finish = () => {
          clearTimeout(timer);
          lineListeners.delete(check);
        };
        const check = () => {
          const found = stdout.find(predicate);
          if (found === undefined) return;
          finish();
          resolve(found);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${options.name}: no matching line within ${timeoutMs} ms; stderr:\n${stderr.join('\n')}`));
        }, timeoutMs);
        lineListeners.add(check);
        check();
        // 'close' comes after the exit and the last line of output: nothing can match any more.
        void closed.then(() => {
          if (!lineListeners.has(check)) return;
          finish();
          reject(new Error(`${options.name} exited; stderr:\n${stderr.join('\n')}`));
        });
      });
    },
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}
