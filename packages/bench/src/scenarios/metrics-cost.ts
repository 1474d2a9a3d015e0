// Metrics cost: livebell's steady scenario with metrics on (and /metrics
// scraped every few seconds, as Prometheus does) and with them off
// (LIVEBELL_METRICS=false), the two taking turns round by round so that a
// busy spell on a shared machine hits both. Reported: the server's CPU per
// delivered notification, and how much more it is with metrics.
import { medianBy } from '../report/median-round.js';
import { measureMetricsCallCost, type MetricsCallCost } from './metrics-call-cost.js';
import type { ScenarioContext } from './scenario-context.js';
import { runSteady, type SteadyParams, type SteadyVariant } from './steady.js';

/** Scrapes more often than Prometheus's usual 15 s, so the cost measured is an upper bound. */
const SCRAPE_EVERY_MS = 5000;

/** The operations page's sampling interval on the server. */
const SAMPLE_INTERVAL_S = 2;

export type MetricsCostRun = {
  metrics: boolean;
  round: number;
  serverCpuS: number;
  delivered: number;
  /** Server CPU per delivered notification, microseconds. */
  serverCpuUs: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU the rest of the machine used meanwhile: large values mark a noisy run. */
  otherCpuS: number;
  notes: string[];
};

export type MetricsCostResult = {
  runs: MetricsCostRun[];
  /** Median rounds (the lower middle one for an even count), server CPU per delivered notification (µs). */
  withMetricsUs: number;
  withoutMetricsUs: number;
  /** (with - without) / without, in percent of the server's CPU. */
  overheadPercent: number;
  /** The metrics code's own CPU per call, measured in the bench process. */
  callCost: MetricsCallCost;
  /**
   * What those calls add per notification (one delivery, a scrape every 5 s
   * and a sample every 2 s spread over the notifications between them), in
   * percent of the server's CPU per notification without metrics.
   */
  callBoundPercent: number;
};

export async function runMetricsCost(
  context: ScenarioContext,
  params: SteadyParams,
  rounds: number,
): Promise<MetricsCostResult> {
  const runs: MetricsCostRun[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const order = round % 2 === 1 ? [true, false] : [false, true];
    for (const metrics of order) {
      const variant: SteadyVariant = metrics
        ? { label: 'metrics', serverEnv: {}, scrapeMetricsEveryMs: SCRAPE_EVERY_MS }
        : { label: 'nometrics', serverEnv: { LIVEBELL_METRICS: 'false' } };
      const run = await runSteady(context, 'livebell', params, undefined, variant);
      const delivered = run.deliveries.delivered;
      runs.push({
        metrics,
        round,
        serverCpuS: run.cpu.serverS,
        delivered,
        serverCpuUs: delivered > 0 ? (run.cpu.serverS * 1e6) / delivered : Number.NaN,
        p50Ms: run.latency.p50,
        p99Ms: run.latency.p99,
        otherCpuS: run.cpu.otherS,
        notes: run.notes,
      });
    }
  }
  const medianUs = (metrics: boolean) =>
    medianBy(
      runs.filter((run) => run.metrics === metrics),
      (run) => run.serverCpuUs,
    )?.serverCpuUs ?? Number.NaN;
  const withMetricsUs = medianUs(true);
  const withoutMetricsUs = medianUs(false);
  const overheadPercent = ((withMetricsUs - withoutMetricsUs) / withoutMetricsUs) * 100;
  const callCost = await measureMetricsCallCost();
  const perNotificationUs =
    callCost.deliveredNs / 1000 +
    callCost.scrapeUs / ((params.ratePerSecond * SCRAPE_EVERY_MS) / 1000) +
    callCost.sampleUs / (params.ratePerSecond * SAMPLE_INTERVAL_S);
  const callBoundPercent = (perNotificationUs / withoutMetricsUs) * 100;
  context.print(
    `metrics cost: server CPU per notification ${withMetricsUs.toFixed(0)} µs with metrics, ${withoutMetricsUs.toFixed(0)} µs without (median of ${rounds}): ${overheadPercent >= 0 ? '+' : ''}${overheadPercent.toFixed(1)}%`,
  );
  context.print(
    `metrics calls: delivered() ${callCost.deliveredNs.toFixed(0)} ns, a scrape ${callCost.scrapeUs.toFixed(0)} µs, a sample ${callCost.sampleUs.toFixed(0)} µs of CPU: ${perNotificationUs.toFixed(2)} µs per notification, ${callBoundPercent.toFixed(2)}% of the server's CPU without metrics`,
  );
  return { runs, withMetricsUs, withoutMetricsUs, overheadPercent, callCost, callBoundPercent };
}
