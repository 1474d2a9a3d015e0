import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { MAX_MESSAGE_BYTES } from '../../src/http/http-server.js';
import { METRIC_NAMES } from '../../src/metrics/metrics.js';
import { parseSamples, promtool, sampleValue, scrape } from '../support/prometheus.js';
import { rawSocket } from '../support/raw-socket.js';
import { liveClient, signIn, type TestNode } from '../support/test-server.js';
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
