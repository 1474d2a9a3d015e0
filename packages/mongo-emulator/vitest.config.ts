import { defineConfig, mergeConfig } from 'vitest/config';
import { testSourceConfig } from '../../source-conditions.js';

export default mergeConfig(
  testSourceConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
);
