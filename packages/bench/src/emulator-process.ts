import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export type EmulatorProcess = { uri: string; pid: number | null; stop(): Promise<void> };

/**
 * Starts the emulator's CLI in its own process on a free port, so that the
 * database and the load generator do not share an event loop or a core.
 */
export async function spawnEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  const cli = fileURLToPath(new URL('./cli.js', import.meta.resolve('@livebell/mongo-emulator')));
  const child: ChildProcess = spawn(process.execPath, [cli, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (!child.stdout) throw new Error('emulator process has no stdout');
  const exited = once(child, 'exit');
  const [line] = (await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited])) as unknown[];
  if (typeof line !== 'string' || !line.startsWith('mongodb://'))
    throw new Error('the emulator process exited before printing its URI');
  return {
    uri: line,
    pid: child.pid ?? null,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
