import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { ownOpenFileLimit } from '../open-file-limit.js';

export type MachineInfo = {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** The hard open-file limit every process of the run had; null when unknown. */
  openFileLimit: number | null;
};

export function machineInfo(): MachineInfo {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    openFileLimit: ownOpenFileLimit()?.hard ?? null,
  };
}

export type SourceVersion = {
  commit: string;
  /** Uncommitted changes under the measured code (server, shared, emulator, bench) when the run started. */
  dirty: boolean;
};

const MEASURED_PATHS = ['apps/server', 'packages/shared', 'packages/mongo-emulator', 'packages/bench'];

export function sourceVersion(repoRoot: string): SourceVersion {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain', '--', ...MEASURED_PATHS) !== '' };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}
