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
