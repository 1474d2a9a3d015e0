// @livebell/test-support: one copy of what the server's tests, the e2e stacks,
// the dev runner and the benchmark each need around real processes (the
// Playwright fixtures live apart, in ./playwright.ts).
export { freePort } from './free-port.js';
export { assertBuilt, bundledPage, SERVER_PACKAGES, StaleBuildError, type BuiltPackage } from './built-packages.js';
export { startChildProcess, type ChildProcessOptions, type ProcessExit, type RunningProcess } from './child-process.js';
export { startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';
export { waitForHttp, type WaitForHttpOptions } from './wait-for-http.js';
export { numberedNotification } from './numbered-notification.js';
export { CHROMIUM_ARGS, chromiumExecutable } from './chromium.js';
export { playwrightSuite } from './playwright-suite.js';
export { startE2eStack, type E2eStack } from './e2e-stack.js';
