/** `value / reference`; NaN when either is missing, not finite, or the reference is 0. */
export function ratio(value: number, reference: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return Number.NaN;
  return value / reference;
}

/** A ratio in two significant digits, as "1.4x", "0.83x", "12x"; "n/a" when it is not a number. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = value >= 10 ? value.toFixed(0) : value.toPrecision(2);
  return `${String(Number(digits))}x`;
}

export type Reference = { label: string; value: number };

/**
 * "livebell p99 = 1.4x floor, 0.8x Socket.IO": the subject's metric as a
 * multiple of each reference's (higher means more of the metric, whichever
 * way the metric is better).
 */
export function ratioSentence(
  subject: string,
  metric: string,
  value: number,
  references: readonly Reference[],
): string {
  const parts = references.map((reference) => `${formatRatio(ratio(value, reference.value))} ${reference.label}`);
  return `${subject} ${metric} = ${parts.join(', ')}`;
}
