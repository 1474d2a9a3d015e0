import { defineConfig } from '@playwright/test';
import { playwrightSuite } from '@livebell/test-support';

// One worker and the system Chromium (see playwrightSuite).
const suite = playwrightSuite();

export default defineConfig({
  ...suite.run,
  testDir: 'e2e',
  globalSetup: './e2e/stack/global-setup.ts',
  outputDir: 'test-results',
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  projects: [
    { name: 'e2e', testIgnore: 'readme/**' },
    // Refreshes docs/screenshot.png; run on purpose only (`pnpm screenshot`).
    { name: 'readme', testMatch: 'readme/**/*.spec.ts', use: { deviceScaleFactor: 2 } },
  ],
  use: {
    ...suite.browser,
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});
