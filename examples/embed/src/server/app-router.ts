// The example app's tRPC router: its own procedures under `app`, livebell's
// router mounted under `livebell`. Its context is its own (`userName`, from
// its own tokens) plus `livebell`, which only livebell's procedures read.
import type { Livebell, LivebellContext } from '@livebell/server';
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { IdentityProvider } from './identity-provider.js';

export interface AppContext {
  /** Who is signed in, as this app knows it; null when nobody is. */
  userName: string | null;
  livebell: LivebellContext;
}

const t = initTRPC.context<AppContext>().create();

const signedIn = t.procedure.use(({ ctx, next }) => {
  if (ctx.userName === null) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  return next({ ctx: { userName: ctx.userName } });
});

export function appRouter(lb: Livebell, identity: IdentityProvider) {
  return t.router({
    app: t.router({
      /** The app's sign-in: a user name in, an access token out (a real app would check a password). */
      signIn: t.procedure
        .input(z.object({ userName: z.string().trim().min(1).max(64) }))
        .mutation(async ({ input }) => ({ token: await identity.signIn(input.userName) })),
      greeting: signedIn.query(({ ctx }) => `Hello, ${ctx.userName}!`),
    }),
    livebell: lb.router,
  });
}

export type AppRouter = ReturnType<typeof appRouter>;
