import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.js';
import { OperationsSampler } from '../../src/metrics/operations-sampler.js';

const watching = { enabled: true, isWatching: true, lastEventAt: null, restarts: 0, lastError: null };

describe('OperationsSampler', () => {
  it('reports deliveries per second and the delivery lag of each interval, and the stream lag', async () => {
    let now = Date.parse('2026-11-30T12:00:00Z');
    const metrics = createMetrics({ enabled: true, now: () => now });
    const sampler = new OperationsSampler({ metrics, nodeId: 'n1', changeStreams: () => watching, now: () => now });
    await sampler.sample();

    metrics.subscriberOpened('websocket');
    metrics.changeRead(now - 20);
    for (let i = 0; i < 10; i++) metrics.delivered('created', now - 20);
    now += 2000;
    await sampler.sample();
    now += 2000;
    await sampler.sample();

    const report = sampler.report();
    expect(report).toMatchObject({ nodeId: 'n1', metricsEnabled: true, changeStreams: watching });
    const [busy, idle] = report.samples;
    expect(busy).toMatchObject({ at: '2026-11-30T12:00:02.000Z', subscribers: 1, deliveriesPerSecond: 5 });
    expect(busy?.deliveryLagP50).toBeGreaterThan(0.01);
    expect(busy?.deliveryLagP50).toBeLessThanOrEqual(0.025);
    expect(busy?.changeStreamLagSeconds).toBeCloseTo(2.02);
    expect(idle).toMatchObject({ deliveriesPerSecond: 0, deliveryLagP50: null, deliveryLagP99: null });
  });

  it('with metrics off, reports no samples', async () => {
    const sampler = new OperationsSampler({
      metrics: createMetrics({ enabled: false }),
      nodeId: 'n1',
      changeStreams: () => watching,
    });
    await sampler.sample();
    await sampler.sample();
    expect(sampler.report()).toMatchObject({ metricsEnabled: false, samples: [] });
  });
});
