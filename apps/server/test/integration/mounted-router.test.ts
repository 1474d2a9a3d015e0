// livebell mounted in someone else's tRPC server through the factory: the
// host's own auth decides who calls, livebell's procedures answer under the
// host's key over real WebSockets, a document written straight into MongoDB
// arrives live, and the host's own procedure and context are untouched.
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from '@trpc/client';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLivebell, jwksAuth, type LivebellAuth } from '../../src/index.js';
import { hostAuth, startHostApp, type HostRouter } from '../support/host-app.js';
import { signingKey, startJwksServer, TEST_AUDIENCE, TEST_ISSUER } from '../support/jwks-server.js';
import { silentLogger } from '../support/silent-logger.js';
import { testResources } from '../support/test-resources.js';
import { collectEvents, titled } from '../support/test-server.js';

const resources = testResources();

/** A fresh database, livebell on it (the host's MongoClient, the host's auth), the host serving. */
async function startMounted(auth: LivebellAuth = hostAuth) {
  const database = await resources.database();
  const mongoClient = await MongoClient.connect(database.uri);
  resources.defer(() => mongoClient.close());
  const lb = createLivebell({ db: mongoClient.db(database.dbName), auth, logger: silentLogger() });
  await lb.start();
  resources.defer(() => lb.stop());
  const host = await startHostApp(lb);
  resources.defer(() => host.stop());
  return { lb, host, notifications: mongoClient.db(database.dbName).collection('notifications') };
}

/** A WebSocket client of the host's router, presenting what the host's own app would (`{ session }`, `{ token }`). */
function hostClient(url: string, session: string | null, params: Record<string, string> = {}) {
  const wsClient = createWSClient({
    url: url.replace(/^http/, 'ws'),
    connectionParams: session === null ? params : { session, ...params },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  resources.defer(() => wsClient.close());
  return createTRPCClient<HostRouter>({ links: [wsLink({ client: wsClient })] });
}

describe('livebell mounted in a host tRPC server', () => {
  it("lists, marks read and delivers live under the host's key, with the host's auth, over WebSocket", async () => {
    const { host, notifications } = await startMounted();
    const ada = hostClient(host.url, 'session-ada');
    const live = collectEvents((handlers) =>
      ada.livebell.notifications.onEvent.subscribe({ lastEventId: null }, handlers),
    );
    resources.defer(() => Promise.resolve(live.unsubscribe()));
    await live.waitForEvent((event) => event.kind === 'resync');

    await notifications.insertOne({ userId: 'bob', type: 'info', title: 'for bob' });
    await notifications.insertOne({ userId: 'ada', type: 'info', title: 'for ada' });
    const created = await live.waitForEvent(titled('for ada'));
    expect(created.event).toMatchObject({
      kind: 'created',
      notification: { userId: 'ada', readAt: null },
      unreadCount: 1,
    });

    const page = await ada.livebell.notifications.list.query({ limit: 10 });
    expect(page.items.map((item) => item.title)).toEqual(['for ada']);
    const id = page.items[0]?.id ?? '';
    expect(await ada.livebell.notifications.markRead.mutate({ id })).toMatchObject({ found: true, unreadCount: 0 });
    const updated = await live.waitForEvent((event) => event.kind === 'updated' && event.notification.id === id);
    expect(updated.event).toMatchObject({ unreadCount: 0 });
    expect(await ada.livebell.notifications.unreadCount.query()).toBe(0);
    // Bob's document never reached ada: her stream is ordered and holds only her own.
    expect(live.events.map(({ event }) => event.kind)).toEqual(['resync', 'created', 'updated']);
  });

  it("keeps the host's own procedure and context: its user is the host's, livebell's is livebell's", async () => {
    const { host } = await startMounted();
    const grace = hostClient(host.url, 'session-grace');
    expect(await grace.whoAmI.query()).toBe('Grace Hopper');
    // The host's auth said grace is an admin: livebell's admin procedures are hers.
    expect(await grace.livebell.admin.send.mutate({ userIds: ['ada'], type: 'info', title: 'from grace' })).toEqual({
      inserted: 1,
    });
    expect(await hostClient(host.url, 'session-ada').livebell.notifications.unreadCount.query()).toBe(1);
    expect((await grace.livebell.health.status.query()).changeStreams).toMatchObject({
      enabled: true,
      isWatching: true,
    });
  });

  it("refuses livebell's procedures to whoever the host's auth does not know, and the host's public procedure still answers", async () => {
    const { host } = await startMounted();
    const stranger = hostClient(host.url, 'session-unknown');
    expect(await stranger.whoAmI.query()).toBe('anonymous');
    const refused = await stranger.livebell.notifications.list.query({ limit: 10 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<HostRouter>).data?.code).toBe('UNAUTHORIZED');

    // Over the host's HTTP handler too, with its own header.
    const overHttp = createTRPCClient<HostRouter>({
      links: [httpLink({ url: host.url, headers: { 'x-session': 'session-ada' } })],
    });
    expect(await overHttp.whoAmI.query()).toBe('Ada Lovelace');
    expect(await overHttp.livebell.notifications.list.query({ limit: 10 })).toEqual({ items: [], nextCursor: null });
  });

  it("takes the host's identity provider through jwksAuth: its tokens' user and role count, a token it did not sign does not", async () => {
    const key = await signingKey('RS256', 'host-idp-1');
    const idp = await startJwksServer([key]);
    resources.defer(() => idp.stop());
    const auth = jwksAuth({ url: idp.url, issuer: TEST_ISSUER, audience: TEST_AUDIENCE }, silentLogger());
    const { host, notifications } = await startMounted(auth);
    await notifications.insertOne({ userId: 'ada@example.com', type: 'info', title: 'for ada' });

    const ada = hostClient(host.url, null, { token: await key.sign({ sub: 'ada@example.com' }) });
    expect((await ada.livebell.notifications.list.query({ limit: 10 })).items.map((item) => item.title)).toEqual([
      'for ada',
    ]);
    const refused = await ada.livebell.admin.send
      .mutate({ userIds: ['bob'], type: 'info', title: 'no' })
      .catch((error: unknown) => error);
    expect((refused as TRPCClientError<HostRouter>).data?.code).toBe('FORBIDDEN');
    const admin = hostClient(host.url, null, { token: await key.sign({ sub: 'grace', role: 'admin' }) });
    expect(await admin.livebell.admin.send.mutate({ userIds: ['bob'], type: 'info', title: 'yes' })).toEqual({
      inserted: 1,
    });
    const forged = hostClient(host.url, null, {
      token: await (await signingKey('RS256', 'host-idp-1')).sign({ sub: 'ada@example.com' }),
    });
    const unsigned = await forged.livebell.notifications.unreadCount.query().catch((error: unknown) => error);
    expect((unsigned as TRPCClientError<HostRouter>).data?.code).toBe('UNAUTHORIZED');
  });
});
