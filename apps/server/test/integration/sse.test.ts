// Subscriptions over SSE, the transport for networks that break WebSockets:
// the token travels in tRPC's connection params (EventSource sends no
// headers), delivery and resume behave as over a WebSocket, the stream ends
// at the token's expiry (as a WebSocket is closed with 4401), and a quiet
// stream is kept alive with pings.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { DEV_JWT_SECRET } from '../../src/config.js';
import { SSE_KEEP_ALIVE } from '../../src/trpc/trpc.js';
import { sampleValue, scrape } from '../support/prometheus.js';
import { liveClient, startStack, subscriptionError, titled, type Stack } from '../support/test-server.js';

let stack: Stack;
beforeEach(async () => {
  stack = await startStack();
});
afterEach(async () => {
  await stack.stop();
});

describe('subscriptions over SSE', () => {
  it("deliver a user's notifications to that user only, with the token in the connection params", async () => {
    const ada = await stack.subscribe('ada', { transport: 'sse' });
    const bob = await stack.subscribe('bob', { transport: 'sse' });
    await Promise.all([ada, bob].map((client) => client.waitForEvent((event) => event.kind === 'resync')));
    await stack.db.notifications.insertMany([
      { userId: 'bob', type: 'info', title: 'for bob' },
      { userId: 'ada', type: 'info', title: 'for ada' },
    ]);
    await ada.waitForEvent(titled('for ada'));
    await bob.waitForEvent(titled('for bob'));
    expect(ada.events.map(({ event }) => event.kind)).toEqual(['resync', 'created']);
  });

  it('resume from the last id received: what was missed arrives once, in order', async () => {
    const first = await stack.subscribe('ada', { transport: 'sse' });
    await first.waitForEvent((event) => event.kind === 'resync');
    await stack.db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'seen' });
    const { id } = await first.waitForEvent(titled('seen'));
    await first.close();

    await stack.db.notifications.insertMany(
      ['missed 1', 'missed 2'].map((title) => ({ userId: 'ada', type: 'info', title })),
    );
    const resumed = await stack.subscribe('ada', { transport: 'sse', lastEventId: id });
    await resumed.waitForEvent(titled('missed 2'));
    expect(
      resumed.events.map(({ event }) => (event.kind === 'created' ? event.notification.title : event.kind)),
    ).toEqual(['missed 1', 'missed 2']);
  });

  it("end at the token's expiry, and the reconnect with that token is refused", async () => {
    const { token, expiresAt } = await new AccessTokens(DEV_JWT_SECRET).sign({ id: 'ada', role: 'user' }, 2);
    const client = liveClient(stack.url, token, { transport: 'sse' });
    try {
      await client.waitForEvent((event) => event.kind === 'resync');
      const sseSubscribers = async () =>
        sampleValue(await scrape(`${stack.url}/metrics`), 'livebell_subscribers', { transport: 'sse' });
      expect(await sseSubscribers()).toBe(1);
      const error = await subscriptionError(client);
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
      // The dropped stream's subscription is gone, not left waiting for its next event.
      expect(await sseSubscribers()).toBe(0);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'UNAUTHORIZED' });
      expect((error as Error).message).toBe('Sign in required: token expired');
    } finally {
      await client.close();
    }
  });

  it('refuse a subscription without a valid token', async () => {
    for (const token of [null, 'not.a.token']) {
      const client = liveClient(stack.url, token, { transport: 'sse' });
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
    const response = await fetch(`${stack.url}/trpc/notifications.onEvent?${params.toString()}`, {
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
