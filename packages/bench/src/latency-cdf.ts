import { ascending, percentileOfSorted } from './latency-stats.js';

/** One point of an empirical CDF: `fraction` of the samples took at most `ms`. */
export type CdfPoint = { ms: number; fraction: number };

/** Tail fractions kept on top of the even grid, so a chart shows p99.9 and the maximum. */
const TAIL = [0.995, 0.999, 0.9999, 1];

/**
 * The empirical CDF of `samples` at `steps` evenly spaced fractions plus the
 * tail, by nearest rank: enough to draw it without keeping every sample.
 * Points ascend in both `ms` and `fraction`; empty for no samples.
 */
export function cdfPoints(samples: readonly number[], steps = 200): CdfPoint[] {
  if (samples.length === 0) return [];
  const sorted = ascending(samples);
  const fractions = new Set<number>();
  for (let i = 1; i <= steps; i += 1) fractions.add(i / steps);
  for (const tail of TAIL) fractions.add(tail);
  return [...fractions]
    .sort((a, b) => a - b)
    .map((fraction) => ({ ms: percentileOfSorted(sorted, fraction * 100), fraction }));
}
