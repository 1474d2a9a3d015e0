import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { MAX_MESSAGE_BYTES } from '../../src/http/http-server.js';
import { METRIC_NAMES } from '../../src/metrics/metrics.js';
import { parseSamples, promtool, sampleValue, scrape } from '../support/prometheus.js';
import { rawSocket } from '../support/raw-socket.js';
import { liveClient, signIn, startStack, titled, type Stack, type TestNode } from '../support/test-server.js';
import { testResources } from '../support/test-resources.js';

const { defer, database, node } = testResources();

function metricsUrlOf(started: TestNode): string {
  const url = started.server.metricsUrl;
  if (url === null) throw new Error('metrics are off');
  return url;
}

/** The process metrics prom-client collects by default that an operator reads first. */
const PROCESS_METRICS = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_heap_size_used_bytes',
  'nodejs_gc_duration_seconds',
];

describe('GET /metrics', () => {
  it('exposes every livebell metric and the process defaults, in a format promtool accepts', async () => {
    const started = await node(await database());

    const text = await scrape(metricsUrlOf(started));

    for (const name of [...METRIC_NAMES, ...PROCESS_METRICS]) expect(text).toContain(`# TYPE ${name} `);
    expect(sampleValue(text, 'livebell_events_delivered_total', { kind: 'created' })).toBe(0);
    expect(sampleValue(text, 'livebell_replays_total', { source: 'catch-up' })).toBe(0);
    const checked = await promtool(['check', 'metrics'], text);
    // Exit 3 is "parsed, with lint problems" (1 would be a format error). The
    // only problems are prom-client's own names for three of its defaults.
    expect(checked.output.trim().split('\n')).toEqual(
      ['handles', 'requests', 'resources'].map(
        (what) => `nodejs_active_${what}_total non-counter metrics should not have "_total" suffix`,
      ),
    );
    expect(checked.exitCode).toBe(3);
  });

  it('counts open WebSocket connections and refused sign-ins by reason, with no user id in any label', async () => {
    const started = await node(await database());
    const metricsUrl = metricsUrlOf(started);
    const forged = await new AccessTokens('an-attacker-guessed-this-secret!!').sign(
      { id: 'mallory', role: 'user' },
      60,
    );

    const refused = liveClient(started.server.url, forged.token);
    defer(() => refused.close());
    await expect(refused.waitForEvent(() => true)).rejects.toThrow('invalid token');

    const text = await scrape(metricsUrl);
    expect(sampleValue(text, 'livebell_connections', { transport: 'websocket' })).toBe(1);
    expect(sampleValue(text, 'livebell_auth_failures_total', { reason: 'invalid token' })).toBe(1);
    expect(sampleValue(text, 'livebell_auth_failures_total', { reason: 'missing token' })).toBe(0);
    const labelValues = parseSamples(text).flatMap((sample) => Object.values(sample.labels));
    expect(labelValues).not.toContain('mallory');

    await refused.close();
    await expect
      .poll(async () => sampleValue(await scrape(metricsUrl), 'livebell_connections', { transport: 'websocket' }))
      .toBe(0);
  });

  it('a WebSocket message or an HTTP body past the size bound counts as rejected by message_size', async () => {
    const started = await node(await database());
    const { url } = started.server;
    const oversized = 'x'.repeat(MAX_MESSAGE_BYTES + 1);

    const ada = await rawSocket(url, { token: await signIn(url, 'ada') });
    ada.send(oversized);
    expect(await ada.closed).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    const body = await fetch(`${url}/trpc/auth.devSignIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: oversized,
    });
    expect(body.status).toBe(413);

    const text = await scrape(metricsUrlOf(started));
    expect(sampleValue(text, 'livebell_rejected_total', { limit: 'message_size' })).toBe(2);
  });

  it('with METRICS_TOKEN, answers 401 without the bearer token and the metrics with it', async () => {
    const token = 'scrape-token-0123456789';
    const started = await node(await database(), { METRICS_TOKEN: token });
    const metricsUrl = metricsUrlOf(started);

    const without = await fetch(metricsUrl);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect(await scrape(metricsUrl, token)).toContain('# TYPE livebell_subscribers gauge');
  });

  it('with METRICS_PORT, serves /metrics on that port only', async () => {
    const started = await node(await database(), { METRICS_PORT: '0' });
    const metricsUrl = metricsUrlOf(started);

    expect(new URL(metricsUrl).port).not.toBe(String(started.server.port));
    expect(await scrape(metricsUrl)).toContain('# TYPE livebell_connections gauge');
    expect((await fetch(`${started.server.url}/metrics`)).status).toBe(404);
  });

  it('with LIVEBELL_METRICS=false, records nothing and /metrics is not found', async () => {
    const started = await node(await database(), { LIVEBELL_METRICS: 'false' });

    expect(started.server.metricsUrl).toBeNull();
    expect((await fetch(`${started.server.url}/metrics`)).status).toBe(404);
  });
});

describe('delivery metrics', () => {
  /** The node's /metrics, read through the stack's server. */
  const scrapeOf = async (stack: Stack) => {
    const url = stack.node.server.metricsUrl;
    if (url === null) throw new Error('metrics are off');
    return scrape(url);
  };

  it('count deliveries by kind, observe the lag of each live one, and track subscribers and the stream', async () => {
    const stack = await startStack();
    defer(() => stack.stop());
    const ada = await stack.subscribe('ada');
    await ada.waitForEvent((event) => event.kind === 'resync');
    const before = await scrapeOf(stack);
    expect(sampleValue(before, 'livebell_subscribers', { transport: 'websocket' })).toBe(1);
    expect(sampleValue(before, 'livebell_events_delivered_total', { kind: 'resync' })).toBe(1);

    const { insertedIds } = await stack.db.notifications.insertMany(
      ['one', 'two', 'three'].map((title) => ({ userId: 'ada', type: 'info', title })),
    );
    await ada.waitForEvent(titled('three'));
    await ada.api.notifications.markRead.mutate({ id: insertedIds[0]?.toHexString() ?? '' });
    await ada.waitForEvent((event) => event.kind === 'updated');

    const after = await scrapeOf(stack);
    expect(sampleValue(after, 'livebell_events_delivered_total', { kind: 'created' })).toBe(3);
    expect(sampleValue(after, 'livebell_events_delivered_total', { kind: 'updated' })).toBe(1);
    // Four live events, each observed once; a local round trip takes well under the 10 s bucket.
    expect(sampleValue(after, 'livebell_delivery_lag_seconds_count')).toBe(4);
    expect(sampleValue(after, 'livebell_delivery_lag_seconds_bucket', { le: '10' })).toBe(4);
    expect(sampleValue(after, 'livebell_delivery_lag_seconds_sum')).toBeGreaterThan(0);
    const streamLag = sampleValue(after, 'livebell_change_stream_lag_seconds');
    expect(streamLag).toBeGreaterThanOrEqual(0);
    expect(streamLag).toBeLessThan(10);

    await ada.close();
    await expect
      .poll(async () => sampleValue(await scrapeOf(stack), 'livebell_subscribers', { transport: 'websocket' }))
      .toBe(0);
  });

  it('count each resuming subscriber by how it was brought up to date: window, catch-up stream or resync', async () => {
    // A window of one change, so that a client two changes behind needs a catch-up stream.
    const stack = await startStack({ LIVEBELL_REPLAY_WINDOW: '1' });
    defer(() => stack.stop());
    const first = await stack.subscribe('ada');
    await first.waitForEvent((event) => event.kind === 'resync');
    await stack.db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'seen' });
    const seen = await first.waitForEvent(titled('seen'));
    await first.close();

    const fromWindow = await stack.subscribe('ada', { lastEventId: seen.id });
    // Nothing to replay, so no event says it is subscribed; the gauge does.
    await expect
      .poll(async () => sampleValue(await scrapeOf(stack), 'livebell_subscribers', { transport: 'websocket' }))
      .toBe(1);
    await stack.db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'after' });
    await fromWindow.waitForEvent(titled('after'));
    await stack.db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'later' });
    await fromWindow.waitForEvent(titled('later'));
    const fromCatchUp = await stack.subscribe('ada', { lastEventId: seen.id });
    await fromCatchUp.waitForEvent(titled('later'));
    const unreadable = await stack.subscribe('ada', { lastEventId: 'not-a-position' });
    await unreadable.waitForEvent((event) => event.kind === 'resync');

    const text = await scrapeOf(stack);
    expect(sampleValue(text, 'livebell_replays_total', { source: 'window' })).toBe(1);
    expect(sampleValue(text, 'livebell_replays_total', { source: 'catch-up' })).toBe(1);
    expect(sampleValue(text, 'livebell_replays_total', { source: 'resync' })).toBe(1);
    // Replayed events are deliveries too, but not live ones: the lag histogram counts only the live.
    expect(sampleValue(text, 'livebell_events_delivered_total', { kind: 'created' })).toBe(5);
    expect(sampleValue(text, 'livebell_delivery_lag_seconds_count')).toBe(3);
  });
});
