import { formatMs, formatRate } from '../../latency-stats.js';
import { formatRatio, ratio, ratioSentence } from '../../ratio-format.js';
import type { CapacityResult } from '../../scenarios/capacity.js';
import { SYSTEM_LABELS, type SystemName } from '../../systems/system-name.js';
import { floorAndSocketIo } from '../comparison-lines.js';
import { formatCount, formatKiB, formatMiB } from '../format.js';
import type { ReportInput } from '../report-input.js';
import type { RunResult } from '../run-result.js';

/** livebell's result in each scenario in one line, against the floor and Socket.IO. */
export function headlineSection({ result, medianSteady, medianBurst }: ReportInput): string {
  const lines: string[] = ['## Headline', ''];
  const { steady, burst } = result.config;
  const livebellSteady = medianSteady('livebell');
  if (livebellSteady) {
    const p50OfFloor = ratio(livebellSteady.latency.p50, medianSteady('ws')?.latency.p50 ?? Number.NaN);
    lines.push(
      `- **Steady** (${formatCount(steady.subscribers)} subscribers, ${formatCount(steady.ratePerSecond)}/s for ${steady.durationS} s): ` +
        `livebell p99 ${formatMs(livebellSteady.latency.p99)}: ` +
        `${ratioSentence(
          'livebell',
          'p99',
          livebellSteady.latency.p99,
          floorAndSocketIo(medianSteady, (r) => r.latency.p99),
        )} (lower is better); ` +
        `p50 ${formatMs(livebellSteady.latency.p50)} = ${formatRatio(p50OfFloor)} floor.`,
    );
  }
  const livebellBurst = medianBurst('livebell');
  if (livebellBurst) {
    lines.push(
      `- **Burst** (${formatCount(burst.subscribers)} subscribers, one bulk insert): livebell's last delivery after ${formatMs(livebellBurst.lastArrivalMs)}, ` +
        `${formatRate(livebellBurst.deliveriesPerSecond)}: ` +
        `${ratioSentence(
          'livebell',
          'throughput',
          livebellBurst.deliveriesPerSecond,
          floorAndSocketIo(medianBurst, (r) => r.deliveriesPerSecond),
        )} (higher is better).`,
    );
  }
  const capacity = result.capacity.find((c) => c.system === 'livebell');
  const top = capacity?.steps.at(-1);
  if (capacity && top) {
    lines.push(
      `- **Capacity**: livebell held ${formatCount(top.connections)} idle subscribers in ${formatMiB(top.memory.rssBytes)} RSS ` +
        `(${formatKiB(top.rssPerConnectionBytes)} RSS, ${formatKiB(top.heapPerConnectionBytes)} JS heap per connection); ` +
        `${capacityComparison(result.capacity, top.connections)}. Stopped: ${capacity.stoppedBecause}.`,
    );
  }
  lines.push(`- **Deliveries**: ${deliverySentence(result)}.`);
  return lines.join('\n');
}

/** The other systems' RSS at livebell's highest connection count. */
function capacityComparison(capacity: readonly CapacityResult[], connections: number): string {
  const at = (system: SystemName) =>
    capacity.find((c) => c.system === system)?.steps.find((step) => step.connections === connections);
  const parts = (['socketio', 'ws'] as const).flatMap((system) => {
    const step = at(system);
    return step ? [`${SYSTEM_LABELS[system]} ${formatMiB(step.memory.rssBytes)}`] : [];
  });
  return parts.length > 0 ? `at the same count ${parts.join(', ')}` : 'no other system reached the same count';
}

/** "0 lost, 0 duplicated and 0 misrouted in all 18 runs", or each run that was not clean. */
function deliverySentence(result: RunResult): string {
  const runs = [
    ...result.steady.map((r) => ({ scenario: 'steady', ...r })),
    ...result.burst.map((r) => ({ scenario: 'burst', ...r })),
  ];
  const bad = runs.filter((r) => r.deliveries.lost + r.deliveries.duplicated + r.deliveries.misrouted > 0);
  if (runs.length === 0) return 'no delivery scenario ran';
  if (bad.length === 0)
    return `0 lost, 0 duplicated and 0 misrouted in all ${runs.length} runs (every system, scenario and round)`;
  return bad
    .map(
      (r) =>
        `${SYSTEM_LABELS[r.system]} ${r.scenario} round ${r.round}: ${r.deliveries.lost} lost, ${r.deliveries.duplicated} duplicated, ${r.deliveries.misrouted} misrouted`,
    )
    .join('; ');
}
