// Cutting a slow subscriber over each transport, on real loopback connections:
// a client that still reads is told why, and the connection of a client that
// stopped reading is destroyed after the grace period, whatever state its
// response is in.
import { on, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import {
  SLOW_SUBSCRIBER_REASON,
  SseTransport,
  unknownTransport,
  WebSocketTransport,
} from '../../src/http/subscriber-transports.js';
import { socketPairsPerTest } from '../support/socket-pairs.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function portOf(server: { address(): AddressInfo | string | null }): number {
  return (server.address() as AddressInfo).port;
}

/** A client TCP connection that never reads what it is sent, as a frozen tab's does. */
async function frozenConnection(port: number, request: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  socket.pause();
  await once(socket, 'connect');
  socket.write(request);
  return socket;
}

describe('WebSocketTransport', () => {
  const { pairs, connect: connectPair } = socketPairsPerTest();

  it('closes the socket with 4008 "subscriber too slow", and the subscription just ends', async () => {
    const { client, server: socket } = await connectPair();
    const closed = once(client, 'close') as Promise<[number, Buffer]>;
    const transport = new WebSocketTransport(socket);

    expect(transport.kind).toBe('websocket');
    expect(transport.cut()).toBeUndefined();
    const [code, reason] = await closed;
    expect(code).toBe(CLOSE_CODES.SLOW_SUBSCRIBER);
    expect(reason.toString()).toBe(SLOW_SUBSCRIBER_REASON);
  });

  it('holds what is sent between hold and release in the socket, and sends it all on release', async () => {
    const { client, server: socket } = await connectPair();
    const received: string[] = [];
    const bothReceived = new Promise<void>((resolve) =>
      client.on('message', (data: Buffer) => {
        received.push(data.toString());
        if (received.length === 2) resolve();
      }),
    );
    const transport = new WebSocketTransport(socket);

    transport.hold();
    socket.send('first');
    socket.send('second');
    // Both frames wait in the socket (2-byte header each), counted as what the connection holds unsent.
    expect(transport.backlog()).toBe('first'.length + 'second'.length + 4);
    transport.release();
    await bothReceived;
    expect(received).toEqual(['first', 'second']);
    expect(transport.backlog()).toBe(0);
  });

  it('destroys the connection of a client that stopped reading and never answers the close', async () => {
    const { wss } = pairs();
    const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
    await frozenConnection(
      portOf(wss),
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    const [socket] = await accepted;

    new WebSocketTransport(socket).cut();
    // ws itself would wait 30 s for the close handshake; the transport does not.
    await once(socket, 'close');
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  }, 10_000);
});

describe('SseTransport', () => {
  /** An HTTP server that keeps idle connections far longer than any test, and hands each request to the test. */
  async function sseServer(): Promise<{ server: Server; requests: AsyncIterator<[IncomingMessage, ServerResponse]> }> {
    const server = createServer();
    server.keepAliveTimeout = 60_000;
    const requests = (on(server, 'request') as AsyncIterable<[IncomingMessage, ServerResponse]>)[
      Symbol.asyncIterator
    ]();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    });
    return { server, requests };
  }

  async function frozenStream(): Promise<{ req: IncomingMessage; res: ServerResponse }> {
    const { server, requests } = await sseServer();
    await frozenConnection(
      portOf(server),
      'GET /trpc/notifications.onEvent HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n',
    );
    const next = await requests.next();
    if (next.done) throw new Error('no request');
    const [req, res] = next.value;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: connected\ndata: {}\n\n');
    return { req, res };
  }

  it('ends the subscription with SERVICE_UNAVAILABLE "subscriber too slow", which the SSE link retries', async () => {
    const { res } = await frozenStream();
    const transport = new SseTransport(res);

    expect(transport.kind).toBe('sse');
    const error = transport.cut();
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: SLOW_SUBSCRIBER_REASON });
  });

  it('destroys the connection of a client that stopped reading, though its response finished into the kernel', async () => {
    const { req, res } = await frozenStream();
    const connectionClosed = once(req.socket, 'close');

    new SseTransport(res).cut();
    // As tRPC does with the error: a last event, then the end. Both fit the kernel's buffers, so the response
    // finishes and lets go of the connection, which keep-alive would otherwise hold for the next request.
    res.end('event: serialized-error\ndata: {}\n\n');
    await once(res, 'finish');
    await connectionClosed;
    expect(req.socket.destroyed).toBe(true);
  }, 10_000);

  it('destroys the connection of a client that stopped reading while its response still waits to be written', async () => {
    const { req, res } = await frozenStream();
    const connectionClosed = once(req.socket, 'close');
    // More than the kernel's buffers on both ends of a loopback connection take.
    res.write(`data: ${'x'.repeat(16 * 1024 * 1024)}\n\n`);

    new SseTransport(res).cut();
    await connectionClosed;
    expect(res.writableFinished).toBe(false);
  }, 10_000);

  it("counts what the response holds unsent as the subscriber's backlog", async () => {
    const { res } = await frozenStream();
    const transport = new SseTransport(res);
    res.write(`data: ${'x'.repeat(4 * 1024 * 1024)}\n\n`);

    expect(transport.backlog()).toBe(res.writableLength);
    expect(transport.backlog()).toBeGreaterThan(4 * 1024 * 1024);
  });
});

describe('unknownTransport', () => {
  it('holds nothing in transit, and a cut ends the subscription with the retryable error', () => {
    expect(unknownTransport.backlog()).toBe(0);
    expect(unknownTransport.cut()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: SLOW_SUBSCRIBER_REASON });
  });
});
