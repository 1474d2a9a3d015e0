// @livebell/test-support: one copy of what the server's tests, the e2e stack,
// the dev runner and the benchmark each need around real processes.
export { freePort } from './free-port.js';
export { startChildProcess, type ChildProcessOptions, type ProcessExit, type RunningProcess } from './child-process.js';
export { startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';
export { waitForHttp, type WaitForHttpOptions } from './wait-for-http.js';
export { numberedNotification } from './numbered-notification.js';
export { CHROMIUM_ARGS, chromiumExecutable } from './chromium.js';
export { playwrightSuite } from './playwright-suite.js';
