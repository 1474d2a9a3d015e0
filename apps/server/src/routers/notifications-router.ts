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
import { TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { CLOSE_CODES } from '../http/close-codes.js';
import { authedProcedure, router } from '../trpc/trpc.js';

export const SLOW_SUBSCRIBER_CLOSE_REASON = 'subscriber too slow';

/**
 * How long a slow socket gets to take its close frame before it is cut: a
 * client that stopped reading never will, and its buffers are freed only
 * when the socket is destroyed.
 */
const SLOW_SOCKET_CLOSE_GRACE_MS = 1000;

/** An HTTP subscription's response is drained by the adapter; nothing waits in a socket of ours. */
const noBacklog = () => 0;

/** Closes a slow subscriber's socket with 4008, and destroys it if the client does not take the close in time. */
function closeSlowSocket(socket: WebSocket): void {
  socket.close(CLOSE_CODES.SLOW_SUBSCRIBER, SLOW_SUBSCRIBER_CLOSE_REASON);
  const timer = setTimeout(() => socket.terminate(), SLOW_SOCKET_CLOSE_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

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
    const socket = ctx.socket;
    // The event generator itself, not a generator around it: one async layer less per event.
    return ctx.services.liveDelivery.subscribe({
      userId: ctx.user.id,
      lastEventId: input.lastEventId,
      signal: signal ?? new AbortController().signal,
      // What the socket holds but has not sent counts against the subscriber's limit.
      backlog: socket ? () => socket.bufferedAmount : noBacklog,
      transport: socket ? 'websocket' : 'sse',
      onOverflow: () => {
        ctx.services.logger.warn(
          { userId: ctx.user.id, closeCode: CLOSE_CODES.SLOW_SUBSCRIBER },
          'Disconnecting a subscriber that fell too far behind',
        );
        ctx.services.metrics.slowSubscriberDisconnected();
        if (socket) closeSlowSocket(socket);
      },
      // Over HTTP there is no socket to drop: end with an error; the client resumes from its last id.
      overflowError: socket
        ? undefined
        : () => new TRPCError({ code: 'TOO_MANY_REQUESTS', message: SLOW_SUBSCRIBER_CLOSE_REASON }),
    });
  }),
});
