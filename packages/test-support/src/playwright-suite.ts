import { CHROMIUM_ARGS, chromiumExecutable } from './chromium.js';

/**
 * What every livebell Playwright suite shares, as plain values for
 * `defineConfig`: one worker (the stack is shared, and 2 cores are better
 * spent on it than on parallel browsers; tests stay independent through
 * unique user ids), no `.only`, no retries, and the system Chromium.
 */
export function playwrightSuite() {
  return {
    run: {
      workers: 1,
      fullyParallel: false,
      forbidOnly: true,
      retries: 0,
      timeout: 30_000,
      expect: { timeout: 5_000 },
    },
    browser: {
      browserName: 'chromium' as const,
      launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
    },
  };
}
