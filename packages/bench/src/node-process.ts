import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';

/** What the benchmark asks of the open-file limit; the hard limit caps it where it is lower. */
export const WANTED_OPEN_FILES = 65_536;

/** How long a process gets to exit after SIGTERM before it is killed. */
const STOP_DEADLINE_MS = 20_000;

export interface NodeProcessOptions {
  script: string;
  args?: string[];
  /** Flags for node itself (`--expose-gc`, `--import`, `--cpu-prof`, ...). */
  nodeOptions?: string[];
  env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here; discarded when absent. */
  logFile?: string;
  openFiles?: number;
}

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after a deadline; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a Node.js script in its own process, with an IPC channel, through
 * `sh -c 'ulimit -n N; exec node ...'`: the open-file limit is raised as far as
 * the hard limit allows (raising the hard limit needs CAP_SYS_RESOURCE), and
 * `exec` keeps the pid and the IPC descriptor.
 */
export function spawnNodeProcess(options: NodeProcessOptions): NodeProcess {
  const openFiles = options.openFiles ?? WANTED_OPEN_FILES;
  const raiseLimit = 'ulimit -n "$1" 2>/dev/null || ulimit -n "$(ulimit -Hn)"; shift; exec "$@"';
  const out = options.logFile ? openSync(options.logFile, 'a') : 'ignore';
  let child: ChildProcess;
  try {
    child = spawn(
      'sh',
      [
        '-c',
        raiseLimit,
        'sh',
        String(openFiles),
        process.execPath,
        ...(options.nodeOptions ?? []),
        options.script,
        ...(options.args ?? []),
      ],
      { stdio: ['ignore', out, out, 'ipc'], env: options.env ?? process.env },
    );
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
  const { pid } = child;
  if (pid === undefined) throw new Error(`could not start ${options.script}`);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  // An exit is reported through `exited`; a spawn error also ends up there.
  child.on('error', () => undefined);
  return {
    child,
    pid,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
