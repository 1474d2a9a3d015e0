import { devSignInInputSchema, devSignInResultSchema } from '@livebell/shared';
import { TRPCError } from '@trpc/server';
import { publicProcedure, router } from '../trpc/trpc.js';

/** Dev sign-in tokens last a working day. */
const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;

export const authRouter = router({
  /** Mints a token for any user id; outside production only (no passwords exist in dev). */
  devSignIn: publicProcedure
    .input(devSignInInputSchema)
    .output(devSignInResultSchema)
    .mutation(async ({ ctx, input }) => {
      if (ctx.services.production) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Dev sign-in is disabled when NODE_ENV=production' });
      }
      const { tokens } = ctx.services;
      if (tokens === null) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Dev sign-in is disabled: this server signs no tokens' });
      }
      const { token, expiresAt } = await tokens.sign({ id: input.userId, role: input.role }, DEV_TOKEN_TTL_SECONDS);
      return { token, userId: input.userId, role: input.role, expiresAt: expiresAt.toISOString() };
    }),
});
