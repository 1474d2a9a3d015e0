import { healthStatusSchema } from '@livebell/shared';
import { publicProcedure, router } from '../trpc/trpc.js';

export const healthRouter = router({
  status: publicProcedure.output(healthStatusSchema).query(({ ctx }) => ctx.services.health.status()),
});
