import { defineConfig, mergeConfig } from 'vitest/config';
import { testSourceConfig } from '../../source-conditions.js';

// Unit tests of the benchmark's pure functions only: the benchmark itself is
// never a test and asserts no timings.
export default mergeConfig(
  testSourceConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
    },
  }),
);
