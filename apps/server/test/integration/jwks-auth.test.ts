// Signing in with the deployment's own identity provider: a node configured
// with a JWKS URL takes the provider's tokens over HTTP and WebSocket, with
// the role from a configured claim, closes a socket at its token's expiry,
// and keeps the dev sign-in (HS256) beside it outside production.
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { DEV_JWT_SECRET } from '../../src/config.js';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import {
  signingKey,
  startJwksServer,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type JwksServer,
  type SigningKey,
} from '../support/jwks-server.js';
import {
  httpClient,
  liveClient,
  signIn,
  startStack,
  subscriptionError,
  titled,
  type Stack,
} from '../support/test-server.js';

let jwks: JwksServer;
let key: SigningKey;
let stack: Stack | undefined;

beforeEach(async () => {
  key = await signingKey('ES256', 'idp-key-1');
  jwks = await startJwksServer([key]);
});
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await jwks.stop();
});

function providerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    JWT_JWKS_URL: jwks.url,
    JWT_ISSUER: TEST_ISSUER,
    JWT_AUDIENCE: TEST_AUDIENCE,
    JWT_ROLE_CLAIM: 'groups',
    ...extra,
  };
}

async function codeOf(call: Promise<unknown>): Promise<unknown> {
  const error = await call.then(
    () => null,
    (error: unknown) => error,
  );
  return error instanceof TRPCClientError ? (error.data as { code?: unknown } | undefined)?.code : error;
}

describe('identity provider tokens (JWKS)', () => {
  it("sign a user in over HTTP and WebSocket, with the role from the provider's claim", async () => {
    stack = await startStack(providerEnv());
    const ada = await key.sign({ sub: 'ada', groups: ['staff'] });
    const root = await key.sign({ sub: 'root', groups: ['staff', 'admin'] });

    expect(await httpClient(stack.url, ada).notifications.unreadCount.query()).toBe(0);
    expect(
      await codeOf(httpClient(stack.url, ada).admin.send.mutate({ userIds: ['ada'], type: 'i', title: 't' })),
    ).toBe('FORBIDDEN');
    const live = liveClient(stack.url, ada);
    try {
      await live.waitForEvent((event) => event.kind === 'resync');
      await httpClient(stack.url, root).admin.send.mutate({ userIds: ['ada'], type: 'info', title: 'from the admin' });
      await live.waitForEvent(titled('from the admin'));
    } finally {
      await live.close();
    }
  });

  it("closes a WebSocket at the provider token's expiry (4401), and the reconnect is refused", async () => {
    stack = await startStack(providerEnv());
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const client = liveClient(stack.url, await key.sign({ sub: 'ada', exp: expiresAt }));
    try {
      await client.waitForEvent((event) => event.kind === 'resync');
      const error = await subscriptionError(client);
      expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
      expect(client.closeCodes).toContain(CLOSE_CODES.TOKEN_EXPIRED);
      expect((error as Error).message).toBe('Sign in required: token expired');
    } finally {
      await client.close();
    }
  });

  it('keeps the dev sign-in (HS256) working beside the provider outside production', async () => {
    stack = await startStack(providerEnv());
    const token = await signIn(stack.url, 'ada');
    expect(await httpClient(stack.url, token).notifications.unreadCount.query()).toBe(0);
    const wrongAudience = await key.sign({ sub: 'ada', aud: 'someone-else' });
    expect(await codeOf(httpClient(stack.url, wrongAudience).notifications.unreadCount.query())).toBe('UNAUTHORIZED');
  });

  it('in production without JWT_SECRET, takes only the provider: no dev sign-in, no HS256 token', async () => {
    stack = await startStack(providerEnv({ NODE_ENV: 'production' }));
    expect(await httpClient(stack.url, await key.sign({ sub: 'ada' })).notifications.unreadCount.query()).toBe(0);
    expect(await codeOf(httpClient(stack.url).auth.devSignIn.mutate({ userId: 'ada', role: 'admin' }))).toBe(
      'FORBIDDEN',
    );
    const { token } = await new AccessTokens(DEV_JWT_SECRET).sign({ id: 'ada', role: 'admin' }, 60);
    expect(await codeOf(httpClient(stack.url, token).notifications.unreadCount.query())).toBe('UNAUTHORIZED');
  });
});
