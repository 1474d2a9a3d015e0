// @livebell/test-support/playwright: what livebell's Playwright suites share
// inside the test workers. Apart from the package's root so that what runs
// outside Playwright (the bench, the dev runner) never loads it.
export { expect } from '@playwright/test';
export { test, type LivebellFixtures, type LivebellWorkerFixtures, type NotifyInput } from './livebell-test.js';
export { bell, connection, panel } from './bell-locators.js';
export { watchSse, type SseWatch } from './sse-watch.js';
export { e2eStackValue } from './e2e-stack-values.js';
