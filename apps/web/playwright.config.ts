import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '@livebell/test-support';

// One worker: the stack (database, server, preview) is shared, and 2 cores
// are better spent on it than on parallel browsers. Tests stay independent
// through unique user ids.
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/stack/global-setup.ts',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  projects: [
    { name: 'e2e', testIgnore: 'readme/**' },
    // Refreshes docs/screenshot.png; run on purpose only (`pnpm screenshot`).
    { name: 'readme', testMatch: 'readme/**/*.spec.ts', use: { deviceScaleFactor: 2 } },
  ],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});
