import type { AppRouter } from '@livebell/server';

/**
 * The livebell server's router as the package calls it. Only its type is
 * used (erased at build time): no server code reaches the browser.
 */
export type LivebellRouter = AppRouter;
