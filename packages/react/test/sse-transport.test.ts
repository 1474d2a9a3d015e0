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
