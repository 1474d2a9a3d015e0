import { formatMs, formatRate } from '../../latency-stats.js';
import { formatRatio, ratio } from '../../ratio-format.js';
import { formatCount, formatKiB, formatMiB } from '../format.js';
import { markdownTable } from '../markdown-table.js';
import type { ReportInput } from '../report-input.js';
import { TARGETS } from '../targets.js';

const GIB = 2 ** 30;

type TargetRow = [target: string, measured: string, verdict: string];

function verdict(met: boolean | null): string {
  return met === null ? 'not measured' : met ? 'met' : '**not met**';
}

/** Each target, what was measured against it, and whether it is met. */
export function targetsSection(input: ReportInput): string {
  const rows = [latencyRow(input), burstThroughputRow(input), memoryRow(input), deliveriesRow(input)];
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
    `${formatMs(livebell)} = ${formatRatio(ratio(livebell, floor))} floor, ${formatRatio(ratio(livebell, socketIo))} Socket.IO`,
    verdict(notMeasured ? null : livebell <= TARGETS.latency.maxOfFloor * floor && livebell < socketIo),
  ];
}

function burstThroughputRow({ medianBurst }: ReportInput): TargetRow {
  const livebell = medianBurst('livebell')?.deliveriesPerSecond ?? Number.NaN;
  const floor = medianBurst('ws')?.deliveriesPerSecond ?? Number.NaN;
  const socketIo = medianBurst('socketio')?.deliveriesPerSecond ?? Number.NaN;
  const notMeasured = Number.isNaN(livebell + floor + socketIo);
  return [
    TARGETS.burstThroughput.description,
    `${formatRate(livebell)} = ${formatRatio(ratio(livebell, floor))} floor, ${formatRatio(ratio(livebell, socketIo))} Socket.IO`,
    verdict(notMeasured ? null : livebell * TARGETS.burstThroughput.maxOfFloor >= floor && livebell > socketIo),
  ];
}

/** Measured at the target's count when the machine allows it, else extrapolated from the highest step. */
function memoryRow({ result }: ReportInput): TargetRow {
  const { description, subscribers, maxRssBytes } = TARGETS.memory;
  const top = result.capacity.find((c) => c.system === 'livebell')?.steps.at(-1);
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
