import { defineConfig } from 'vitest/config';

// Unit tests of the package's plain functions: no DOM and no network. The
// components are tested in a real browser by the web app's Playwright suite.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
