// The connections a subscription can deliver over, each able to say what it
// holds unsent and to cut a subscriber that fell too far behind (see
// SubscriberTransport). The tRPC context picks one per connection.
// What a client sees of a cut: docs/architecture.md#slow-subscribers
import { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import type { SubscriberTransport } from '../live-delivery/subscriber-transport.js';
import { CLOSE_CODES } from './close-codes.js';

/** What a slow subscriber is told: the WebSocket close reason, the SSE error's message. */
export const SLOW_SUBSCRIBER_REASON = 'subscriber too slow';

/**
 * How long a cut connection gets to take its last frame (a WebSocket's
 * close, an SSE stream's retryable error) before it is destroyed: a client
 * that stopped reading never will, and its buffers are freed only when the
 * socket is destroyed.
 */
const SLOW_CONNECTION_GRACE_MS = 1000;

/** Runs `destroy` unless `connection` closes within the grace period. */
function destroyAfterGrace(
  connection: { once(event: 'close', listener: () => void): unknown },
  destroy: () => void,
): void {
  const timer = setTimeout(destroy, SLOW_CONNECTION_GRACE_MS);
  timer.unref();
  connection.once('close', () => clearTimeout(timer));
}

/**
 * The TCP socket under a WebSocket: `ws` keeps it in `_socket`, outside its
 * typings; null before it has one (or from a copy of `ws` that keeps it elsewhere).
 */
function tcpSocketOf(socket: WebSocket): Socket | null {
  const tcp: unknown = (socket as unknown as { _socket?: unknown })._socket;
  return tcp instanceof Socket ? tcp : null;
}

// Each transport holds its connection and nothing else (one per connection, idle most of its life):
// what is the same for all lives on the prototype.

/** A WebSocket: cut with close 4008, then terminated if the client does not take the close in time. */
export class WebSocketTransport implements SubscriberTransport {
  constructor(private readonly socket: WebSocket) {}

  get kind(): 'websocket' {
    return 'websocket';
  }

  get closeCode(): number {
    return CLOSE_CODES.SLOW_SUBSCRIBER;
  }

  backlog(): number {
    return this.socket.bufferedAmount;
  }

  hold(): void {
    tcpSocketOf(this.socket)?.cork();
  }

  release(): void {
    tcpSocketOf(this.socket)?.uncork();
  }

  /** The subscription just ends: the close code tells the client to resume. */
  cut(): undefined {
    const { socket } = this;
    socket.close(this.closeCode, SLOW_SUBSCRIBER_REASON);
    destroyAfterGrace(socket, () => socket.terminate());
    return undefined;
  }
}

/**
 * An SSE stream: one HTTP response. Its subscription ends with
 * SERVICE_UNAVAILABLE, an error tRPC's httpSubscriptionLink retries: a client
 * that still reads gets it and reconnects with its last event id. A client
 * that stopped reading never gets it, so the TCP connection is destroyed
 * after the grace period; its EventSource sees a dropped connection and
 * reconnects the same way.
 */
export class SseTransport implements SubscriberTransport {
  constructor(private readonly stream: ServerResponse) {}

  get kind(): 'sse' {
    return 'sse';
  }

  backlog(): number {
    return this.stream.writableLength;
  }

  cut(): TRPCError {
    // The TCP connection, not the response: the response finishes as soon as
    // its last bytes are in the kernel's buffers, read or not, and keep-alive
    // would then hold the connection open for the client's next request. Taken
    // from the request, because the response lets go of its socket once it
    // finishes. A client that still reads has reconnected by the end of the
    // grace period; if it reused this connection, it reconnects once more,
    // from its last id.
    const socket: Socket = this.stream.req.socket;
    destroyAfterGrace(socket, () => socket.destroy());
    return slowSubscriberError();
  }
}

/**
 * No connection of livebell's own: a server-side caller, or a WebSocket of
 * another copy of `ws` that livebell cannot recognise. It holds nothing in
 * transit; a cut ends the subscription with the same retryable error as SSE.
 * Metrics know two transports: it counts under `sse`, the one without close codes.
 */
export const unknownTransport: SubscriberTransport = {
  kind: 'sse',
  backlog: () => 0,
  cut: slowSubscriberError,
};

/** A cut subscription's end where no close code can say it: an error tRPC's clients retry, from the last id. */
function slowSubscriberError(): TRPCError {
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: SLOW_SUBSCRIBER_REASON });
}
