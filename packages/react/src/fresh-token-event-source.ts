// The browser's EventSource reconnects by itself to the URL it was opened
// with, and so with the token of its first connect. The server ends an SSE
// stream at its token's expiry and refuses that token afterwards; a refreshed
// token in the host app would never be sent. This EventSource takes the
// reconnect over: when its stream drops it opens a new one with the
// connection params of that moment and the id of the last event it received,
// so the subscription resumes where it stopped, as over a WebSocket.

type Listener = (event: Event) => void;

/** The connection params of a (re)connect, asked for again each time (so a refreshed token is the one sent). */
export type ConnectionParams = () => Promise<Record<string, string>>;

/** A URL with its `connectionParams` replaced and, when known, the `lastEventId` to resume from. */
function reconnectUrl(url: string, connectionParams: Record<string, string>, lastEventId: string | null): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
  query.set('connectionParams', JSON.stringify(connectionParams));
  // The server reads it beside the input, as it reads an EventSource's Last-Event-ID header.
  if (lastEventId !== null) query.set('lastEventId', lastEventId);
  return `${path}?${query.toString()}`;
}

/** What tRPC's httpSubscriptionLink uses of an EventSource. */
export interface EventSourceInstance {
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly CLOSED: number;
  readonly readyState: number;
  addEventListener(type: string, listener: Listener): void;
  removeEventListener(type: string, listener: Listener): void;
  close(): void;
}

export type EventSourceConstructor = new (url: string, init?: EventSourceInit) => EventSourceInstance;

/**
 * An EventSource class for tRPC's httpSubscriptionLink whose reconnects ask
 * `connectionParams` again. A stream that drops (the server ended it at the
 * token's expiry or cut a slow subscriber, the network went away) is reopened
 * after `retryDelayMs(attempt)`; a stream the browser gives up on (an HTTP
 * error) is reported as closed, as the native one would be.
 */
export function freshTokenEventSource(
  connectionParams: ConnectionParams,
  retryDelayMs: (attempt: number) => number,
): EventSourceConstructor {
  return class FreshTokenEventSource implements EventSourceInstance {
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSED = 2;
    private source: EventSource;
    private readonly listeners: [string, Listener][] = [];
    private lastEventId: string | null = null;
    private reconnecting = false;
    private closed = false;
    private attempt = 0;
    private timer: ReturnType<typeof setTimeout> | undefined;

    constructor(
      private readonly url: string,
      private readonly init?: EventSourceInit,
    ) {
      this.source = this.open(url);
    }

    get readyState(): number {
      if (this.closed) return this.CLOSED;
      return this.reconnecting ? this.CONNECTING : this.source.readyState;
    }

    addEventListener(type: string, listener: Listener): void {
      this.listeners.push([type, listener]);
      this.source.addEventListener(type, listener);
    }

    removeEventListener(type: string, listener: Listener): void {
      const index = this.listeners.findIndex(([t, l]) => t === type && l === listener);
      if (index !== -1) this.listeners.splice(index, 1);
      this.source.removeEventListener(type, listener);
    }

    close(): void {
      this.closed = true;
      clearTimeout(this.timer);
      this.source.close();
    }

    private open(url: string): EventSource {
      const source = new globalThis.EventSource(url, this.init);
      // Registered before the link's listeners, so that they see this object's state after a drop.
      source.addEventListener('open', () => {
        this.attempt = 0;
      });
      source.addEventListener('message', (event) => {
        if (event.lastEventId) this.lastEventId = event.lastEventId;
      });
      source.addEventListener('error', () => {
        // CONNECTING: the stream dropped and the browser would reconnect with the old URL. Do it here instead.
        if (this.closed || source.readyState !== source.CONNECTING) return;
        source.close();
        this.reconnecting = true;
        this.scheduleReopen();
      });
      for (const [type, listener] of this.listeners) source.addEventListener(type, listener);
      return source;
    }

    private scheduleReopen(): void {
      this.timer = setTimeout(() => void this.reopen(), retryDelayMs(this.attempt++));
    }

    private async reopen(): Promise<void> {
      let params: Record<string, string>;
      try {
        params = await connectionParams();
      } catch {
        // No token to be had right now (the host's refresh failed): try again later, as after a drop.
        if (!this.closed) this.scheduleReopen();
        return;
      }
      if (this.closed) return;
      this.source = this.open(reconnectUrl(this.url, params, this.lastEventId));
      this.reconnecting = false;
    }
  };
}
