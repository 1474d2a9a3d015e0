/** Nearest-rank percentile of ascending samples; NaN when there are none. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // The epsilon keeps float noise (0.999 * 100 / 100 * 10000 = 9990.000000000002) from skipping a rank.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Nearest-rank percentile of samples (any order); NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  return percentileOfSorted(ascending(samples), p);
}

export type LatencySummary = { p50: number; p95: number; p99: number; max: number; count: number };

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = ascending(samples);
  return {
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: percentileOfSorted(sorted, 100),
    count: sorted.length,
  };
}

/** A sorted copy; a typed array sorts numerically and fast (200,000 samples in a few ms). */
export function ascending(samples: readonly number[]): number[] {
  return Array.from(Float64Array.from(samples).sort());
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`;
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return 'n/a';
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}
