// The node's WebSocket handler speaks tRPC's protocol: tRPC's own client is
// served by it, and every way a subscription ends (it returns, fails, is
// stopped, its socket closes) ends it on the server too.
import type { AddressInfo } from 'node:net';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { initTRPC, tracked, TRPCError, type AnyRouter } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { trpcSocketHandler, type SocketError } from '../../src/http/trpc-socket-handler.js';
import { rawSocket, type WireReply } from '../support/raw-socket.js';
import { socketPairsPerTest } from '../support/socket-pairs.js';

const { pairs } = socketPairsPerTest();

const t = initTRPC.context<{ token: string | null }>().create();

/** Subscriptions that have ended on the server, by name, as their `finally` saw it. */
let ended: string[] = [];
afterEach(() => {
  ended = [];
});

/** Where `letters` reads its letters from. */
const alphabet = () => Promise.resolve(['a', 'b', 'c', 'd']);

const router = t.router({
  whoami: t.procedure.query(({ ctx }) => ctx.token),
  double: t.procedure.input(z.number()).mutation(({ input }) => input * 2),
  /** Yields the letters after the last one the client has, tracked by their position, then ends. */
  letters: t.procedure.input(z.object({ lastEventId: z.string().nullish() })).subscription(async function* ({ input }) {
    const letters = await alphabet();
    for (let i = Number(input.lastEventId ?? -1) + 1; i < letters.length; i += 1) yield tracked(String(i), letters[i]);
  }),
  /** Waits for its signal, as livebell's onEvent does. */
  idle: t.procedure.input(z.string()).subscription(async function* ({ input, signal }) {
    try {
      yield 'ready';
      await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
    } finally {
      ended.push(input);
    }
  }),
  /** Yields once, then its source fails. */
  fails: t.procedure.subscription(async function* () {
    yield 'first';
    await Promise.reject(new TRPCError({ code: 'PRECONDITION_FAILED', message: 'no second' }));
  }),
});

interface Served {
  url: string;
  errors: SocketError[];
  rejected: string[];
}

interface ServeOptions {
  /** The context for the token in the connection params (default: the token). */
  createContext?: (token: string | null) => Promise<{ token: string | null }>;
  /** What is served (default: `router`). */
  served?: AnyRouter;
}

/** Serves a router with the handler on this test's WebSocket server. */
function serve(options: ServeOptions = {}): Served {
  const { createContext = (token) => Promise.resolve({ token }), served = router } = options;
  const errors: SocketError[] = [];
  const rejected: string[] = [];
  const handle = trpcSocketHandler({
    router: served,
    createContext: ({ info }) => createContext(info.connectionParams?.token ?? null),
    onError: (report) => errors.push(report),
    callsPerMessage: 3,
    metrics: { rejected: (limit) => rejected.push(limit) },
  });
  const { wss } = pairs();
  wss.on('connection', handle);
  return { url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`, errors, rejected };
}

/** Serves `router` with contexts that are created only once `admit` is called. */
function serveWithHeldContext(): Served & { admit: () => void } {
  let admit = () => {};
  const admitted = new Promise<void>((resolve) => {
    admit = resolve;
  });
  const served = serve({
    createContext: async (token) => {
      await admitted;
      return { token };
    },
  });
  return { ...served, admit };
}

function call(id: number, method: string, path: string, input?: unknown) {
  return { id, method, params: { path, input } };
}

const stopped = (id: number) => (replies: WireReply[]) =>
  replies.some((reply) => reply.id === id && reply.result?.type === 'stopped');

describe('trpcSocketHandler', () => {
  it("serves tRPC's own client: connection params, queries, mutations, and a tracked subscription resumed after an id", async () => {
    const { url } = serve();
    const wsClient = createWSClient({
      url: url.replace(/^http/, 'ws'),
      connectionParams: { token: 'ada-token' },
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const api = createTRPCClient<typeof router>({ links: [wsLink({ client: wsClient })] });
    try {
      expect(await api.whoami.query()).toBe('ada-token');
      expect(await api.double.mutate(21)).toBe(42);
      const received = await new Promise<unknown[]>((resolve, reject) => {
        const data: unknown[] = [];
        api.letters.subscribe(
          { lastEventId: '1' },
          { onData: (value) => data.push(value), onError: reject, onComplete: () => resolve(data) },
        );
      });
      expect(received).toEqual([
        { id: '2', data: 'c' },
        { id: '3', data: 'd' },
      ]);
    } finally {
      await wsClient.close();
    }
  });

  it('a stopped subscription ends on the server (its signal aborts) and is answered with stopped', async () => {
    const { url } = serve();
    const { send, replies, waitForReplies } = await rawSocket(url, { token: 'ada-token' });
    send(call(1, 'subscription', 'idle', 'one'));
    await waitForReplies((received) => received.length === 2);
    send({ id: 1, method: 'subscription.stop' });
    await waitForReplies(stopped(1));
    expect(replies).toEqual([
      { id: 1, result: { type: 'started' } },
      { id: 1, result: { type: 'data', data: 'ready' } },
      { id: 1, result: { type: 'stopped' } },
    ]);
    await expect.poll(() => ended).toEqual(['one']);
  });

  it('a closed socket ends every subscription it held', async () => {
    const { url } = serve();
    const { socket, send, waitForReplies } = await rawSocket(url, { token: 'ada-token' });
    send([call(1, 'subscription', 'idle', 'one'), call(2, 'subscription', 'idle', 'two')]);
    await waitForReplies((replies) => replies.filter((reply) => reply.result?.type === 'data').length === 2);
    socket.terminate();
    await expect.poll(() => [...ended].sort()).toEqual(['one', 'two']);
  });

  it("a failing subscription sends its error in the router's shape, then stopped, and onError hears of it", async () => {
    const { url, errors } = serve();
    const { send, replies, waitForReplies } = await rawSocket(url, { token: 'ada-token' });
    send(call(1, 'subscription', 'fails'));
    await waitForReplies(stopped(1));
    expect(replies.map((reply) => reply.result?.type ?? reply.error?.data?.code)).toEqual([
      'started',
      'data',
      'PRECONDITION_FAILED',
      'stopped',
    ]);
    expect(replies[2]).toMatchObject({ id: 1, error: { message: 'no second', data: { path: 'fails' } } });
    expect(errors.map((report) => [report.error.code, report.path, report.type])).toEqual([
      ['PRECONDITION_FAILED', 'fails', 'subscription'],
    ]);
  });

  it('a second subscription under an open id is refused with BAD_REQUEST, and the first goes on', async () => {
    const { url } = serve();
    const { send, nextReply, waitForReplies } = await rawSocket(url, { token: 'ada-token' });
    send(call(1, 'subscription', 'idle', 'first'));
    await waitForReplies((replies) => replies.some((reply) => reply.result?.data === 'ready'));
    send(call(1, 'subscription', 'idle', 'second'));
    expect(await nextReply()).toMatchObject({
      id: 1,
      error: { message: 'Duplicate id 1', data: { code: 'BAD_REQUEST' } },
    });
    send({ id: 1, method: 'subscription.stop' });
    await waitForReplies(stopped(1));
    await expect.poll(() => ended).toEqual(['first']);
  });

  it('calls sent while the context is being created wait for it', async () => {
    const { url, admit } = serveWithHeldContext();
    const { socket, send, nextReply, replies } = await rawSocket(url, { token: 'ada-token' });
    send(call(1, 'query', 'whoami'));
    const answer = nextReply();
    await pingPong(socket);
    expect(replies).toEqual([]);
    admit();
    expect(await answer).toMatchObject({ id: 1, result: { type: 'data', data: 'ada-token' } });
  });

  it('a subscription stopped before it started is answered with stopped, and its generator still ends on the server', async () => {
    const { url, admit } = serveWithHeldContext();
    const { socket, send, replies, waitForReplies } = await rawSocket(url, { token: 'ada-token' });
    send(call(1, 'subscription', 'idle', 'early'));
    send({ id: 1, method: 'subscription.stop' });
    await waitForReplies(stopped(1));
    admit();
    // Its cleanup (livebell's gives the connection's subscription slot back there) runs once the procedure has run.
    await expect.poll(() => ended).toEqual(['early']);
    await pingPong(socket);
    expect(replies).toEqual([{ id: 1, result: { type: 'stopped' } }]);
  });

  it('a context that fails is answered with its error (no call named) and the socket is closed', async () => {
    const { url, errors } = serve({
      createContext: () => Promise.reject(new TRPCError({ code: 'UNAUTHORIZED', message: 'bad token' })),
    });
    const { nextReply, closed } = await rawSocket(url, { token: 'forged' });
    expect(await nextReply()).toMatchObject({
      id: null,
      error: { message: 'bad token', data: { code: 'UNAUTHORIZED' } },
    });
    await closed;
    expect(errors.map((report) => report.error.code)).toEqual(['UNAUTHORIZED']);
  });

  it.each([
    ['a string', '"ada-token"'],
    ['a batch of calls', JSON.stringify([call(1, 'query', 'whoami')])],
    ['params that are not strings', JSON.stringify({ method: 'connectionParams', data: { token: 42 } })],
  ])('connection params given as %s are refused with PARSE_ERROR and the socket is closed', async (_, first) => {
    const { url, errors } = serve();
    const { send, nextReply, closed } = await rawSocket(url, { withholdConnectionParams: true });
    send(first);
    expect(await nextReply()).toMatchObject({ id: null, error: { data: { code: 'PARSE_ERROR' } } });
    await closed;
    expect(errors.map((report) => report.error.code)).toEqual(['PARSE_ERROR']);
  });

  it("a router's own transformer serializes what is sent: results, events and errors", async () => {
    // Tags what it serializes, so that the wire shows it ran.
    const tagged = initTRPC.create({
      transformer: { serialize: (value: unknown) => ({ tagged: value }), deserialize: (value: unknown) => value },
    });
    const served = tagged.router({
      answer: tagged.procedure.query(() => 42),
      events: tagged.procedure.subscription(async function* () {
        yield tracked('1', await alphabet());
      }),
      refuses: tagged.procedure.query(() => {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'no' });
      }),
    });
    const { url } = serve({ served });
    const { send, replies, waitForReplies } = await rawSocket(url, { token: 'ada-token' });
    send([call(1, 'query', 'answer'), call(2, 'subscription', 'events'), call(3, 'query', 'refuses')]);
    await waitForReplies((received) => received.length === 5);
    expect(replies.find((reply) => reply.id === 1)).toMatchObject({ result: { type: 'data', data: { tagged: 42 } } });
    expect(replies.find((reply) => reply.id === 2 && reply.result?.type === 'data')).toMatchObject({
      result: { id: '1', data: { tagged: { id: '1', data: ['a', 'b', 'c', 'd'] } } },
    });
    expect(replies.find((reply) => reply.id === 3)).toMatchObject({
      error: { tagged: { message: 'no', data: { code: 'FORBIDDEN' } } },
    });
  });

  it('binary, non-JSON, id-less and unknown messages get PARSE_ERROR; PING gets PONG; the socket keeps serving', async () => {
    const { url } = serve();
    const { socket, send, nextReply } = await rawSocket(url, { token: 'ada-token' });
    socket.send(Buffer.from('{}'), { binary: true });
    expect(await nextReply()).toMatchObject({
      id: null,
      error: { message: 'Binary messages are not accepted; send JSON text', data: { code: 'PARSE_ERROR' } },
    });
    send('{ not json');
    expect(await nextReply()).toMatchObject({ id: null, error: { data: { code: 'PARSE_ERROR' } } });
    send({ id: null, method: 'query', params: { path: 'whoami' } });
    expect(await nextReply()).toMatchObject({ id: null, error: { message: '`id` is required' } });
    send({ id: 1, method: 'teleport', params: { path: 'whoami' } });
    expect(await nextReply()).toMatchObject({ id: null, error: { data: { code: 'PARSE_ERROR' } } });
    await pingPong(socket);
    send(call(2, 'query', 'whoami'));
    expect(await nextReply()).toMatchObject({ id: 2, result: { data: 'ada-token' } });
  });

  it('a message with more calls than the bound runs none of them: PARSE_ERROR naming the bound, then close 4413', async () => {
    const { url, rejected } = serve();
    const { send, nextReply, closed } = await rawSocket(url, { token: 'ada-token' });
    send([1, 2, 3, 4].map((id) => call(id, 'subscription', 'idle', String(id))));
    expect(await nextReply()).toMatchObject({
      id: null,
      error: { message: 'Too many calls in one message: 4, at most 3', data: { code: 'PARSE_ERROR' } },
    });
    expect(await closed).toBe(CLOSE_CODES.TOO_MANY_CALLS);
    expect(rejected).toEqual(['calls_per_message']);
    expect(ended).toEqual([]);
  });
});

/** Sends PING and waits for its PONG: the server has read every message sent before it. */
async function pingPong(socket: WebSocket): Promise<void> {
  const pong = new Promise<void>((resolve) => {
    const onMessage = (data: Buffer) => {
      if (data.toString('utf8') !== 'PONG') return;
      socket.off('message', onMessage);
      resolve();
    };
    socket.on('message', onMessage);
  });
  socket.send('PING');
  await pong;
}
