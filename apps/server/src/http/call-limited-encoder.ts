// tRPC's JSON wire encoding for the node's WebSockets, with a bound on the
// calls one message may carry. tRPC runs every call of a batched message at
// once; a message past the bound is refused whole, before any of its calls
// runs: the client gets a PARSE_ERROR naming the bound and the socket is
// closed with 4413 (its pending calls fail; its subscriptions resume on
// reconnect).
//
// One encoder serves every socket, so that a connection holds no encoder (nor
// tRPC connection handler) of its own. To know which socket sent the message
// it decodes, `watch` gives each socket one shared 'message' listener ahead of
// tRPC's: ws calls a socket's listeners in order, synchronously, and tRPC
// decodes within its listener.
import type { Encoder } from '@trpc/server/adapters/ws';
import type { WebSocket } from 'ws';
import type { Metrics } from '../metrics/metrics.js';
import { CLOSE_CODES } from './close-codes.js';

interface CallLimitedEncoder {
  encoder: Encoder;
  /** Call for every socket before tRPC's connection handler. */
  watch(socket: WebSocket): void;
}

export function callLimitedJsonEncoder(maxCalls: number, metrics: Pick<Metrics, 'rejected'>): CallLimitedEncoder {
  /** The socket whose message is being delivered, while it is (a box: lint forbids aliasing `this` to a variable). */
  const delivering: { socket: WebSocket | null } = { socket: null };
  // ws calls a socket's listeners with the socket as `this`.
  function noteSender(this: WebSocket): void {
    delivering.socket = this;
  }
  return {
    watch: (socket) => socket.on('message', noteSender),
    encoder: {
      encode: (data) => JSON.stringify(data),
      decode: (data) => {
        const { socket } = delivering;
        delivering.socket = null;
        if (typeof data !== 'string') throw new Error('Binary messages are not accepted; send JSON text');
        const message: unknown = JSON.parse(data);
        if (Array.isArray(message) && message.length > maxCalls) {
          metrics.rejected('calls_per_message');
          // After tRPC has sent the error this throw turns into.
          queueMicrotask(() => socket?.close(CLOSE_CODES.TOO_MANY_CALLS, 'too many calls in one message'));
          throw new Error(`Too many calls in one message: ${message.length}, at most ${maxCalls}`);
        }
        return message;
      },
    },
  };
}
