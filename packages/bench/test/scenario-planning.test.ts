import { describe, expect, it } from 'vitest';
import { medianBy } from '../src/report/median-round.js';
import { capacityPlan } from '../src/scenarios/capacity.js';
import { seededRandom } from '../src/seeded-random.js';
import { benchUserId, benchUserIds } from '../src/user-ids.js';

describe('capacityPlan', () => {
  it('keeps every step one process can hold, with two workers at least', () => {
    expect(capacityPlan([1000, 5000], 19_900, 20_000)).toEqual({ steps: [1000, 5000], workers: 2, cappedBy: null });
  });

  it('replaces the first step beyond the limit by the limit, drops the rest, and says why', () => {
    const plan = capacityPlan([1000, 5000, 10_000, 20_000, 30_000], 19_900, 20_000);
    expect(plan.steps).toEqual([1000, 5000, 10_000, 19_900]);
    expect(plan.workers).toBe(2);
    expect(plan.cappedBy).toContain('20,000 descriptors per process');
  });

  it('does not repeat a step that equals the limit', () => {
    expect(capacityPlan([19_900, 30_000], 19_900, 20_000).steps).toEqual([19_900]);
  });
});

describe('medianBy', () => {
  it('picks the item with the median key, the lower middle one for an even count', () => {
    const rounds = [{ p99: 30 }, { p99: 10 }, { p99: 20 }];
    expect(medianBy(rounds, (r) => r.p99)).toEqual({ p99: 20 });
    expect(medianBy([{ p99: 4 }, { p99: 1 }, { p99: 3 }, { p99: 2 }], (r) => r.p99)).toEqual({ p99: 2 });
  });

  it('ignores rounds without a number, unless none has one', () => {
    expect(medianBy([{ p99: Number.NaN }, { p99: 5 }], (r) => r.p99)).toEqual({ p99: 5 });
    expect(medianBy([{ p99: Number.NaN }], (r) => r.p99)?.p99).toBeNaN();
    expect(medianBy([], () => 0)).toBeUndefined();
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(first).size).toBe(1000);
  });

  it('gives another sequence for another seed', () => {
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
  });
});

describe('benchUserIds', () => {
  it('names users with zero-padded, sortable ids from a start index', () => {
    expect(benchUserId(7)).toBe('user-000007');
    expect(benchUserIds(3, 998)).toEqual(['user-000998', 'user-000999', 'user-001000']);
  });
});
