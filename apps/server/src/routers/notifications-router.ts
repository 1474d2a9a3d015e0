import {
  listInputSchema,
  listPageSchema,
  markAllReadResultSchema,
  markReadInputSchema,
  markReadResultSchema,
  onEventInputSchema,
  removeInputSchema,
  removeResultSchema,
} from '@livebell/shared';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { CLOSE_CODES } from '../http/close-codes.js';
import { authedProcedure, router } from '../trpc/trpc.js';

export const SLOW_SUBSCRIBER_CLOSE_REASON = 'subscriber too slow';

export const notificationsRouter = router({
  list: authedProcedure
    .input(listInputSchema)
    .output(listPageSchema)
    .query(({ ctx, input }) => ctx.services.notifications.list(ctx.user.id, input)),

  unreadCount: authedProcedure
    .output(z.number().int().nonnegative())
    .query(({ ctx }) => ctx.services.notifications.unreadCount(ctx.user.id)),

  markRead: authedProcedure
    .input(markReadInputSchema)
    .output(markReadResultSchema)
    .mutation(({ ctx, input }) => ctx.services.notifications.markRead(ctx.user.id, input.id, input.read)),

  markAllRead: authedProcedure
    .output(markAllReadResultSchema)
    .mutation(({ ctx }) => ctx.services.notifications.markAllRead(ctx.user.id)),

  remove: authedProcedure
    .input(removeInputSchema)
    .output(removeResultSchema)
    .mutation(({ ctx, input }) => ctx.services.notifications.remove(ctx.user.id, input.id)),

  /**
   * Every change to the signed-in user's notifications, each `tracked()` with
   * its resume token. Resubscribing with `lastEventId` replays what was
   * missed; `{ kind: 'resync' }` asks the client to reload list and count.
   */
  onEvent: authedProcedure.input(onEventInputSchema).subscription(({ ctx, input, signal }) => {
    const socket = ctx.socket;
    // The event generator itself, not a generator around it: one async layer less per event.
    return ctx.services.events({
      userId: ctx.user.id,
      lastEventId: input.lastEventId,
      signal: signal ?? new AbortController().signal,
      onOverflow: () => {
        ctx.services.logger.warn({ userId: ctx.user.id }, 'Disconnecting a subscriber that fell too far behind');
        socket?.close(CLOSE_CODES.SLOW_SUBSCRIBER, SLOW_SUBSCRIBER_CLOSE_REASON);
      },
      // Over HTTP there is no socket to drop: end with an error; the client resumes from its last id.
      overflowError: socket
        ? undefined
        : () => new TRPCError({ code: 'TOO_MANY_REQUESTS', message: SLOW_SUBSCRIBER_CLOSE_REASON }),
    });
  }),
});
