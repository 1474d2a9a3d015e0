import { readFileSync } from 'node:fs';

export type OpenFileLimit = { soft: number; hard: number };

/**
 * The "Max open files" row of /proc/<pid>/limits; Infinity for "unlimited".
 * Null when the row is absent.
 */
export function openFileLimitFromLimits(limits: string): OpenFileLimit | null {
  const row = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  if (!row) return null;
  const parse = (value: string | undefined) => (value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value));
  return { soft: parse(row[1]), hard: parse(row[2]) };
}

/** This process's open-file limits; null where /proc is missing (not Linux). */
export function ownOpenFileLimit(): OpenFileLimit | null {
  try {
    return openFileLimitFromLimits(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return null;
  }
}
