import { startChildProcess, type RunningProcess } from '@livebell/test-support';

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

/**
 * Starts a Node.js script in its own process, with an IPC channel, through
 * `sh -c 'ulimit -n N; exec node ...'`: the open-file limit is raised as far as
 * the hard limit allows (raising the hard limit needs CAP_SYS_RESOURCE), and
 * `exec` keeps the pid and the IPC descriptor.
 */
export function spawnNodeProcess(options: NodeProcessOptions): RunningProcess {
  const openFiles = options.openFiles ?? WANTED_OPEN_FILES;
  const raiseLimit = 'ulimit -n "$1" 2>/dev/null || ulimit -n "$(ulimit -Hn)"; shift; exec "$@"';
  return startChildProcess({
    name: options.script,
    command: 'sh',
    args: [
      '-c',
      raiseLimit,
      'sh',
      String(openFiles),
      process.execPath,
      ...(options.nodeOptions ?? []),
      options.script,
      ...(options.args ?? []),
    ],
    env: options.env ?? process.env,
    output: options.logFile ? { file: options.logFile } : 'ignore',
    ipc: true,
    stopGraceMs: STOP_DEADLINE_MS,
  });
}
