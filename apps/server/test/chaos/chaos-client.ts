// One browser tab as the chaos test models it: a real tRPC WebSocket client
// that applies every event with applyNotificationEvent, reloads list and
// count on `resync` through InboxSync (the web app's own logic for keeping
// events that race a reload), and whose network
// can be cut at any moment; it then reconnects to a random node and resumes
// from its last event id, as tRPC's client does by itself.
import {
  applyNotificationEvent,
  InboxSync,
  type DataEvent,
  type Notification,
  type NotificationEvent,
} from '@livebell/shared';
import { createTRPCClient, createWSClient, httpLink, wsLink, type TRPCClient } from '@trpc/client';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { AppRouter } from '../../src/index.js';

export interface ChaosClientOptions {
  userId: string;
  token: string;
  /** The base URL of a random node (possibly one that is down). */
  pickNode: () => string;
}

export class ChaosClient {
  items: readonly Notification[] = [];
  unreadCount = 0;
  /** Events whose id was not after the previous one: delivered twice, or out of order. */
  duplicated = 0;
  resyncs = 0;
  disconnects = 0;
  eventsReceived = 0;
  /** Subscription errors; a correct run has none. */
  readonly failures: string[] = [];

  private lastId: string | null = null;
  private readonly sync = new InboxSync({ apply: (event) => this.apply(event), refetch: () => this.loadAll() });
  private downUntil = 0;
  private readonly sockets = new Set<WebSocket>();
  private readonly watchers = new Set<() => void>();
  private readonly wsClient: ReturnType<typeof createWSClient>;
  private readonly api: TRPCClient<AppRouter>;
  private subscription: { unsubscribe(): void } | null = null;

  constructor(private readonly options: ChaosClientOptions) {
    const sockets = this.sockets;
    class TrackedWebSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        sockets.add(this);
        this.on('close', () => sockets.delete(this));
        this.on('error', () => undefined);
      }
    }
    this.wsClient = createWSClient({
      // While "the network is down", the next connection waits; then any node may answer.
      url: async () => {
        const down = this.downUntil - Date.now();
        if (down > 0) await sleep(down);
        return `${options.pickNode().replace(/^http/, 'ws')}/trpc`;
      },
      connectionParams: { token: options.token },
      WebSocket: TrackedWebSocket as unknown as typeof globalThis.WebSocket,
      retryDelayMs: () => 50 + Math.floor(Math.random() * 200),
    });
    this.api = createTRPCClient<AppRouter>({ links: [wsLink({ client: this.wsClient })] });
  }

  get userId(): string {
    return this.options.userId;
  }

  /** False while a reload of list and count is in flight. */
  get settled(): boolean {
    return !this.sync.fetching;
  }

  start(): void {
    this.subscription = this.api.notifications.onEvent.subscribe(
      {},
      {
        onData: ({ id, data }) => this.receive(id, data),
        onError: (error) => {
          this.failures.push(error.message);
          this.changed();
        },
      },
    );
  }

  /** Cuts the connection now; the next one waits `downMs` (a sleeping laptop, a tunnel). */
  disconnect(downMs: number): void {
    this.disconnects += 1;
    this.downUntil = Date.now() + downMs;
    for (const socket of this.sockets) socket.terminate();
  }

  /** Resolves once `predicate` holds, checked after every change to this client's state. */
  waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    if (predicate()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        resolve(false);
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve(true);
      };
      this.watchers.add(check);
    });
  }

  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.wsClient.close();
  }

  private receive(id: string, event: NotificationEvent): void {
    this.eventsReceived += 1;
    if (this.lastId !== null && id <= this.lastId && event.kind !== 'resync') this.duplicated += 1;
    if (this.lastId === null || id > this.lastId) this.lastId = id;
    if (event.kind === 'resync') {
      this.resyncs += 1;
      // Watchers hear of the reload's end, when `settled` turns true.
      void this.sync.refetch().then(() => this.changed());
      return;
    }
    this.sync.receive(event, id);
  }

  private apply(event: DataEvent): void {
    this.items = applyNotificationEvent(this.items, event);
    this.unreadCount = event.unreadCount;
    this.changed();
  }

  /** Loads every page and the count, from any node that answers. */
  private async loadAll(): Promise<void> {
    for (;;) {
      try {
        const http = createTRPCClient<AppRouter>({
          links: [
            httpLink({
              url: `${this.options.pickNode()}/trpc`,
              headers: { authorization: `Bearer ${this.options.token}` },
            }),
          ],
        });
        const items: Notification[] = [];
        let cursor: string | null = null;
        do {
          const page = await http.notifications.list.query({ limit: 100, cursor });
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor !== null);
        this.unreadCount = await http.notifications.unreadCount.query();
        this.items = items;
        return;
      } catch {
        // That node is down: try another one.
        await sleep(100);
      }
    }
  }

  private changed(): void {
    for (const watcher of [...this.watchers]) watcher();
  }
}
