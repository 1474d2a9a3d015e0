// Who may do what: tokens over HTTP, WebSocket and SSE, roles, and the dev sign-in.
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { DEV_JWT_SECRET } from '../../src/config.js';
import { startServer } from '../../src/index.js';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { loadConfig } from '../../src/config.js';
import { queryCall, rawSocket } from '../support/raw-socket.js';
import { silentLogger } from '../support/silent-logger.js';
import { sampleValue, scrape } from '../support/prometheus.js';
import {
  httpClient,
  liveClient,
  signIn,
  stackPerTest,
  subscriptionError,
  type Transport,
} from '../support/test-server.js';

const { stack } = stackPerTest();

async function refusal(call: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  const error = await call.then(
    () => {
      throw new Error('the call was not refused');
    },
    (error: unknown) => error,
  );
  if (!(error instanceof TRPCClientError)) throw error;
  const data = error.data as { code?: unknown } | undefined;
  return { code: data?.code, message: error.message };
}

const forged = () => new AccessTokens('an-attacker-guessed-this-secret!!').sign({ id: 'ada', role: 'admin' }, 3600);
const expired = () => new AccessTokens(DEV_JWT_SECRET).sign({ id: 'ada', role: 'user' }, -10);

describe('authentication', () => {
  it('no token, a forged token and an expired token are all refused over HTTP', async () => {
    const tokens = [undefined, (await forged()).token, (await expired()).token];
    const refusals = await Promise.all(
      tokens.map((token) => refusal(httpClient(stack().url, token).notifications.list.query({}))),
    );
    expect(refusals).toEqual([
      { code: 'UNAUTHORIZED', message: 'Sign in required: missing token' },
      { code: 'UNAUTHORIZED', message: 'Sign in required: invalid token' },
      { code: 'UNAUTHORIZED', message: 'Sign in required: token expired' },
    ]);
  });

  it('no token, a forged token and an expired token are all refused over WebSocket', async () => {
    for (const token of [null, (await forged()).token, (await expired()).token]) {
      const client = liveClient(stack().url, token);
      try {
        const error = await client
          .waitForEvent(() => true)
          .then(
            () => null,
            (error: unknown) => error,
          );
        expect(error).toBeInstanceOf(TRPCClientError);
        expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'UNAUTHORIZED' });
        expect(client.events).toEqual([]);
        const refused = await refusal(client.api.notifications.unreadCount.query());
        expect(refused.code).toBe('UNAUTHORIZED');
      } finally {
        await client.close();
      }
    }
  });

  it("a WebSocket may bring its token in its upgrade request's Authorization header instead", async () => {
    const ada = await rawSocket(stack().url, { bearer: await signIn(stack().url, 'ada') });
    ada.send(queryCall(1, 'notifications.unreadCount'));
    const answer = await ada.nextReply();
    expect(answer.result).toEqual({ type: 'data', data: 0 });

    const mallory = await rawSocket(stack().url, { bearer: (await forged()).token });
    mallory.send(queryCall(1, 'notifications.unreadCount'));
    const refused = await mallory.nextReply();
    expect(refused.error?.message).toBe('Sign in required: invalid token');
    expect(refused.error?.data?.code).toBe('UNAUTHORIZED');
  });

  it('a user token may not call admin procedures', async () => {
    const ada = await stack().subscribe('ada');
    const refused = await refusal(ada.api.admin.send.mutate({ userIds: ['bob'], type: 'info', title: 'hi' }));
    expect(refused).toEqual({ code: 'FORBIDDEN', message: 'Admin role required' });
  });

  it('health is public', async () => {
    const health = await httpClient(stack().url).health.status.query();
    expect(health).toMatchObject({ status: 'ok', mongo: { connected: true } });
  });
});

/** How each transport shows that the server ended the connection: a close code, or (SSE) a stream lost. */
const EXPIRY_CLOSE: Record<Transport, number | undefined> = { websocket: CLOSE_CODES.TOKEN_EXPIRED, sse: undefined };

describe.each<Transport>(['websocket', 'sse'])('a live connection over %s', (transport) => {
  it('does not outlive its token: at the expiry the server ends it, frees its subscription, and refuses the reconnect', async () => {
    const { token, expiresAt } = await new AccessTokens(DEV_JWT_SECRET).sign({ id: 'ada', role: 'user' }, 2);
    const client = liveClient(stack().url, token, { transport });
    try {
      await client.waitForEvent((event) => event.kind === 'resync');
      const subscribers = async () =>
        sampleValue(await scrape(`${stack().url}/metrics`), 'livebell_subscribers', { transport });
      const connections = async () =>
        sampleValue(await scrape(`${stack().url}/metrics`), 'livebell_connections', { transport });
      expect(await subscribers()).toBe(1);
      // One open connection of this transport: a WebSocket, or the SSE stream's request.
      expect(await connections()).toBe(1);
      const error = await subscriptionError(client);
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
      expect(client.closeCodes).toEqual([EXPIRY_CLOSE[transport]]);
      // The ended connection's subscription is gone, not left waiting for its next event.
      expect(await subscribers()).toBe(0);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<never>).data).toMatchObject({ code: 'UNAUTHORIZED' });
      expect((error as Error).message).toBe('Sign in required: token expired');
    } finally {
      await client.close();
    }
  });
});

describe('dev sign-in', () => {
  it('mints a token for the requested user and role outside production', async () => {
    const result = await httpClient(stack().url).auth.devSignIn.mutate({ userId: 'grace', role: 'admin' });
    expect(result).toMatchObject({ userId: 'grace', role: 'admin' });
    expect(Date.parse(result.expiresAt)).toBeGreaterThan(Date.now());
    expect(await new AccessTokens(DEV_JWT_SECRET).verify(result.token)).toEqual({
      ok: true,
      user: { id: 'grace', role: 'admin' },
      expiresAt: new Date(result.expiresAt),
    });
  });

  it('is refused with FORBIDDEN when NODE_ENV=production', async () => {
    const production = await startServer(
      loadConfig({
        NODE_ENV: 'production',
        MONGODB_URI: stack().database.uri,
        MONGODB_DB: stack().database.dbName,
        JWT_SECRET: 'a-production-secret-of-32-chars!!',
        PORT: '0',
      }),
      { logger: silentLogger() },
    );
    try {
      const refused = await refusal(httpClient(production.url).auth.devSignIn.mutate({ userId: 'ada' }));
      expect(refused).toEqual({ code: 'FORBIDDEN', message: 'Dev sign-in is disabled when NODE_ENV=production' });
    } finally {
      await production.stop();
    }
  });
});
