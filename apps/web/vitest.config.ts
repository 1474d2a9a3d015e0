import { defineConfig } from 'vitest/config';

// Unit tests only: plain functions, no DOM and no network. The browser tests
// live in e2e/ and run under Playwright (`pnpm test:e2e`).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
