import { mergeRouters, router } from '../trpc/trpc.js';
import { adminRouter } from './admin-router.js';
import { authRouter } from './auth-router.js';
import { healthRouter } from './health-router.js';
import { notificationsRouter } from './notifications-router.js';

/**
 * What a host application mounts under a key of its own router
 * (`createLivebell(...).router`): the notifications, health and admin
 * procedures. Its procedures read `ctx.livebell` (trpc/context.ts).
 */
export const livebellRouter = router({
  health: healthRouter,
  notifications: notificationsRouter,
  admin: adminRouter,
});

/** The mountable router's type: a host's AppRouter carries it under the key it was mounted at. */
export type LivebellRouter = typeof livebellRouter;

/** The standalone server's router: livebell's, plus the dev sign-in (no identity provider in development). */
export const appRouter = mergeRouters(livebellRouter, router({ auth: authRouter }));

/** The API's type; the web app imports it (type only) from `@livebell/server`. */
export type AppRouter = typeof appRouter;
