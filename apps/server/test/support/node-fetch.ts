// A fetch for the `eventsource` client over node:http instead of undici, so a
// test can reach each stream's TCP socket: pausing it stops reading, the
// kernel's buffers fill and TCP pushes back, as a frozen tab's connection does.
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { FetchLike } from 'eventsource';

/** A fetch that pushes the socket of every request it makes onto `opened`. */
export function socketRecordingFetch(opened: Socket[]): FetchLike {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const req = request(url, { headers: init.headers, signal: init.signal as AbortSignal | undefined });
      req.once('socket', (socket) => opened.push(socket));
      req.once('error', reject);
      req.once('response', (res) => {
        resolve({
          body: Readable.toWeb(res) as ReadableStream<Uint8Array>,
          url: String(url),
          status: res.statusCode ?? 0,
          redirected: false,
          headers: {
            get: (name) => {
              const value = res.headers[name.toLowerCase()];
              return Array.isArray(value) ? value.join(', ') : (value ?? null);
            },
          },
        });
      });
      req.end();
    });
}
