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
import type { ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { CLOSE_CODES } from '../http/close-codes.js';
import { authedProcedure, router } from '../trpc/trpc.js';

export const SLOW_SUBSCRIBER_CLOSE_REASON = 'subscriber too slow';

/**
 * How long a slow connection gets to take its last frame (a WebSocket's
 * close, an SSE stream's retryable error) before it is cut: a client that
 * stopped reading never will, and its buffers are freed only when the socket
 * is destroyed.
 */
const SLOW_CONNECTION_GRACE_MS = 1000;

/** A subscription with neither a socket nor a stream of ours (a server-side caller, say) holds nothing in transit. */
const noBacklog = () => 0;

/** Runs `cut` unless `connection` closes within the grace period. */
function cutAfterGrace(connection: { once(event: 'close', listener: () => void): unknown }, cut: () => void): void {
  const timer = setTimeout(cut, SLOW_CONNECTION_GRACE_MS);
  timer.unref();
  connection.once('close', () => clearTimeout(timer));
}

/** Closes a slow subscriber's socket with 4008, and destroys it if the client does not take the close in time. */
function closeSlowSocket(socket: WebSocket): void {
  socket.close(CLOSE_CODES.SLOW_SUBSCRIBER, SLOW_SUBSCRIBER_CLOSE_REASON);
  cutAfterGrace(socket, () => socket.terminate());
}

/**
 * Ends a slow subscriber's SSE stream. The subscription ends with
 * SERVICE_UNAVAILABLE, an error tRPC's httpSubscriptionLink retries: a client
 * that still reads gets it and reconnects with its Last-Event-ID. A client
 * that stopped reading never gets it, so the response is destroyed; its
 * EventSource sees a dropped connection and reconnects the same way.
 */
function endSlowStream(stream: ServerResponse): void {
  // The TCP connection, not the response: a response can finish into the
  // kernel's buffers of a client that never reads them, and keep-alive would
  // then hold the connection open. A client that still reads has reconnected
  // by the end of the grace period; if it reused this connection, it simply
  // reconnects once more, from its last id.
  // The request's socket: the response lets go of its own once it finishes.
  const { socket } = stream.req;
  cutAfterGrace(socket, () => socket.destroy());
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
    const { socket, stream } = ctx;
    // The event generator itself, not a generator around it: one async layer less per event.
    return ctx.services.liveDelivery.subscribe({
      userId: ctx.user.id,
      lastEventId: input.lastEventId,
      signal: signal ?? new AbortController().signal,
      // What the connection holds but has not sent counts against the subscriber's limit.
      backlog: socket ? () => socket.bufferedAmount : stream ? () => stream.writableLength : noBacklog,
      transport: socket ? 'websocket' : 'sse',
      onOverflow: () => {
        ctx.services.logger.warn(
          socket
            ? { userId: ctx.user.id, transport: 'websocket', closeCode: CLOSE_CODES.SLOW_SUBSCRIBER }
            : { userId: ctx.user.id, transport: 'sse' },
          'Disconnecting a subscriber that fell too far behind',
        );
        ctx.services.metrics.slowSubscriberDisconnected();
        if (socket) closeSlowSocket(socket);
        else if (stream) endSlowStream(stream);
      },
      // Over SSE the subscription ends with an error the client retries, resuming from its last id.
      overflowError: socket
        ? undefined
        : () => new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: SLOW_SUBSCRIBER_CLOSE_REASON }),
    });
  }),
});
