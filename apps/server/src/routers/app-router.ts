import { router } from '../trpc/trpc.js';
import { adminRouter } from './admin-router.js';
import { authRouter } from './auth-router.js';
import { healthRouter } from './health-router.js';
import { notificationsRouter } from './notifications-router.js';

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  notifications: notificationsRouter,
  admin: adminRouter,
});

/** The API's type; the web app imports it (type only) from `@livebell/server`. */
export type AppRouter = typeof appRouter;
