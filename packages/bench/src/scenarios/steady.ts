// Steady: N subscribers (distinct users), notifications to random users at a
// fixed rate, each inserted on its own; insert-to-receipt latency and
// lost/duplicated deliveries.
import { setTimeout as sleep } from 'node:timers/promises';
import { epochMs, monotonicUs, type PhaseWindow } from '../clock.js';
import { startCpuMeter, type CpuUse } from '../cpu-meter.js';
import { benchNotification } from '../database/bench-notification.js';
import { paceInserts, type PacedInserts } from '../database/insert-pacer.js';
import { cdfPoints, type CdfPoint } from '../latency-cdf.js';
import { formatMs, summarize, type LatencySummary } from '../latency-stats.js';
import { tallyDeliveries, type DeliveryTally } from '../load/delivery-ledger.js';
import type { FleetOpenResult } from '../load/load-fleet.js';
import { seededRandom } from '../seeded-random.js';
import type { MemorySample } from '../systems/memory-probe.js';
import { SYSTEM_LABELS, type SystemName } from '../systems/system-name.js';
import { benchUserIds } from '../user-ids.js';
import { expectedPerWorker, withSystemUnderLoad, type ScenarioContext } from './scenario-context.js';

export type SteadyParams = { subscribers: number; ratePerSecond: number; durationS: number; seed: number; workers: number };

export type SteadyResult = {
  system: SystemName;
  connect: FleetOpenResult;
  inserts: PacedInserts;
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

/** Wait this long for stragglers before counting a delivery as lost. */
const QUIET_MS = 10_000;
/** Listen this long after the last expected delivery, to catch duplicates. */
const DUPLICATE_GRACE_MS = 1000;
const CONNECT_CONCURRENCY = 100;

export async function runSteady(
  context: ScenarioContext,
  system: SystemName,
  params: SteadyParams,
  cpuProfile?: { dir: string; name: string },
): Promise<SteadyResult> {
  const label = 'steady';
  return withSystemUnderLoad(context, system, { workers: params.workers, label, ...(cpuProfile ? { cpuProfile } : {}) }, async ({ server, fleet, serverExited }) => {
    const users = benchUserIds(params.subscribers);
    const connectFrom = monotonicUs();
    const connect = await fleet.open(system, server.url, context.jwtSecret, users, CONNECT_CONCURRENCY);
    const notes: string[] = [];
    if (connect.failed > 0) notes.push(`${connect.failed} of ${users.length} clients failed to connect: ${connect.firstError ?? ''}`);

    const random = seededRandom(params.seed);
    const count = params.ratePerSecond * params.durationS;
    const targets = Array.from({ length: count }, () => users[Math.floor(random() * users.length)] ?? '');
    const connectTo = monotonicUs();
    const meter = await startCpuMeter({ server: server.pid, database: context.databasePid, load: fleet.pids });
    const inserts = await paceInserts(context.database.notifications, count, params.ratePerSecond, (seq) =>
      benchNotification(seq, targets[seq] ?? '', epochMs()),
    );
    const settled = await fleet.settle(expectedPerWorker(fleet, targets), QUIET_MS);
    const cpu = await meter();
    const deliverTo = monotonicUs();
    await sleep(DUPLICATE_GRACE_MS);
    const reports = await fleet.reports();
    const { tally, latenciesMs } = tallyDeliveries(count, reports);
    if (!settled.every((s) => s.complete)) notes.push(`deliveries stopped before all arrived (waited ${QUIET_MS / 1000} s after the last one)`);
    if (serverExited()) notes.push('the server process exited during the run');
    const serverMemory = await server.memory();
    const latency = summarize(latenciesMs);
    context.print(
      `steady  ${SYSTEM_LABELS[system].padEnd(18)} p50 ${formatMs(latency.p50)}, p95 ${formatMs(latency.p95)}, p99 ${formatMs(latency.p99)}, max ${formatMs(latency.max)}; ` +
        `${tally.delivered}/${tally.expected} delivered, ${tally.lost} lost, ${tally.duplicated} duplicated, ${tally.misrouted} misrouted`,
    );
    return {
      system,
      connect,
      inserts,
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
