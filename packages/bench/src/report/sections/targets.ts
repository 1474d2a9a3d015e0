import { formatMs, formatRate } from '../../latency-stats.js';
import { formatRatio, ratio } from '../../ratio-format.js';
import { formatCount, formatKiB, formatMicroseconds, formatMiB } from '../format.js';
import { markdownTable } from '../markdown-table.js';
import type { ReportInput } from '../report-input.js';
import type { CapacityStep } from '../../scenarios/capacity.js';
import type { SystemName } from '../../systems/system-name.js';
import { TARGETS } from '../targets.js';
import { measuredServerCpu } from './cpu-profiles.js';

const GIB = 2 ** 30;

type TargetRow = [target: string, measured: string, verdict: string];

function verdict(met: boolean | null): string {
  return met === null ? 'not measured' : met ? 'met' : '**not met**';
}

/** A ratio to the floor beside the limit it is judged by, in enough digits that rounding never hides which side it is on. */
function againstFloor(value: number, limit: string): string {
  return Number.isFinite(value) ? `${value.toFixed(3)}x floor (${limit})` : 'n/a';
}

/** Each target, what was measured against it, and whether it is met. */
export function targetsSection(input: ReportInput): string {
  const rows = [
    latencyRow(input),
    latencyP50Row(input),
    burstThroughputRow(input),
    memoryRow(input),
    idleMemoryRow(input),
    databaseCpuRow(input),
    deliveriesRow(input),
  ];
  return [
    '## Targets (reported, never enforced)',
    '',
    markdownTable(['target', 'measured', ''], rows),
    '',
    `1 GB is read as 10^9 bytes; ${(TARGETS.memory.maxRssBytes / GIB).toFixed(2)} GiB.`,
  ].join('\n');
}

function latencyRow({ medianSteady }: ReportInput): TargetRow {
  const livebell = medianSteady('livebell')?.latency.p99 ?? Number.NaN;
  const floor = medianSteady('ws')?.latency.p99 ?? Number.NaN;
  const socketIo = medianSteady('socketio')?.latency.p99 ?? Number.NaN;
  const notMeasured = Number.isNaN(livebell + floor + socketIo);
  return [
    TARGETS.latency.description,
    `${formatMs(livebell)} = ${againstFloor(ratio(livebell, floor), `at most ${TARGETS.latency.maxOfFloor}x`)}, ${formatRatio(ratio(livebell, socketIo))} Socket.IO`,
    verdict(notMeasured ? null : livebell <= TARGETS.latency.maxOfFloor * floor && livebell < socketIo),
  ];
}

function latencyP50Row({ medianSteady }: ReportInput): TargetRow {
  const livebell = medianSteady('livebell')?.latency.p50 ?? Number.NaN;
  const floor = medianSteady('ws')?.latency.p50 ?? Number.NaN;
  return [
    TARGETS.latencyP50.description,
    `${formatMs(livebell)} = ${againstFloor(ratio(livebell, floor), `at most ${TARGETS.latencyP50.maxOfFloor}x`)}`,
    verdict(Number.isNaN(livebell + floor) ? null : livebell <= TARGETS.latencyP50.maxOfFloor * floor),
  ];
}

function burstThroughputRow({ medianBurst }: ReportInput): TargetRow {
  const livebell = medianBurst('livebell')?.deliveriesPerSecond ?? Number.NaN;
  const floor = medianBurst('ws')?.deliveriesPerSecond ?? Number.NaN;
  const socketIo = medianBurst('socketio')?.deliveriesPerSecond ?? Number.NaN;
  const notMeasured = Number.isNaN(livebell + floor + socketIo);
  return [
    TARGETS.burstThroughput.description,
    `${formatRate(livebell)} = ${againstFloor(ratio(livebell, floor), `at least ${(1 / TARGETS.burstThroughput.maxOfFloor).toFixed(3)}x`)}, ${formatRatio(ratio(livebell, socketIo))} Socket.IO`,
    verdict(notMeasured ? null : livebell * TARGETS.burstThroughput.maxOfFloor >= floor && livebell > socketIo),
  ];
}

/** Measured at the target's count when the machine allows it, else extrapolated from the highest step. */
function memoryRow({ topCapacityStep }: ReportInput): TargetRow {
  const { description, subscribers, maxRssBytes } = TARGETS.memory;
  const top = topCapacityStep('livebell');
  if (!top) return [description, 'capacity not run', verdict(null)];
  const rss = top.memory.rssBytes;
  if (top.connections >= subscribers) {
    return [description, `${formatMiB(rss)} at ${formatCount(top.connections)}`, verdict(rss < maxRssBytes)];
  }
  const extrapolated = rss + (subscribers - top.connections) * top.rssPerConnectionBytes;
  return [
    description,
    `${formatMiB(rss)} at ${formatCount(top.connections)} (the most this machine allows); about ${formatMiB(extrapolated)} at ${formatCount(subscribers)} at ${formatKiB(top.rssPerConnectionBytes)} each`,
    `${verdict(extrapolated < maxRssBytes)} (extrapolated)`,
  ];
}

/** Per connection at each system's highest step of the capacity scenario. */
function idleMemoryRow({ topCapacityStep }: ReportInput): TargetRow {
  const livebell = topCapacityStep('livebell');
  const socketIo = topCapacityStep('socketio');
  if (!livebell || !socketIo) return [TARGETS.idleMemory.description, 'capacity not run', verdict(null)];
  const side = (step: CapacityStep) =>
    `${formatKiB(step.rssPerConnectionBytes)} RSS and ${formatKiB(step.heapPerConnectionBytes)} heap at ${formatCount(step.connections)}`;
  return [
    TARGETS.idleMemory.description,
    `livebell ${side(livebell)}; Socket.IO ${side(socketIo)}`,
    verdict(
      livebell.rssPerConnectionBytes <= socketIo.rssPerConnectionBytes &&
        livebell.heapPerConnectionBytes <= socketIo.heapPerConnectionBytes,
    ),
  ];
}

function databaseCpuRow({ result }: ReportInput): TargetRow {
  const scenarios = (['steady', 'burst'] as const).map((scenario) => {
    const measured = measuredServerCpu(result, scenario);
    const of = (system: SystemName) => measured.find((m) => m.system === system)?.databaseUs ?? Number.NaN;
    return { scenario, livebell: of('livebell'), floor: of('ws') };
  });
  const notMeasured = scenarios.some(({ livebell, floor }) => Number.isNaN(livebell + floor));
  return [
    TARGETS.databaseCpu.description,
    scenarios
      .map(
        ({ scenario, livebell, floor }) =>
          `${scenario} ${formatMicroseconds(livebell)} = ${againstFloor(ratio(livebell, floor), `at most ${TARGETS.databaseCpu.maxOfFloor}x`)}`,
      )
      .join('; '),
    verdict(
      notMeasured ? null : scenarios.every(({ livebell, floor }) => livebell <= TARGETS.databaseCpu.maxOfFloor * floor),
    ),
  ];
}

function deliveriesRow({ result }: ReportInput): TargetRow {
  const runs = [...result.steady, ...result.burst].filter((r) => r.system === 'livebell');
  const lost = runs.reduce((sum, r) => sum + r.deliveries.lost, 0);
  const duplicated = runs.reduce((sum, r) => sum + r.deliveries.duplicated, 0);
  return [
    TARGETS.deliveries.description,
    `livebell: ${formatCount(lost)} lost, ${formatCount(duplicated)} duplicated over ${runs.length} runs`,
    verdict(runs.length === 0 ? null : lost === 0 && duplicated === 0),
  ];
}
