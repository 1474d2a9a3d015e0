// Burst fan-out: N subscribers, then one bulk insert of one notification per
// subscriber (what admin.send does); time until the last one arrives, and
// deliveries per second.
import { epochMs } from '../clock.js';
import { benchNotification } from '../database/bench-notification.js';
import { formatMs, formatRate } from '../latency-stats.js';
import { SYSTEM_LABELS, type SystemName } from '../systems/system-name.js';
import { deliveryLine, runDeliveries, type DeliveryRunResult, type ProfileFiles } from './delivery-run.js';
import type { ScenarioContext } from './scenario-context.js';

export type BurstParams = { subscribers: number; workers: number };

export type BurstResult = Omit<DeliveryRunResult, 'insert'> & {
  /** How long the bulk insert took to be acknowledged. */
  insertMs: number;
  /** From the bulk insert's start to the last delivery. */
  lastArrivalMs: number;
  deliveriesPerSecond: number;
};

export async function runBurst(
  context: ScenarioContext,
  system: SystemName,
  params: BurstParams,
  profiling?: ProfileFiles,
): Promise<BurstResult> {
  const options = {
    label: 'burst',
    subscribers: params.subscribers,
    workers: params.workers,
    quietMs: 15_000,
    ...profiling,
  };
  const { insert: insertMs, ...run } = await runDeliveries(context, system, options, async (users) => {
    const docs = users.map((userId, seq) => benchNotification(seq, userId, 0));
    // One stamp for the whole bulk insert, taken as it starts (admin.send inserts them all at once).
    const sentAt = epochMs();
    for (const doc of docs) (doc.data as { sentAt: number }).sentAt = sentAt;
    await context.database.notifications.insertMany(docs, { ordered: true });
    return { targets: users, info: epochMs() - sentAt };
  });
  const lastArrivalMs = run.latency.max;
  const deliveriesPerSecond = (run.deliveries.delivered / lastArrivalMs) * 1000;
  context.print(
    `burst   ${SYSTEM_LABELS[system].padEnd(18)} last arrival ${formatMs(lastArrivalMs)}, ${formatRate(deliveriesPerSecond)} deliveries (insert acknowledged after ${formatMs(insertMs)}); ${deliveryLine(run.deliveries)}`,
  );
  return { ...run, insertMs, lastArrivalMs, deliveriesPerSecond };
}
