// Burst fan-out: N subscribers, then one bulk insert of one notification per
// subscriber (what admin.send does); time until the last one arrives, and
// deliveries per second.
import { setTimeout as sleep } from 'node:timers/promises';
import { epochMs, monotonicUs, type PhaseWindow } from '../clock.js';
import { startCpuMeter, type CpuUse } from '../cpu-meter.js';
import { benchNotification } from '../database/bench-notification.js';
import { cdfPoints, type CdfPoint } from '../latency-cdf.js';
import { formatMs, formatRate, summarize, type LatencySummary } from '../latency-stats.js';
import { tallyDeliveries, type DeliveryTally } from '../load/delivery-ledger.js';
import type { FleetOpenResult } from '../load/load-fleet.js';
import type { MemorySample } from '../systems/memory-probe.js';
import { SYSTEM_LABELS, type SystemName } from '../systems/system-name.js';
import { benchUserIds } from '../user-ids.js';
import { expectedPerWorker, withSystemUnderLoad, type ScenarioContext } from './scenario-context.js';

export type BurstParams = { subscribers: number; workers: number };

export type BurstResult = {
  system: SystemName;
  connect: FleetOpenResult;
  /** How long the bulk insert took to be acknowledged. */
  insertMs: number;
  /** From the bulk insert's start to the last delivery. */
  lastArrivalMs: number;
  deliveriesPerSecond: number;
  latency: LatencySummary;
  cdf: CdfPoint[];
  deliveries: DeliveryTally;
  disconnects: number;
  resyncs: number;
  cpu: CpuUse;
  serverMemory: MemorySample;
  /** The connect and delivery phases, to cut them out of a server CPU profile. */
  phases: { connect: PhaseWindow; deliver: PhaseWindow };
  notes: string[];
};

const QUIET_MS = 15_000;
const DUPLICATE_GRACE_MS = 1000;
const CONNECT_CONCURRENCY = 100;

export async function runBurst(
  context: ScenarioContext,
  system: SystemName,
  params: BurstParams,
  cpuProfile?: { dir: string; name: string },
): Promise<BurstResult> {
  const label = 'burst';
  return withSystemUnderLoad(context, system, { workers: params.workers, label, ...(cpuProfile ? { cpuProfile } : {}) }, async ({ server, fleet, serverExited }) => {
    const users = benchUserIds(params.subscribers);
    const connectFrom = monotonicUs();
    const connect = await fleet.open(system, server.url, context.jwtSecret, users, CONNECT_CONCURRENCY);
    const notes: string[] = [];
    if (connect.failed > 0) notes.push(`${connect.failed} of ${users.length} clients failed to connect: ${connect.firstError ?? ''}`);

    const docs = users.map((userId, seq) => benchNotification(seq, userId, 0));
    const connectTo = monotonicUs();
    const meter = await startCpuMeter({ server: server.pid, database: context.databasePid, load: fleet.pids });
    // One stamp for the whole bulk insert, taken as it starts (as admin.send inserts them all at once).
    const sentAt = epochMs();
    for (const doc of docs) (doc.data as { sentAt: number }).sentAt = sentAt;
    await context.database.notifications.insertMany(docs, { ordered: true });
    const insertMs = epochMs() - sentAt;
    const settled = await fleet.settle(expectedPerWorker(fleet, users), QUIET_MS);
    const cpu = await meter();
    const deliverTo = monotonicUs();
    await sleep(DUPLICATE_GRACE_MS);
    const reports = await fleet.reports();
    const { tally, latenciesMs } = tallyDeliveries(users.length, reports);
    if (!settled.every((s) => s.complete)) notes.push(`deliveries stopped before all arrived (waited ${QUIET_MS / 1000} s after the last one)`);
    if (serverExited()) notes.push('the server process exited during the run');
    const serverMemory = await server.memory();
    const latency = summarize(latenciesMs);
    const deliveriesPerSecond = (tally.delivered / latency.max) * 1000;
    context.print(
      `burst   ${SYSTEM_LABELS[system].padEnd(18)} last arrival ${formatMs(latency.max)}, ${formatRate(deliveriesPerSecond)} deliveries (insert ack ${formatMs(insertMs)}); ` +
        `${tally.delivered}/${tally.expected} delivered, ${tally.lost} lost, ${tally.duplicated} duplicated, ${tally.misrouted} misrouted`,
    );
    return {
      system,
      connect,
      insertMs,
      lastArrivalMs: latency.max,
      deliveriesPerSecond,
      latency,
      cdf: cdfPoints(latenciesMs),
      deliveries: tally,
      disconnects: reports.reduce((sum, r) => sum + r.disconnects, 0),
      resyncs: reports.reduce((sum, r) => sum + r.resyncs, 0),
      cpu,
      serverMemory,
      phases: { connect: { fromUs: connectFrom, toUs: connectTo }, deliver: { fromUs: connectTo, toUs: deliverTo } },
      notes,
    };
  });
}
