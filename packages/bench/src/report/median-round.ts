import type { SystemName } from '../systems/system-name.js';
import { SYSTEM_NAMES } from '../systems/system-name.js';

/**
 * The item whose `key` is the median of the group (the lower middle one for
 * an even count), so that every number shown for it comes from one real run.
 * Undefined for an empty group.
 */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  const finite = items.filter((item) => Number.isFinite(key(item)));
  const sorted = [...(finite.length > 0 ? finite : items)].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** One measured round of a scenario; a system runs each scenario several times. */
export type Round<T> = T & { round: number };

/** A system's median round, and every round's value of the key that picked it. */
export interface MedianRound<T> {
  system: SystemName;
  median: T;
  all: number[];
}

/** Per system (in the report's order), the round with the median of `key`. */
export function medianRounds<T extends { system: SystemName }>(
  rounds: readonly T[],
  key: (round: T) => number,
): MedianRound<T>[] {
  return SYSTEM_NAMES.flatMap((system) => {
    const mine = rounds.filter((round) => round.system === system);
    const median = medianBy(mine, key);
    return median ? [{ system, median, all: mine.map(key) }] : [];
  });
}

/** The row of `system`, if it ran. */
export function rowOf<T extends { system: SystemName }>(rows: readonly T[], system: SystemName): T | undefined {
  return rows.find((row) => row.system === system);
}
