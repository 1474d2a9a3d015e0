import { defineConfig, mergeConfig } from 'vitest/config';
import { testSourceConfig } from '../../source-conditions.js';

// Unit tests of the package's plain functions: no DOM and no network. The
// components are tested in a real browser by the web app's Playwright suite.
export default mergeConfig(
  testSourceConfig,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
    },
  }),
);
