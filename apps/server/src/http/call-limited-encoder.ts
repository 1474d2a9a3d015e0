// tRPC's JSON wire encoding for one WebSocket, with a bound on the calls one
// message may carry. tRPC runs every call of a batched message at once; a
// message past the bound is refused whole, before any of its calls runs: the
// client gets a PARSE_ERROR naming the bound and the socket is closed with
// 4413 (its pending calls fail; its subscriptions resume on reconnect).
import type { Encoder } from '@trpc/server/adapters/ws';
import type { WebSocket } from 'ws';
import type { Metrics } from '../metrics/metrics.js';
import { CLOSE_CODES } from './close-codes.js';

export function callLimitedJsonEncoder(
  socket: WebSocket,
  maxCalls: number,
  metrics: Pick<Metrics, 'rejected'>,
): Encoder {
  return {
    encode: (data) => JSON.stringify(data),
    decode: (data) => {
      if (typeof data !== 'string') throw new Error('Binary messages are not accepted; send JSON text');
      const message: unknown = JSON.parse(data);
      if (Array.isArray(message) && message.length > maxCalls) {
        metrics.rejected('calls_per_message');
        // After tRPC has sent the error this throw turns into.
        queueMicrotask(() => socket.close(CLOSE_CODES.TOO_MANY_CALLS, 'too many calls in one message'));
        throw new Error(`Too many calls in one message: ${message.length}, at most ${maxCalls}`);
      }
      return message;
    },
  };
}
