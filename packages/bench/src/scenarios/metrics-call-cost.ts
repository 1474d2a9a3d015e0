// What livebell's metrics cost per call, measured in this process with the
// server's own metrics code: a load-independent bound to set beside the
// with/without comparison, which a busy shared machine makes noisy.
import { createMetrics } from '@livebell/server/metrics';

export type MetricsCallCost = {
  /** CPU per `delivered()` (a counter and a histogram observation), nanoseconds. */
  deliveredNs: number;
  /** CPU per scrape of the whole registry (livebell's metrics and the process defaults), microseconds. */
  scrapeUs: number;
  /** CPU per operations-page sample (`snapshot()`), microseconds. */
  sampleUs: number;
};

const CALLS = 1_000_000;
const SCRAPES = 200;

function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

export async function measureMetricsCallCost(): Promise<MetricsCallCost> {
  const metrics = createMetrics({ enabled: true });
  const registry = metrics.registry;
  if (registry === null) throw new Error('metrics are off');
  const committedAtMs = Date.now();
  for (let i = 0; i < CALLS / 10; i++) metrics.delivered('created', committedAtMs); // warm-up
  let from = cpuUs();
  for (let i = 0; i < CALLS; i++) metrics.delivered('created', committedAtMs);
  const deliveredNs = ((cpuUs() - from) * 1000) / CALLS;
  from = cpuUs();
  for (let i = 0; i < SCRAPES; i++) await registry.metrics();
  const scrapeUs = (cpuUs() - from) / SCRAPES;
  from = cpuUs();
  for (let i = 0; i < SCRAPES; i++) await metrics.snapshot();
  const sampleUs = (cpuUs() - from) / SCRAPES;
  return { deliveredNs, scrapeUs, sampleUs };
}
