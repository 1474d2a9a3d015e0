import {
  archiveAllReadResultSchema,
  archiveInputSchema,
  archiveResultSchema,
  listInputSchema,
  listPageSchema,
  markAllReadResultSchema,
  markReadInputSchema,
  markReadResultSchema,
  onEventInputSchema,
  removeInputSchema,
  removeResultSchema,
} from '@livebell/shared';
import { z } from 'zod';
import { authedProcedure, router } from '../trpc/trpc.js';

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

  archive: authedProcedure
    .input(archiveInputSchema)
    .output(archiveResultSchema)
    .mutation(({ ctx, input }) => ctx.services.notifications.archive(ctx.user.id, input.id, input.archived)),

  archiveAllRead: authedProcedure
    .output(archiveAllReadResultSchema)
    .mutation(({ ctx }) => ctx.services.notifications.archiveAllRead(ctx.user.id)),

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
    // Past the connection's limit it is refused here, before it registers; it gives the slot back when it ends.
    ctx.subscriptions.take();
    // The event generator itself, not a generator around it: one async layer less per event.
    return ctx.services.liveDelivery.subscribe({
      userId: ctx.user.id,
      lastEventId: input.lastEventId,
      signal: signal ?? new AbortController().signal,
      transport: ctx.transport,
      slot: ctx.subscriptions,
    });
  }),
});
