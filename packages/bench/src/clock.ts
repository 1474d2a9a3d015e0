/**
 * Milliseconds since the Unix epoch with sub-millisecond precision. Every
 * process of the benchmark stamps with this clock, so an insert stamped in one
 * process and a receipt stamped in another compare on the same machine.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Microseconds on the machine's monotonic clock (CLOCK_MONOTONIC, which V8's
 * CPU profiles also use), to find a phase of a run inside a server's profile.
 */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** A stretch of a run on the monotonic clock. */
export type PhaseWindow = { fromUs: number; toUs: number };
