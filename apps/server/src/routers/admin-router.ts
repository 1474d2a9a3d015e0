import { adminSendInputSchema, adminSendResultSchema } from '@livebell/shared';
import { adminProcedure, router } from '../trpc/trpc.js';

export const adminRouter = router({
  /** One notification per distinct user id, bulk-inserted; the change stream delivers them. */
  send: adminProcedure
    .input(adminSendInputSchema)
    .output(adminSendResultSchema)
    .mutation(async ({ ctx, input }) => {
      const { userIds, ...content } = input;
      return { inserted: await ctx.services.notifications.send(userIds, content) };
    }),
});
