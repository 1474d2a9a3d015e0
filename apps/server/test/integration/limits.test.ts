// What one client may ask of a node is bounded, and a request past a bound
// is refused before any of its work is done: a typed tRPC error or a close
// code, never a slow answer.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/config.js';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { onEventCall, queryCall, rawSocket, type WireReply } from '../support/raw-socket.js';
import { sampleValue, scrape } from '../support/prometheus.js';
import { signIn, startStack, type Stack } from '../support/test-server.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

async function start(env: Record<string, string> = {}): Promise<Stack> {
  stack = await startStack(env);
  return stack;
}

const started = (replies: WireReply[]) => replies.filter((reply) => reply.result?.type === 'started');
const answered = (replies: WireReply[]) => replies.filter((reply) => reply.result?.type === 'data');
const refused = (code: string) => (replies: WireReply[]) => replies.filter((reply) => reply.error?.data?.code === code);

/** What the node's /metrics says one limit refused. */
async function rejectedBy(url: string, limit: string): Promise<number> {
  return sampleValue(await scrape(`${url}/metrics`), 'livebell_rejected_total', { limit });
}

describe('calls per WebSocket message', () => {
  it.each([
    ['opening 20,000 onEvent subscriptions', onEventCall],
    ['with 20,000 unreadCount calls', (id: number) => queryCall(id, 'notifications.unreadCount')],
  ])('one message %s is refused whole: a PARSE_ERROR naming the bound, then close 4413', async (_, call) => {
    const { url } = await start();
    const [ada, bob] = await Promise.all([
      signIn(url, 'ada').then((token) => rawSocket(url, { token })),
      signIn(url, 'bob').then((token) => rawSocket(url, { token })),
    ]);
    bob.send(queryCall(1, 'notifications.unreadCount'));
    await bob.waitForReplies((replies) => answered(replies).length === 1);
    ada.send(Array.from({ length: 20_000 }, (_, index) => call(index + 1)));

    expect(await ada.closed).toBe(CLOSE_CODES.TOO_MANY_CALLS);
    expect(ada.replies).toHaveLength(1);
    const [refusal] = ada.replies;
    expect(refusal?.id).toBeNull();
    expect(refusal?.error?.data?.code).toBe('PARSE_ERROR');
    expect(refusal?.error?.message).toBe(
      `Too many calls in one message: 20000, at most ${DEFAULT_LIMITS.callsPerMessage}`,
    );
    expect(await rejectedBy(url, 'calls_per_message')).toBe(1);

    // Only the socket that sent the message is closed.
    bob.send(queryCall(2, 'notifications.unreadCount'));
    await bob.waitForReplies((replies) => answered(replies).length === 2);
    expect(bob.socket.readyState).toBe(bob.socket.OPEN);
  });

  it('a message with as many calls as the bound is answered in full', async () => {
    const { url } = await start();
    const ada = await rawSocket(url, { token: await signIn(url, 'ada') });
    const calls = DEFAULT_LIMITS.callsPerMessage;
    ada.send(Array.from({ length: calls }, (_, index) => queryCall(index + 1, 'notifications.unreadCount')));
    await ada.waitForReplies((replies) => replies.length === calls);
    expect(answered(ada.replies)).toHaveLength(calls);
  });
});

describe('subscriptions per connection', () => {
  it('past the bound a subscription is refused with TOO_MANY_REQUESTS; a stopped one frees its slot', async () => {
    const { url, db } = await start();
    const ada = await rawSocket(url, { token: await signIn(url, 'ada') });
    const limit = DEFAULT_LIMITS.subscriptionsPerConnection;
    ada.send(Array.from({ length: 30 }, (_, index) => onEventCall(index + 1)));
    await ada.waitForReplies((replies) => replies.length >= 30);
    expect(started(ada.replies)).toHaveLength(limit);
    const tooMany = refused('TOO_MANY_REQUESTS')(ada.replies);
    expect(tooMany).toHaveLength(30 - limit);
    expect(tooMany[0]?.error?.message).toBe(`Too many subscriptions on this connection: at most ${limit}`);
    expect(await rejectedBy(url, 'subscriptions_per_connection')).toBe(30 - limit);

    // Only the accepted subscriptions hear of a change.
    await db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'once per subscription' });
    const created = (replies: WireReply[]) =>
      replies.filter((reply) => JSON.stringify(reply).includes('once per subscription'));
    await ada.waitForReplies((replies) => created(replies).length === limit);

    const [first] = started(ada.replies);
    ada.send({ id: first?.id, method: 'subscription.stop' });
    await ada.waitForReplies((replies) => replies.some((r) => r.id === first?.id && r.result?.type === 'stopped'));
    ada.send(onEventCall(100));
    await ada.waitForReplies((replies) => replies.some((r) => r.id === 100));
    expect(ada.replies.find((reply) => reply.id === 100)?.result?.type).toBe('started');
  });

  it('a subscription stopped before it started gives its slot back', async () => {
    const { url } = await start();
    const ada = await rawSocket(url, { token: await signIn(url, 'ada') });
    const limit = DEFAULT_LIMITS.subscriptionsPerConnection;
    // Once the connection is signed in (a query answered), a subscription's slot is given back within the
    // message that opens and stops it, before the next message is read.
    ada.send(queryCall(0, 'notifications.unreadCount'));
    await ada.waitForReplies((replies) => replies.some((reply) => reply.id === 0));
    // As many as the bound, each stopped in the message that opens it: the stop is read before the
    // subscription's procedure has run.
    for (let id = 1; id <= limit; id += 1) ada.send([onEventCall(id), { id, method: 'subscription.stop' }]);
    await ada.waitForReplies((replies) => replies.filter((reply) => reply.result?.type === 'stopped').length === limit);
    ada.send(onEventCall(100));
    await ada.waitForReplies((replies) => replies.some((r) => r.id === 100));
    expect(ada.replies.find((reply) => reply.id === 100)).toEqual({ id: 100, result: { type: 'started' } });
    expect(await rejectedBy(url, 'subscriptions_per_connection')).toBe(0);
  });
});

describe('connections per user', () => {
  it("past the bound a user's new connection is closed with 4429; other users connect as before", async () => {
    const { url } = await start({ LIVEBELL_MAX_CONNECTIONS_PER_USER: '2' });
    const token = await signIn(url, 'ada');
    for (let n = 0; n < 2; n += 1) {
      const admitted = await rawSocket(url, { token });
      admitted.send(queryCall(1, 'notifications.unreadCount'));
      await admitted.waitForReplies((replies) => answered(replies).length === 1);
    }
    const third = await rawSocket(url, { token });
    third.send(queryCall(1, 'notifications.unreadCount'));
    expect(await third.closed).toBe(CLOSE_CODES.TOO_MANY_CONNECTIONS);
    expect(answered(third.replies)).toEqual([]);
    expect(await rejectedBy(url, 'connections_per_user')).toBe(1);

    const bob = await rawSocket(url, { token: await signIn(url, 'bob') });
    bob.send(queryCall(1, 'notifications.unreadCount'));
    await bob.waitForReplies((replies) => answered(replies).length === 1);
  });
});

describe('authentication deadline', () => {
  const deadlineMs = 1000;

  it('sockets without a valid token are closed with 4408 at the deadline, even while answering PING', async () => {
    const { url } = await start({ LIVEBELL_AUTH_TIMEOUT_MS: String(deadlineMs) });
    const openedAt = Date.now();
    const [silent, noParams, forged, signedIn] = await Promise.all([
      rawSocket(url, { withholdConnectionParams: true }),
      rawSocket(url),
      rawSocket(url, { token: 'not.a.token' }),
      signIn(url, 'ada').then((token) => rawSocket(url, { token })),
    ]);
    silent.send('PING');
    for (const socket of [silent, noParams, forged]) {
      expect(await socket.closed).toBe(CLOSE_CODES.AUTHENTICATION_TIMEOUT);
    }
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(deadlineMs - 50);
    const metrics = await scrape(`${url}/metrics`);
    expect(sampleValue(metrics, 'livebell_auth_failures_total', { reason: 'auth deadline' })).toBe(3);

    // The signed-in socket outlives the deadline and serves.
    expect(signedIn.socket.readyState).toBe(signedIn.socket.OPEN);
    signedIn.send(queryCall(1, 'notifications.unreadCount'));
    await signedIn.waitForReplies((replies) => answered(replies).length === 1);
  });
});

describe('calls per HTTP batch', () => {
  const batchUrl = (url: string, path: string, count: number) =>
    `${url}/trpc/${Array.from({ length: count }, () => path).join(',')}?batch=1&input=${encodeURIComponent('{}')}`;

  it('an anonymous GET batching 1,000 health.status calls is refused with 400 and runs none', async () => {
    const { url } = await start();
    const response = await fetch(batchUrl(url, 'health.status', 1000));
    expect(response.status).toBe(400);
    const body = JSON.stringify(await response.json());
    expect(body).toContain('BAD_REQUEST');
    expect(body).not.toContain('"result"');
    expect(await rejectedBy(url, 'calls_per_batch')).toBe(1);
  });

  it('anonymous batches are smaller than signed-in ones', async () => {
    const { url } = await start();
    const anonymous = DEFAULT_LIMITS.anonymousBatch;
    const full = await fetch(batchUrl(url, 'health.status', anonymous));
    expect(full.status).toBe(200);
    expect(await full.json()).toHaveLength(anonymous);

    const over = await fetch(batchUrl(url, 'health.status', anonymous + 1));
    expect(over.status).toBe(400);
    const refusals = (await over.json()) as WireReply[];
    expect(refusals).toHaveLength(anonymous + 1);
    expect(refusals[0]?.error?.message).toBe(
      `Batch of ${anonymous + 1} calls without a valid token: at most ${anonymous}`,
    );
    expect(await rejectedBy(url, 'calls_per_batch')).toBe(1);

    const headers = { authorization: `Bearer ${await signIn(url, 'ada')}` };
    const signedIn = await fetch(batchUrl(url, 'notifications.unreadCount', DEFAULT_LIMITS.batch), { headers });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toHaveLength(DEFAULT_LIMITS.batch);
    const tooBig = await fetch(batchUrl(url, 'notifications.unreadCount', DEFAULT_LIMITS.batch + 1), { headers });
    expect(tooBig.status).toBe(400);
    expect(await rejectedBy(url, 'calls_per_batch')).toBe(2);
  });
});
