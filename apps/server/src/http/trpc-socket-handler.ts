// tRPC's WebSocket protocol, served with little memory per connection.
//
// Why not tRPC's own connection handler (getWSConnectionHandler): it speaks
// the same protocol, but it holds about 10 KiB of heap per idle subscriber
// (measured with tRPC 11.22.1 and a subscription that only waits: closures
// and promises of its run loop, a race of promise proxies re-armed for every
// event, an AbortController per connection and per subscription), more than
// a whole connection of the Socket.IO design livebell replaces. This handler
// keeps tRPC for everything that decides what a call means and what the
// client reads: the message parser, the procedure call (input validation,
// middlewares), the error shape and the response transform. It owns only the
// connection's bookkeeping: one state object per socket (the listeners are
// shared by every socket), and per open subscription an AbortController and
// the loop that sends its events.
//
// The wire is tRPC's, so tRPC's own client (wsLink) is the client: connection
// params first when the URL says `connectionParams=1`, single or batched
// calls, `subscription.stop`, text PING/PONG, a subscription's `started`, its
// data (with the tracked id) and `stopped`, errors in the router's shape with
// `id: null` when no call can be named. The one rule for procedures: a
// subscription ends when its signal aborts (livebell's does); one that does
// not is returned only once it yields again.
//
// Calls per message are bounded here, before any call runs: a message past
// the bound gets a PARSE_ERROR naming it and the socket is closed with 4413
// (its pending calls fail; its subscriptions resume on reconnect).
import type { IncomingMessage } from 'node:http';
import { TRPCError, type AnyRouter } from '@trpc/server';
import type { TRPCRequestInfo } from '@trpc/server/http';
import {
  callProcedure,
  defaultTransformer,
  getErrorShape,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isTrackedEnvelope,
  parseConnectionParamsFromUnknown,
  parseTRPCMessage,
  transformTRPCResponse,
  type AnyRootTypes,
  type RootConfig,
  type TRPCClientOutgoingMessage,
  type TRPCErrorShape,
  type TRPCResponseMessage,
} from '@trpc/server/unstable-core-do-not-import';
import { WebSocket, type RawData } from 'ws';
import type { Metrics } from '../metrics/metrics.js';
import { CLOSE_CODES } from './close-codes.js';

type ProcedureType = 'query' | 'mutation' | 'subscription';

/** What tRPC's adapters report an error with; the same shape as tRPC's own WebSocket handler's. */
export interface SocketError {
  error: TRPCError;
  path: string | undefined;
  type: ProcedureType | 'unknown';
  ctx: unknown;
  req: IncomingMessage;
  input: unknown;
}

export interface TrpcSocketHandlerOptions {
  router: AnyRouter;
  createContext: (options: { req: IncomingMessage; res: WebSocket; info: TRPCRequestInfo }) => Promise<unknown>;
  onError: (report: SocketError) => void;
  /** The most calls one message may carry; a batch past it is refused whole. */
  callsPerMessage: number;
  metrics: Pick<Metrics, 'rejected'>;
}

/** What an error report and an error shape name of the call that failed; nothing when no call can be named. */
interface CallInfo {
  path?: string | undefined;
  type?: ProcedureType;
  input?: unknown;
  jsonrpc?: '2.0' | undefined;
}

/** One socket's state. */
interface Connection {
  socket: WebSocket;
  req: IncomingMessage;
  /**
   * Null until the connection params arrive (on a `connectionParams=1` socket); then settles once, with
   * null when `ctx` is created, or with why it could not be (every call on the connection fails with it).
   */
  context: Promise<TRPCError | null> | null;
  /** The created context (undefined before, or when creating it failed). */
  ctx: unknown;
  /** Aborts when the socket closes (the signal createContext is given). */
  closed: AbortController;
  /** Open subscriptions by call id; created with the first. */
  subscriptions: Map<string | number, AbortController> | null;
}

export type TrpcSocketHandler = (socket: WebSocket, req: IncomingMessage) => void;

export function trpcSocketHandler(options: TrpcSocketHandlerOptions): TrpcSocketHandler {
  const { router, onError, callsPerMessage, metrics } = options;
  const config = router._def._config as RootConfig<AnyRootTypes>;
  // tRPC's default transformer is the identity, and transforming a response with it only copies the
  // response (three object spreads per event): with it, a response is sent as it is.
  const transforms = config.transformer !== defaultTransformer;
  const connections = new WeakMap<WebSocket, Connection>();

  function send(connection: Connection, message: TRPCResponseMessage): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    connection.socket.send(JSON.stringify(transforms ? transformTRPCResponse(config, message) : message));
  }

  /** Reports `cause` and answers call `id` (null: no call can be named) with its error shape. */
  function fail(connection: Connection, id: string | number | null, cause: unknown, about: CallInfo = {}): void {
    const error = getTRPCErrorFromUnknown(cause);
    const { path, input, jsonrpc } = about;
    const type = about.type ?? 'unknown';
    const { ctx, req } = connection;
    onError({ error, path, type, ctx, req, input });
    const shape = getErrorShape({ config, error, type, path, input, ctx }) as TRPCErrorShape;
    send(connection, { id, jsonrpc, error: shape });
  }

  function createContext(connection: Connection, connectionParams: () => TRPCRequestInfo['connectionParams']) {
    connection.context = (async (): Promise<TRPCError | null> => {
      try {
        const info: TRPCRequestInfo = {
          connectionParams: connectionParams(),
          calls: [],
          isBatchCall: false,
          accept: null,
          type: 'unknown',
          signal: connection.closed.signal,
          url: null,
        };
        connection.ctx = await options.createContext({ req: connection.req, res: connection.socket, info });
        return null;
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        fail(connection, null, error);
        // After the error is sent; a socket without a context serves nothing.
        setImmediate(() => connection.socket.close());
        return error;
      }
    })();
  }

  async function call(connection: Connection, message: TRPCClientOutgoingMessage): Promise<void> {
    const { id, jsonrpc } = message;
    if (id === null) {
      fail(connection, null, new TRPCError({ code: 'PARSE_ERROR', message: '`id` is required' }), { jsonrpc });
      return;
    }
    if (message.method === 'subscription.stop') {
      stop(connection, id);
      return;
    }
    const { path, lastEventId } = message.params;
    const type = message.method;
    let input = message.params.input;
    if (lastEventId !== undefined) {
      input = isObject(input) ? { ...input, lastEventId } : (input ?? { lastEventId });
    }
    const about: CallInfo = { path, type, input, jsonrpc };
    if (type === 'subscription' && connection.subscriptions?.has(id)) {
      fail(connection, id, new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate id ${id}` }), about);
      return;
    }
    // Held from here, so that a second call with the same id is refused before it runs.
    const controller = new AbortController();
    if (type === 'subscription') (connection.subscriptions ??= new Map()).set(id, controller);
    try {
      const failure = await connection.context;
      if (failure) throw failure;
      const result: unknown = await callProcedure({
        router,
        path,
        getRawInput: () => Promise.resolve(input),
        ctx: connection.ctx,
        type,
        signal: controller.signal,
        batchIndex: 0,
      });
      if (type !== 'subscription') {
        send(connection, { id, jsonrpc, result: { type: 'data', data: result } });
        return;
      }
      if (!isAsyncIterable(result)) {
        throw new TRPCError({
          code: 'INTERNAL_SERVER_ERROR',
          message: `Subscription ${path} did not return an AsyncGenerator`,
        });
      }
      const iterator = result[Symbol.asyncIterator]();
      // Stopped, or the socket closed, while the procedure ran: nothing is sent, but the subscription
      // still runs until it sees its aborted signal, so that its cleanup runs (a generator that never
      // started skips its `finally`, and livebell's gives the connection's subscription slot back there).
      if (!controller.signal.aborted) send(connection, { id, jsonrpc, result: { type: 'started' } });
      // Not awaited: this call's frame is not kept for as long as the subscription lasts.
      deliver(connection, id, iterator, controller.signal, about).catch((cause: unknown) => report(connection, cause));
    } catch (cause) {
      if (connection.subscriptions?.get(id) === controller) connection.subscriptions.delete(id);
      fail(connection, id, cause, about);
    }
  }

  /** Sends a subscription's events until it ends, fails, or is stopped. */
  async function deliver(
    connection: Connection,
    id: string | number,
    iterator: AsyncIterator<unknown>,
    signal: AbortSignal,
    about: CallInfo,
  ): Promise<void> {
    const { jsonrpc } = about;
    try {
      for (;;) {
        const next = await iterator.next();
        if (signal.aborted) {
          if (!next.done) await iterator.return?.();
          return;
        }
        if (next.done) break;
        const value: unknown = next.value;
        send(
          connection,
          isTrackedEnvelope(value)
            ? { id, jsonrpc, result: { type: 'data', id: value[0], data: { id: value[0], data: value[1] } } }
            : { id, jsonrpc, result: { type: 'data', data: value } },
        );
      }
    } catch (cause) {
      if (signal.aborted) return;
      fail(connection, id, cause, about);
    }
    // Ended by the procedure (or its failure), as tRPC's client expects it told.
    connection.subscriptions?.delete(id);
    send(connection, { id, jsonrpc, result: { type: 'stopped' } });
  }

  function stop(connection: Connection, id: string | number): void {
    const controller = connection.subscriptions?.get(id);
    if (!controller) return;
    connection.subscriptions?.delete(id);
    controller.abort();
    send(connection, { id, jsonrpc: undefined, result: { type: 'stopped' } });
  }

  // Shared by every socket: ws calls a socket's listeners with the socket as `this`.
  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const connection = connections.get(this);
    if (!connection) return;
    const text = isBinary ? null : textOf(data);
    if (text === 'PONG') return;
    if (text === 'PING') {
      this.send('PONG');
      return;
    }
    let parsed: unknown;
    try {
      if (text === null) throw new Error('Binary messages are not accepted; send JSON text');
      parsed = JSON.parse(text);
    } catch (cause) {
      if (connection.context === null) refuseConnectionParams(connection, cause);
      else fail(connection, null, new TRPCError({ code: 'PARSE_ERROR', cause }));
      return;
    }
    if (connection.context === null) {
      if (!isObject(parsed)) {
        refuseConnectionParams(connection, new Error('Message was not an object'));
        return;
      }
      const params = parsed.data;
      createContext(connection, () => parseConnectionParamsFromUnknown(params));
      return;
    }
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    if (calls.length > callsPerMessage) {
      metrics.rejected('calls_per_message');
      const message = `Too many calls in one message: ${calls.length}, at most ${callsPerMessage}`;
      fail(connection, null, new TRPCError({ code: 'PARSE_ERROR', message }));
      this.close(CLOSE_CODES.TOO_MANY_CALLS, 'too many calls in one message');
      return;
    }
    let messages: TRPCClientOutgoingMessage[];
    try {
      messages = calls.map((raw) => parseTRPCMessage(raw, config.transformer));
    } catch (cause) {
      fail(connection, null, new TRPCError({ code: 'PARSE_ERROR', cause }));
      return;
    }
    for (const message of messages) call(connection, message).catch((cause: unknown) => report(connection, cause));
  }

  function refuseConnectionParams(connection: Connection, cause: unknown): void {
    createContext(connection, () => {
      throw new TRPCError({ code: 'PARSE_ERROR', message: 'Malformed TRPCConnectionParamsMessage', cause });
    });
  }

  function onSocketError(this: WebSocket, cause: Error): void {
    const connection = connections.get(this);
    if (connection) report(connection, cause);
  }

  /** Tells onError of what no call can be answered with (an error of the socket itself). */
  function report(connection: Connection, cause: unknown): void {
    const { ctx, req } = connection;
    onError({ error: getTRPCErrorFromUnknown(cause), path: undefined, type: 'unknown', ctx, req, input: undefined });
  }

  function onClose(this: WebSocket): void {
    const connection = connections.get(this);
    if (!connection) return;
    connections.delete(this);
    const subscriptions = connection.subscriptions;
    connection.subscriptions = null;
    if (subscriptions) for (const controller of subscriptions.values()) controller.abort();
    connection.closed.abort();
  }

  return (socket, req) => {
    const connection: Connection = {
      socket,
      req,
      context: null,
      ctx: undefined,
      closed: new AbortController(),
      subscriptions: null,
    };
    connections.set(socket, connection);
    socket.on('message', onMessage);
    socket.on('error', onSocketError);
    socket.on('close', onClose);
    if (!announcesConnectionParams(req)) createContext(connection, () => null);
  };
}

/** tRPC's client says in the URL when it sends connection params as its first message. */
function announcesConnectionParams(req: IncomingMessage): boolean {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('connectionParams') === '1';
}

/** A text message's text (a socket of ws's default binaryType hands over one Buffer per message). */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
