import { defineConfig } from 'vitest/config';

// Unit tests of the benchmark's pure functions only: the benchmark itself is
// never a test and asserts no timings.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
