import { describe, expect, it } from 'vitest';
import { cdfPoints } from '../src/latency-cdf.js';
import { formatMs, formatRate, percentile, summarize } from '../src/latency-stats.js';

describe('percentile', () => {
  it('uses the nearest rank, whatever the order of the samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 91)).toBe(10);
    expect(percentile(samples, 100)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it('sorts numerically, not as strings', () => {
    expect(percentile([100, 9, 20], 100)).toBe(100);
    expect(percentile([100, 9, 20], 1)).toBe(9);
  });
});

describe('summarize', () => {
  it('gives p50, p95, p99, the maximum and the count', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(summarize(samples)).toEqual({ p50: 500, p95: 950, p99: 990, max: 1000, count: 1000 });
  });

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('cdfPoints', () => {
  it('ascends in latency and fraction, and ends at the maximum with fraction 1', () => {
    const samples = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
    const points = cdfPoints(samples, 100);
    for (let i = 1; i < points.length; i += 1) {
      expect(points[i]?.fraction).toBeGreaterThan(points[i - 1]?.fraction ?? 1);
      expect(points[i]?.ms).toBeGreaterThanOrEqual(points[i - 1]?.ms ?? Infinity);
    }
    expect(points.at(-1)).toEqual({ ms: 9999, fraction: 1 });
    expect(points.find((p) => p.fraction === 0.5)?.ms).toBe(4999);
    expect(points.find((p) => p.fraction === 0.999)?.ms).toBe(9989);
  });

  it('keeps the tail fractions once when the grid already has them', () => {
    const fractions = cdfPoints([1, 2, 3], 200).map((p) => p.fraction);
    expect(new Set(fractions).size).toBe(fractions.length);
    expect(fractions).toContain(0.995);
    expect(fractions).toContain(0.9999);
  });

  it('is empty without samples', () => {
    expect(cdfPoints([])).toEqual([]);
  });
});

describe('formatting', () => {
  it('shows small latencies to two decimals and large ones whole', () => {
    expect(formatMs(3.14159)).toBe('3.14 ms');
    expect(formatMs(123.6)).toBe('124 ms');
    expect(formatMs(Number.NaN)).toBe('n/a');
  });

  it('rounds rates and groups thousands', () => {
    expect(formatRate(12345.6)).toBe('12,346/s');
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe('n/a');
  });
});
