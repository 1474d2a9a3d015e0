import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** How long a process gets to exit after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 5_000;

export interface StackProcess {
  readonly name: string;
  /** Rejects when the process exits before `stop()` is called: the stack is broken. */
  readonly crashed: Promise<never>;
  stop(): Promise<void>;
}

/**
 * Runs one part of the e2e stack (the server, the web preview) as a child
 * process, its output written to `logFile` for the test artifacts.
 */
export function startStackProcess(options: {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}): StackProcess {
  const log = createWriteStream(options.logFile);
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });

  let stopping = false;
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const crashed = exited.then(([code, signal]) => {
    throw new Error(
      `${options.name} exited ${stopping ? 'while stopping' : 'unexpectedly'} (code ${code}, signal ${signal}); see ${options.logFile}`,
    );
  });
  // Observed here so that a crash after the tests is not an unhandled rejection.
  crashed.catch(() => undefined);

  return {
    name: options.name,
    crashed,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}
