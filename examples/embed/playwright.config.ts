import { defineConfig } from '@playwright/test';
import { playwrightSuite } from '@livebell/test-support';

const suite = playwrightSuite();

export default defineConfig({
  ...suite.run,
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  reporter: [['list']],
  use: { ...suite.browser, screenshot: 'only-on-failure', trace: 'retain-on-failure' },
});
