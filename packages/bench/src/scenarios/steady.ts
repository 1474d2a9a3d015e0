// Steady: N subscribers (distinct users), notifications to random users at a
// fixed rate, each inserted on its own; insert-to-receipt latency and
// lost/duplicated deliveries.
import { epochMs } from '../clock.js';
import { benchNotification } from '../database/bench-notification.js';
import { paceInserts, type PacedInserts } from '../database/insert-pacer.js';
import { formatMs } from '../latency-stats.js';
import { seededRandom } from '../seeded-random.js';
import { SYSTEM_LABELS, type SystemName } from '../systems/system-name.js';
import { deliveryLine, runDeliveries, type DeliveryRunResult, type ProfileFiles } from './delivery-run.js';
import type { ScenarioContext } from './scenario-context.js';

export type SteadyParams = {
  subscribers: number;
  ratePerSecond: number;
  durationS: number;
  seed: number;
  workers: number;
};

export type SteadyResult = Omit<DeliveryRunResult, 'insert'> & { inserts: PacedInserts };

/** A steady run under other server settings (the metrics-cost scenario): its own log label and server environment. */
export type SteadyVariant = { label: string; serverEnv: Record<string, string>; scrapeMetricsEveryMs?: number };

export async function runSteady(
  context: ScenarioContext,
  system: SystemName,
  params: SteadyParams,
  profiling?: ProfileFiles,
  variant?: SteadyVariant,
): Promise<SteadyResult> {
  const options = {
    label: 'steady',
    subscribers: params.subscribers,
    workers: params.workers,
    quietMs: 10_000,
    ...profiling,
    ...variant,
  };
  const { insert: inserts, ...run } = await runDeliveries(context, system, options, async (users) => {
    const random = seededRandom(params.seed);
    const count = params.ratePerSecond * params.durationS;
    const targets = Array.from({ length: count }, () => users[Math.floor(random() * users.length)] ?? '');
    const info = await paceInserts(context.database.notifications, count, params.ratePerSecond, (seq) =>
      benchNotification(seq, targets[seq] ?? '', epochMs()),
    );
    return { targets, info };
  });
  const { latency } = run;
  context.print(
    `${options.label.padEnd(7)} ${SYSTEM_LABELS[system].padEnd(18)} p50 ${formatMs(latency.p50)}, p95 ${formatMs(latency.p95)}, p99 ${formatMs(latency.p99)}, max ${formatMs(latency.max)}; ${deliveryLine(run.deliveries)}`,
  );
  return { ...run, inserts };
}
