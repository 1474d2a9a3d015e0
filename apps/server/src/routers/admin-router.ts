import { adminSendInputSchema, adminSendResultSchema, operationsSchema } from '@livebell/shared';
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

  /** This node's live numbers over the last minutes, for the operations page. */
  operations: adminProcedure.output(operationsSchema).query(({ ctx }) => ctx.services.operations.report()),
});
