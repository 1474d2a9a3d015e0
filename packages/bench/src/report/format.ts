// How the report writes numbers, in one place so that every table agrees;
// anything that is not a finite number is written "n/a".

const KIB = 1024;
const MIB = 2 ** 20;

/** A whole number with thousands separators: "19,900". */
export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function formatMiB(bytes: number): string {
  return `${formatCount(bytes / MIB)} MiB`;
}

export function formatKiB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / KIB).toFixed(1)} KiB` : 'n/a';
}

/** Bytes below a KiB as "512 B", above it in KiB. */
export function formatBytes(bytes: number): string {
  return bytes >= KIB ? formatKiB(bytes) : `${formatCount(bytes)} B`;
}

export function formatSeconds(seconds: number): string {
  return Number.isFinite(seconds) ? `${seconds.toFixed(1)} s` : 'n/a';
}

export function formatMicroseconds(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(0)} µs` : 'n/a';
}

/** A share of 1 as a percentage: 0.4 is "40.0%". */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** A difference with its sign ("+1.2 KiB", "−3.0 KiB"); none on a value that rounds to zero. */
export function formatSigned(value: number, format: (value: number) => string): string {
  const magnitude = format(Math.abs(value));
  return /^0(\.0+)?\b/.test(magnitude) ? magnitude : `${value >= 0 ? '+' : '−'}${magnitude}`;
}

/** "1.39 s to 1.71 s" over several rounds; the one value for a single round. */
export function formatRange(values: readonly number[], format: (value: number) => string): string {
  if (values.length < 2) return format(values[0] ?? Number.NaN);
  return `${format(Math.min(...values))} to ${format(Math.max(...values))}`;
}
