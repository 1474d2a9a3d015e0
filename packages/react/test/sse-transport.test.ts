import { afterEach, describe, expect, it } from 'vitest';
import { createLivebellClient } from '../src/livebell-client.js';

/** Records the URLs the SSE link opens; never connects (there is no server in a unit test). */
class RecordingEventSource {
  static readonly opened: string[] = [];
  readonly readyState = 0;
  constructor(url: string | URL) {
    RecordingEventSource.opened.push(String(url));
  }
  addEventListener(): void {}
  removeEventListener(): void {}
  close(): void {}
}

const realEventSource = globalThis.EventSource;
afterEach(() => {
  globalThis.EventSource = realEventSource;
  RecordingEventSource.opened.length = 0;
});

/** Subscribes to `notifications.onEvent` and resolves with the URL of the EventSource it opens. */
async function openedUrl(client: ReturnType<typeof createLivebellClient>): Promise<URL> {
  Object.assign(globalThis, { EventSource: RecordingEventSource });
  const subscription = client.trpc.notifications.onEvent.subscribe(undefined, { onData() {} });
  try {
    await expect.poll(() => RecordingEventSource.opened.length).toBe(1);
    return new URL(RecordingEventSource.opened[0] ?? '');
  } finally {
    subscription.unsubscribe();
  }
}

describe('the SSE transport', () => {
  it('opens an EventSource on the endpoint with the awaited token in the connection params, no header', async () => {
    const client = createLivebellClient({
      url: 'https://api.example.com/trpc',
      transport: 'sse',
      getToken: () => Promise.resolve('token-1'),
    });
    const url = await openedUrl(client);
    expect(url.origin + url.pathname).toBe('https://api.example.com/trpc/notifications.onEvent');
    expect(JSON.parse(url.searchParams.get('connectionParams') ?? 'null')).toEqual({ token: 'token-1' });
  });

  it('asks for the token at each connect and calls under the host router’s key', async () => {
    let issued = 0;
    const client = createLivebellClient({
      url: 'https://api.example.com/trpc',
      transport: 'sse',
      routerKey: 'livebell',
      getToken: () => `token-${(issued += 1)}`,
    });
    const first = await openedUrl(client);
    RecordingEventSource.opened.length = 0;
    const second = await openedUrl(client);
    expect(first.pathname).toBe('/trpc/livebell.notifications.onEvent');
    expect(JSON.parse(first.searchParams.get('connectionParams') ?? 'null')).toEqual({ token: 'token-1' });
    expect(JSON.parse(second.searchParams.get('connectionParams') ?? 'null')).toEqual({ token: 'token-2' });
  });
});

/** An EventSource driven by the test: it connects, delivers events and drops as a server's stream would. */
class ScriptedEventSource extends EventTarget {
  static readonly opened: ScriptedEventSource[] = [];
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  constructor(readonly url: string) {
    super();
    ScriptedEventSource.opened.push(this);
  }
  connect(): void {
    this.readyState = this.OPEN;
    this.dispatchEvent(new Event('open'));
    this.dispatchEvent(new MessageEvent('connected', { data: '{}' }));
  }
  send(id: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(data), lastEventId: id }));
  }
  /** The stream ends (the server dropped it): a native EventSource would reconnect to the same URL. */
  drop(): void {
    this.readyState = this.CONNECTING;
    this.dispatchEvent(new Event('error'));
  }
  close(): void {
    this.readyState = this.CLOSED;
  }
}

describe('an SSE stream that drops', () => {
  afterEach(() => {
    ScriptedEventSource.opened.length = 0;
  });

  it('reconnects with the token getToken gives now and resumes from the last event received', async () => {
    Object.assign(globalThis, { EventSource: ScriptedEventSource });
    let token = 'token-1';
    const client = createLivebellClient({
      url: 'https://api.example.com/trpc',
      transport: 'sse',
      getToken: () => token,
    });
    const received: string[] = [];
    const errors: unknown[] = [];
    const subscription = client.trpc.notifications.onEvent.subscribe(undefined, {
      onData: ({ id }) => received.push(id),
      onError: (error) => errors.push(error),
    });
    try {
      await expect.poll(() => ScriptedEventSource.opened.length).toBe(1);
      const [first] = ScriptedEventSource.opened;
      if (!first) throw new Error('no EventSource');
      first.connect();
      first.send('position-1', { kind: 'resync' });
      await expect.poll(() => received).toEqual(['position-1']);

      // The token is refreshed; the server ends the stream at the old one's expiry.
      token = 'token-2';
      first.drop();
      await expect.poll(() => ScriptedEventSource.opened.length).toBe(2);
      const second = new URL(ScriptedEventSource.opened[1]?.url ?? '');
      expect(first.readyState).toBe(first.CLOSED);
      expect(JSON.parse(second.searchParams.get('connectionParams') ?? 'null')).toEqual({ token: 'token-2' });
      expect(second.searchParams.get('lastEventId')).toBe('position-1');
      expect(second.pathname).toBe('/trpc/notifications.onEvent');

      ScriptedEventSource.opened[1]?.connect();
      ScriptedEventSource.opened[1]?.send('position-2', { kind: 'resync' });
      await expect.poll(() => received).toEqual(['position-1', 'position-2']);
      expect(errors).toEqual([]);
    } finally {
      subscription.unsubscribe();
    }
  });
});
