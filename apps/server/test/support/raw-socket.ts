// A WebSocket to /trpc that speaks tRPC's wire format by hand, as a hostile or
// careless client would: it sends any frame, answers the server's PING, and
// records every reply and how the connection ended.
import { once } from 'node:events';
import WebSocket from 'ws';

/** One JSON-RPC reply from the server, loosely typed: tests assert its shape. */
export interface WireReply {
  id?: unknown;
  result?: { type?: string; id?: string; data?: unknown };
  error?: { message?: string; data?: { code?: string; httpStatus?: number } };
}

export interface RawSocket {
  socket: WebSocket;
  replies: WireReply[];
  /** Resolves with the first reply after those received so far. */
  nextReply: () => Promise<WireReply>;
  /** Resolves once `predicate` holds for the replies received (checked on every reply). */
  waitForReplies: (predicate: (replies: WireReply[]) => boolean) => Promise<void>;
  /** Resolves with the close code once the server closes the connection. */
  closed: Promise<number>;
  send: (message: unknown) => void;
}

export interface RawSocketOptions {
  /** Sent as tRPC connection params right after opening (the URL then says `connectionParams=1`). */
  token?: string;
  /** Opens with `connectionParams=1` but never sends them. */
  withholdConnectionParams?: boolean;
  /** Sent as `Authorization: Bearer` on the upgrade request (a Node.js client; browsers cannot). */
  bearer?: string;
}

export async function rawSocket(url: string, options: RawSocketOptions = {}): Promise<RawSocket> {
  const announcesParams = options.token !== undefined || options.withholdConnectionParams === true;
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/trpc${announcesParams ? '?connectionParams=1' : ''}`, {
    headers: options.bearer === undefined ? {} : { authorization: `Bearer ${options.bearer}` },
  });
  const replies: WireReply[] = [];
  const listeners = new Set<() => void>();
  socket.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    // Keep-alive: a client that stops answering is cut by the server's own heartbeat.
    if (text === 'PING') return socket.send('PONG');
    if (text === 'PONG') return;
    const parsed = JSON.parse(text) as WireReply | WireReply[];
    replies.push(...(Array.isArray(parsed) ? parsed : [parsed]));
    for (const listener of listeners) listener();
  });
  const closed = once(socket, 'close').then(([code]) => code as number);
  await once(socket, 'open');
  if (options.token !== undefined) {
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token: options.token } }));
  }
  const waitForReplies = (predicate: (replies: WireReply[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate(replies)) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
      void closed.then((code) => {
        if (!listeners.delete(check)) return;
        reject(new Error(`socket closed (${code}) before the expected replies; got ${replies.length}`));
      });
    });
  return {
    socket,
    replies,
    closed,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    waitForReplies,
    nextReply: async () => {
      const count = replies.length;
      await waitForReplies((all) => all.length > count);
      return replies[count] ?? {};
    },
  };
}

/** A subscription call to notifications.onEvent, as tRPC's client frames it. */
export function onEventCall(id: number) {
  return { id, method: 'subscription', params: { path: 'notifications.onEvent', input: {} } };
}

/** A query call, as tRPC's client frames it. */
export function queryCall(id: number, path: string, input: unknown = null) {
  return { id, method: 'query', params: { path, input } };
}
