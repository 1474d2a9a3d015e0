// Tests that check what stays reachable collect garbage first. vitest.config.ts
// runs the test workers with --expose-gc, which puts `gc` on globalThis.

/** Runs a full garbage collection. */
export function collectGarbage(): void {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc (vitest.config.ts sets it)');
  globalThis.gc();
}
