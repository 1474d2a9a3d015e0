import { defineConfig, mergeConfig } from 'vitest/config';
import { testSourceConfig } from '../../source-conditions.js';

export default mergeConfig(
  testSourceConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      // Integration tests start servers and databases; they share two cores.
      testTimeout: 30_000,
      hookTimeout: 60_000,
      fileParallelism: false,
      // Some tests collect garbage before they look at what stays reachable (test/support/garbage.ts).
      execArgv: ['--expose-gc'],
    },
  }),
);
