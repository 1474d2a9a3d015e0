import { formatMs, formatRate } from '../../latency-stats.js';
import type { BurstResult } from '../../scenarios/burst.js';
import { SYSTEM_LABELS } from '../../systems/system-name.js';
import { comparisonLines } from '../comparison-lines.js';
import { DELIVERY_COLUMNS, deliveryCells, runNotes } from '../delivery-cells.js';
import { formatCount, formatRange, formatSeconds } from '../format.js';
import { markdownTable } from '../markdown-table.js';
import type { ReportInput } from '../report-input.js';

/** Each system's median burst round: last arrival, throughput, deliveries, CPU and GC, then the ratios. */
export function burstSection({ result, burst: rows }: ReportInput): string {
  if (rows.length === 0) return '';
  const table = markdownTable(
    [
      'system',
      'last arrival',
      'deliveries/s',
      'p50',
      'p99',
      'last arrival over rounds',
      'insert acknowledged',
      ...DELIVERY_COLUMNS,
    ],
    rows.map(({ system, median, all }) => [
      SYSTEM_LABELS[system],
      formatMs(median.lastArrivalMs),
      formatRate(median.deliveriesPerSecond),
      formatMs(median.latency.p50),
      formatMs(median.latency.p99),
      formatRange(all, formatMs),
      formatMs(median.insertMs),
      ...deliveryCells(median),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const subscribers = formatCount(result.config.burst.subscribers);
  const connectTimes = rows
    .map(({ system, median }) => `${formatSeconds(median.connect.elapsedMs / 1000)} (${SYSTEM_LABELS[system]})`)
    .join(', ');
  return [
    `## Burst fan-out: one bulk insert of ${subscribers} notifications, one per subscriber`,
    '',
    table,
    '',
    comparisonLines(
      rows.map((r) => r.median),
      [
        { metric: 'last arrival', key: (r: BurstResult) => r.lastArrivalMs },
        { metric: 'deliveries/s', key: (r: BurstResult) => r.deliveriesPerSecond },
        { metric: 'server CPU', key: (r: BurstResult) => r.cpu.serverS },
      ],
    ),
    '',
    `Connecting the ${subscribers} subscribers took ${connectTimes}. Deliveries/s = deliveries / time to the last one.`,
    runNotes(rows.map((r) => r.median)),
  ].join('\n');
}
