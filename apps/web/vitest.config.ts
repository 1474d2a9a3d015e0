import { defineConfig, mergeConfig } from 'vitest/config';
import { testSourceConfig } from '../../source-conditions.js';

// Unit tests only: plain functions, no DOM and no network. The browser tests
// live in e2e/ and run under Playwright (`pnpm test:e2e`).
export default mergeConfig(
  testSourceConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
    },
  }),
);
