import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt, type BuiltPackage } from './built-packages.js';
import { startChildProcess } from './child-process.js';

/** The emulator's package; its root found from wherever its entry resolves (dist/ or, with the source condition, src/). */
export const EMULATOR_PACKAGE: BuiltPackage = {
  name: '@livebell/mongo-emulator',
  root: fileURLToPath(new URL('../', import.meta.resolve('@livebell/mongo-emulator'))),
};

export interface EmulatorProcess {
  /** A connection string for the official driver. */
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The emulator's built CLI in its own process on a free port, so that the
 * database does not share an event loop or a core with the clients that load
 * it (the chaos test, the benchmark). Refuses (StaleBuildError) a dist/ older
 * than the emulator's sources.
 */
export async function startEmulatorProcess(args: string[] = []): Promise<EmulatorProcess> {
  assertBuilt([EMULATOR_PACKAGE]);
  const cli = join(EMULATOR_PACKAGE.root, 'dist', 'cli.js');
  const emulator = startChildProcess({
    name: 'the emulator',
    command: process.execPath,
    args: [cli, '--port', '0', ...args],
  });
  try {
    // Its first line on stdout is its URI.
    const uri = await emulator.waitForLine((line) => line.startsWith('mongodb://'));
    return { uri, pid: emulator.pid, stop: () => emulator.stop() };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
