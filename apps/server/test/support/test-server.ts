// A real livebell node on a real database (the emulator, or MONGODB_URI when
// set), with its logs captured, and real tRPC clients for it.
import { startEmulator } from '@livebell/mongo-emulator';
import { startTestDatabase, type TestDatabase } from '@livebell/mongo-emulator/testing';
import type { NotificationEvent, Role } from '@livebell/shared';
import {
  createTRPCClient,
  createWSClient,
  httpLink,
  httpSubscriptionLink,
  wsLink,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import { EventSource, type FetchLike } from 'eventsource';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterEach, beforeEach } from 'vitest';
import WebSocket from 'ws';
import type { ResumeTokenDocument } from '../../src/live-delivery/resume-token-store.js';
import { loadConfig } from '../../src/config.js';
import type { AppRouter, RunningServer } from '../../src/index.js';
import { startServer } from '../../src/index.js';
import { captureLogs, type CapturedLogs } from './log-capture.js';

export interface TestNode {
  server: RunningServer;
  logs: CapturedLogs;
}

/** A node's config on `database`: change streams and debug logs on, a free port; `env` overrides. */
export function testNodeConfig(database: Pick<TestDatabase, 'uri' | 'dbName'>, env: Record<string, string> = {}) {
  return loadConfig({
    MONGODB_URI: database.uri,
    MONGODB_DB: database.dbName,
    PORT: '0',
    ENABLE_CHANGE_STREAMS: 'true',
    DEBUG: 'true',
    ...env,
  });
}

export async function startTestNode(database: TestDatabase, env: Record<string, string> = {}): Promise<TestNode> {
  const logs = captureLogs();
  const server = await startServer(testNodeConfig(database, env), { logger: logs.logger });
  return { server, logs };
}

export interface TestDb {
  client: MongoClient;
  notifications: Collection<Document>;
  tokens: Collection<ResumeTokenDocument>;
  close(): Promise<void>;
}

/** The test's own driver connection: it writes as an outside admin backend would. */
export async function connectTestDb(database: TestDatabase): Promise<TestDb> {
  const client = await MongoClient.connect(database.uri);
  const db = client.db(database.dbName);
  return {
    client,
    notifications: db.collection('notifications'),
    tokens: db.collection<ResumeTokenDocument>('changeStreamResumeTokens'),
    close: () => client.close(),
  };
}

export function httpClient(url: string, token?: string): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  });
}

/** An HTTP client signed in as `userId` on the server at `url`. */
export async function signIn(url: string, userId: string, role: Role = 'user'): Promise<string> {
  const { token } = await httpClient(url).auth.devSignIn.mutate({ userId, role });
  return token;
}

export interface ReceivedEvent {
  id: string;
  event: NotificationEvent;
}

export interface LiveClient {
  api: TRPCClient<AppRouter>;
  events: ReceivedEvent[];
  errors: Error[];
  /**
   * Close codes of every connection the client lost (it reconnects by itself);
   * over SSE, which has no close codes, one `undefined` per stream lost.
   */
  closeCodes: (number | undefined)[];
  /** Resolves with the first event (received already or to come) matching `predicate`. */
  waitForEvent(predicate: (event: NotificationEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): Promise<void>;
}

/** How a live client subscribes: tRPC over one WebSocket (the default), or over SSE (EventSource). */
export type Transport = 'websocket' | 'sse';

export interface LiveClientOptions {
  lastEventId?: string;
  transport?: Transport;
  /** The WebSocket class for the `websocket` transport (a socket that stops reading, say). */
  WebSocket?: typeof WebSocket;
  /** The fetch of the `sse` transport's EventSource (one that keeps each stream's socket, say). */
  fetch?: FetchLike;
}

/**
 * A tRPC client subscribed to notifications.onEvent, as the web app is: over
 * a WebSocket, or over SSE with the token in the connection params.
 */
export function liveClient(url: string, token: string | null, options: LiveClientOptions = {}): LiveClient {
  const connectionParams = () => (token ? { token } : {});
  const closeCodes: (number | undefined)[] = [];
  let closeTransport = async () => {};
  let link: TRPCLink<AppRouter>;
  if (options.transport === 'sse') {
    const { fetch } = options;
    link = httpSubscriptionLink<AppRouter, typeof EventSource>({
      url: `${url}/trpc`,
      connectionParams,
      EventSource,
      eventSourceOptions: () => (fetch ? { fetch } : {}),
    });
  } else {
    const wsClient = createWSClient({
      url: `${url.replace(/^http/, 'ws')}/trpc`,
      connectionParams,
      WebSocket: (options.WebSocket ?? WebSocket) as unknown as typeof globalThis.WebSocket,
      retryDelayMs: () => 100,
      onClose: (cause) => closeCodes.push(cause?.code),
    });
    link = wsLink({ client: wsClient });
    closeTransport = () => wsClient.close();
  }
  const api = createTRPCClient<AppRouter>({ links: [link] });
  let streaming = false;
  const received = collectEvents((handlers) =>
    api.notifications.onEvent.subscribe(
      { lastEventId: options.lastEventId ?? null },
      {
        ...handlers,
        onConnectionStateChange: (change) => {
          // Over SSE a lost stream shows as a return to 'connecting' (a WebSocket reports its close code instead).
          if (options.transport === 'sse' && streaming && change.state === 'connecting') closeCodes.push(undefined);
          streaming = change.state === 'pending';
        },
      },
    ),
  );
  return {
    api,
    closeCodes,
    ...received,
    async close() {
      received.unsubscribe();
      await closeTransport();
    },
  };
}

/** What a tRPC client's `onEvent.subscribe(input, handlers)` takes and returns, wherever the router is mounted. */
export type SubscribeToEvents = (handlers: {
  onData: (tracked: { id: string; data: NotificationEvent }) => void;
  onError: (error: Error) => void;
}) => { unsubscribe(): void };

export interface CollectedEvents {
  events: ReceivedEvent[];
  errors: Error[];
  /** Resolves with the first event (received already or to come) matching `predicate`. */
  waitForEvent(predicate: (event: NotificationEvent) => boolean, timeoutMs?: number): Promise<ReceivedEvent>;
  unsubscribe(): void;
}

/** Subscribes and keeps every event and error, so that a test can wait for the one it expects. */
export function collectEvents(subscribe: SubscribeToEvents): CollectedEvents {
  const events: ReceivedEvent[] = [];
  const errors: Error[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  const subscription = subscribe({
    onData: ({ id, data }) => {
      events.push({ id, event: data });
      notify();
    },
    onError: (error) => {
      errors.push(error);
      notify();
    },
  });
  return {
    events,
    errors,
    waitForEvent(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(({ event }) => predicate(event));
          if (found) {
            finish();
            resolve(found);
          } else if (errors.length > 0) {
            finish();
            reject(errors[0] ?? new Error('subscription failed'));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event.kind))}`,
            ),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    unsubscribe: () => subscription.unsubscribe(),
  };
}

/** Resolves with the error that ends the client's subscription (a refusal after a reconnect, say). */
export function subscriptionError(client: LiveClient): Promise<unknown> {
  return client
    .waitForEvent(() => false)
    .then(
      () => null,
      (error: unknown) => error,
    );
}

export function titled(title: string) {
  return (event: NotificationEvent) => event.kind === 'created' && event.notification.title === title;
}

export interface Stack {
  database: TestDatabase;
  node: TestNode;
  db: TestDb;
  url: string;
  /** Signs `userId` in and subscribes a live client; closed with the stack. */
  subscribe(userId: string, options?: LiveClientOptions & { role?: Role }): Promise<LiveClient & { token: string }>;
  stop(): Promise<void>;
}

/** A fresh database, one node on it, and the test's own driver connection. */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const database = await startTestDatabase();
  const node = await startTestNode(database, env);
  const db = await connectTestDb(database);
  const clients: LiveClient[] = [];
  return {
    database,
    node,
    db,
    url: node.server.url,
    async subscribe(userId, options = {}) {
      const token = await signIn(node.server.url, userId, options.role);
      const client = liveClient(node.server.url, token, options);
      clients.push(client);
      return { ...client, token };
    },
    async stop() {
      await Promise.all(clients.map((client) => client.close()));
      await node.server.stop();
      await db.close();
      await database.stop();
    },
  };
}

/**
 * A fresh stack for each test of the calling file (or describe block):
 * started before each test, stopped after it. `stack()` is the running one,
 * `apiFor(userId, role?)` an HTTP client signed in on it.
 */
export function stackPerTest(env: Record<string, string> = {}) {
  let running: Stack | undefined;
  beforeEach(async () => {
    running = await startStack(env);
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  const stack = (): Stack => {
    if (running === undefined) throw new Error('the stack runs only while a test does');
    return running;
  };
  const apiFor = async (userId: string, role: Role = 'user'): Promise<TRPCClient<AppRouter>> =>
    httpClient(stack().url, await signIn(stack().url, userId, role));
  return { stack, apiFor };
}

/**
 * An emulator with options a real deployment cannot offer on demand (a
 * standalone, a tiny oplog, fail points), shaped like a TestDatabase.
 */
export async function startEmulatorDatabase(
  options: { standalone?: boolean; oplogSize?: number } = {},
): Promise<TestDatabase> {
  const emulator = await startEmulator(options);
  return { uri: emulator.uri, dbName: 'livebell_test', stop: () => emulator.stop() };
}
