// Quantiles from a Prometheus histogram's cumulative buckets, computed the way
// PromQL's histogram_quantile() does: linear interpolation inside the bucket
// that holds the rank, so the page and the dashboard agree.
import type { LagBucket } from './metrics.js';

/**
 * The `q` quantile (0..1) of the observations counted in `buckets`
 * (cumulative, sorted by upper bound, last bound +Inf); null when empty.
 * A rank in the +Inf bucket answers the highest finite bound.
 */
export function histogramQuantile(q: number, buckets: readonly LagBucket[]): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Number.POSITIVE_INFINITY) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      if (inBucket <= 0) return bucket.le;
      return lowerBound + ((bucket.le - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}

/** The buckets of the observations made between two snapshots of one histogram. */
export function bucketsBetween(before: readonly LagBucket[], after: readonly LagBucket[]): LagBucket[] {
  return after.map((bucket, index) => ({ le: bucket.le, count: bucket.count - (before[index]?.count ?? 0) }));
}
