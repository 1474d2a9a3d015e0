// Subscriptions over SSE, the transport for networks that break WebSockets:
// the token travels in tRPC's connection params (EventSource sends no
// headers), delivery behaves as over a WebSocket, and a quiet stream is kept
// alive with pings. Resume, replay, expiry and slow subscribers are tested
// over both transports with the WebSocket's tests.
import type { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { DEV_JWT_SECRET } from '../../src/config.js';
import { SSE_KEEP_ALIVE } from '../../src/trpc/trpc.js';
import { liveClient, stackPerTest, subscriptionError, titled } from '../support/test-server.js';

const { stack } = stackPerTest();

describe('subscriptions over SSE', () => {
  it("deliver a user's notifications to that user only, with the token in the connection params", async () => {
    const ada = await stack().subscribe('ada', { transport: 'sse' });
    const bob = await stack().subscribe('bob', { transport: 'sse' });
    await Promise.all([ada, bob].map((client) => client.waitForEvent((event) => event.kind === 'resync')));
    await stack().db.notifications.insertMany([
      { userId: 'bob', type: 'info', title: 'for bob' },
      { userId: 'ada', type: 'info', title: 'for ada' },
    ]);
    await ada.waitForEvent(titled('for ada'));
    await bob.waitForEvent(titled('for bob'));
    expect(ada.events.map(({ event }) => event.kind)).toEqual(['resync', 'created']);
  });

  it('refuse a subscription without a valid token', async () => {
    for (const token of [null, 'not.a.token']) {
      const client = liveClient(stack().url, token, { transport: 'sse' });
      try {
        const error = await subscriptionError(client);
        expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'UNAUTHORIZED' });
      } finally {
        await client.close();
      }
    }
  });

  it('keep a quiet stream alive with pings, and tell the client when to reconnect after silence', async () => {
    const token = (await new AccessTokens(DEV_JWT_SECRET).sign({ id: 'ada', role: 'user' }, 60)).token;
    const params = new URLSearchParams({ connectionParams: JSON.stringify({ token }), input: '{}' });
    const abort = new AbortController();
    const response = await fetch(`${stack().url}/trpc/notifications.onEvent?${params.toString()}`, {
      headers: { accept: 'text/event-stream' },
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const body = response.body;
    if (!body) throw new Error('no body');
    const decoder = new TextDecoder();
    let text = '';
    const openedAt = Date.now();
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (text.includes('event: ping')) break;
    }
    abort.abort();
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(SSE_KEEP_ALIVE.pingMs - 100);
    expect(text).toContain(`"reconnectAfterInactivityMs":${SSE_KEEP_ALIVE.reconnectAfterSilenceMs}`);
    expect(text).toContain('"kind":"resync"');
  });
});
