// Capacity: idle subscribers opened in steps; the server's RSS and heap after
// a full GC at each step, memory per connection, and the connect rate. Stops
// at the last step, at the first step where clients fail to connect or the
// server dies, or where the machine's open-file limit caps the count.
import { startCpuMeter, type CpuUse } from '../cpu-meter.js';
import { formatRate } from '../latency-stats.js';
import { formatKiB, formatMiB } from '../report/format.js';
import type { MemorySample } from '../systems/memory-probe.js';
import { SYSTEM_LABELS, type SystemName } from '../systems/system-name.js';
import { benchUserIds } from '../user-ids.js';
import { withSystemUnderLoad, type ScenarioContext } from './scenario-context.js';

export type CapacityStep = {
  connections: number;
  /** Clients that failed to connect in this step. */
  failed: number;
  connectSeconds: number;
  /** New connections per second in this step. */
  connectRate: number;
  memory: MemorySample;
  rssPerConnectionBytes: number;
  heapPerConnectionBytes: number;
  /** CPU while this step's clients connected. */
  cpu: CpuUse;
};

export type CapacityResult = {
  system: SystemName;
  workers: number;
  baseline: MemorySample;
  steps: CapacityStep[];
  stoppedBecause: string;
};

export type CapacityPlan = { steps: number[]; workers: number; cappedBy: string | null };

/** Connections kept free in each process for its other descriptors (listener, database pool, logs). */
export const DESCRIPTOR_RESERVE = 100;
const CONNECT_CONCURRENCY = 100;

/**
 * The steps this machine can run: a step above what one server process can
 * hold is replaced by that maximum, and the steps after it are dropped.
 * Enough workers that each holds at most that many clients (at least 2).
 */
export function capacityPlan(
  wanted: readonly number[],
  perProcessConnections: number,
  openFileLimit: number,
): CapacityPlan {
  const steps: number[] = [];
  let cappedBy: string | null = null;
  for (const step of wanted) {
    if (step <= perProcessConnections) {
      steps.push(step);
      continue;
    }
    if (steps.at(-1) !== perProcessConnections) steps.push(perProcessConnections);
    cappedBy = `the open-file limit: ${openFileLimit.toLocaleString('en-US')} descriptors per process (the hard limit; raising it needs CAP_SYS_RESOURCE), so one server holds at most ${perProcessConnections.toLocaleString('en-US')} connections`;
    break;
  }
  const largest = steps.at(-1) ?? 0;
  return { steps, workers: Math.max(2, Math.ceil(largest / perProcessConnections)), cappedBy };
}

export async function runCapacity(
  context: ScenarioContext,
  system: SystemName,
  plan: CapacityPlan,
): Promise<CapacityResult> {
  return withSystemUnderLoad(
    context,
    system,
    { workers: plan.workers, label: 'capacity' },
    async ({ server, fleet, serverExited }) => {
      const baseline = await server.memory();
      const steps: CapacityStep[] = [];
      let stoppedBecause =
        plan.cappedBy ?? `reached the last step (${(plan.steps.at(-1) ?? 0).toLocaleString('en-US')})`;
      let open = 0;
      for (const target of plan.steps) {
        const users = benchUserIds(target - open, open);
        const meter = await startCpuMeter({ server: server.pid, database: context.databasePid, load: fleet.pids });
        const result = await fleet.open(system, server.url, context.jwtSecret, users, CONNECT_CONCURRENCY);
        const cpu = await meter();
        open += result.opened;
        if (serverExited()) {
          stoppedBecause = `the server exited while opening ${target.toLocaleString('en-US')} connections`;
          break;
        }
        const memory = await server.memory();
        const step: CapacityStep = {
          connections: open,
          failed: result.failed,
          connectSeconds: result.elapsedMs / 1000,
          connectRate: (result.opened / result.elapsedMs) * 1000,
          memory,
          rssPerConnectionBytes: (memory.rssBytes - baseline.rssBytes) / open,
          heapPerConnectionBytes: (memory.heapUsedBytes - baseline.heapUsedBytes) / open,
          cpu,
        };
        steps.push(step);
        context.print(
          `capacity ${SYSTEM_LABELS[system].padEnd(18)} ${open.toLocaleString('en-US').padStart(7)} connections: RSS ${formatMiB(memory.rssBytes)}, heap ${formatMiB(memory.heapUsedBytes)}, ` +
            `${formatKiB(step.rssPerConnectionBytes)} RSS and ${formatKiB(step.heapPerConnectionBytes)} heap per connection, connected at ${formatRate(step.connectRate)}` +
            (result.failed > 0 ? `, ${result.failed} failed (${result.firstError ?? ''})` : ''),
        );
        if (result.failed > 0) {
          stoppedBecause = `${result.failed.toLocaleString('en-US')} clients failed to connect at ${target.toLocaleString('en-US')}: ${result.firstError ?? 'unknown error'}`;
          break;
        }
      }
      return { system, workers: plan.workers, baseline, steps, stoppedBecause };
    },
  );
}
