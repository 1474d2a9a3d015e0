// How the profile tables measure a server's cost per category: as a share of
// sampled busy time (CPU) or as bytes allocated per delivered notification.
import { categoryTotals, type CostCategory } from '../profile/cost-category.js';
import type { ScenarioProfile } from '../profile/system-profiles.js';
import type { SystemName } from '../systems/system-name.js';
import { formatKiB, formatPercent } from './format.js';

export type Measured = { total: number; byCategory: Record<CostCategory, number> };
export type Column = Measured & { system: SystemName };

export type Measure = {
  /** The total and the per-category values of one system's profile, already per delivery. */
  of: (profile: ScenarioProfile) => Measured;
  format: (value: number) => string;
  /** Categories below this are left out of the table. */
  floor: number;
  /** Whether a difference to the floor means something (amounts yes, shares no). */
  compare: boolean;
  totalLabel: string;
};

/**
 * Shares, not amounts: the profiler's sampling thread competes for the 2
 * busy cores and tends to run when the main thread sleeps, so profiles
 * undercount busy time; the split of what was sampled busy is what they tell.
 */
export const CPU_SHARE: Measure = {
  of: ({ deliver }) => ({
    total: 1,
    byCategory: mapValues(
      categoryTotals(deliver.byArea, (a) => a.selfMs),
      (ms) => (deliver.busyMs > 0 ? ms / deliver.busyMs : Number.NaN),
    ),
  }),
  format: (share) => (Number.isFinite(share) ? formatPercent(share) : 'n/a'),
  floor: 0.005,
  compare: false,
  totalLabel: 'sampled busy time',
};

export const ALLOCATED_PER_DELIVERY: Measure = {
  of: ({ delivered, allocations }) => ({
    total: perDelivery(allocations.totalBytes, delivered),
    byCategory: mapValues(
      categoryTotals(allocations.byArea, (a) => a.bytes),
      (bytes) => perDelivery(bytes, delivered),
    ),
  }),
  format: formatKiB,
  floor: 100,
  compare: true,
  totalLabel: 'all',
};

/** `value` per delivered notification; NaN when nothing was delivered. */
export function perDelivery(value: number, delivered: number): number {
  return delivered > 0 ? value / delivered : Number.NaN;
}

/** The same keys, each value mapped. */
export function mapValues<K extends string>(
  record: Record<K, number>,
  map: (value: number) => number,
): Record<K, number> {
  return Object.fromEntries(Object.entries<number>(record).map(([key, value]) => [key, map(value)])) as Record<
    K,
    number
  >;
}
