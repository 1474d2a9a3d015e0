import { describe, expect, it } from 'vitest';
import { bucketsBetween, histogramQuantile } from '../../src/metrics/histogram-quantile.js';

const INF = Number.POSITIVE_INFINITY;

describe('histogramQuantile', () => {
  it('interpolates inside the bucket that holds the rank, as PromQL does', () => {
    // 10 observations: 4 up to 0.1 s, 6 between 0.1 s and 0.5 s.
    const buckets = [
      { le: 0.1, count: 4 },
      { le: 0.5, count: 10 },
      { le: INF, count: 10 },
    ];
    expect(histogramQuantile(0.2, buckets)).toBeCloseTo(0.05);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.1 + (0.4 * 3) / 6);
  });

  it('answers the highest finite bound for a rank in +Inf, and null without observations', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 1, count: 1 },
        { le: INF, count: 5 },
      ]),
    ).toBe(1);
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: INF, count: 0 },
      ]),
    ).toBeNull();
  });

  it('takes the observations between two snapshots', () => {
    const before = [
      { le: 1, count: 3 },
      { le: INF, count: 4 },
    ];
    const after = [
      { le: 1, count: 5 },
      { le: INF, count: 9 },
    ];
    expect(bucketsBetween(before, after)).toEqual([
      { le: 1, count: 2 },
      { le: INF, count: 5 },
    ]);
  });
});
