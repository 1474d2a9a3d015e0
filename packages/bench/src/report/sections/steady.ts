import { formatMs } from '../../latency-stats.js';
import type { SteadyResult } from '../../scenarios/steady.js';
import { SYSTEM_LABELS } from '../../systems/system-name.js';
import { comparisonLines } from '../comparison-lines.js';
import { DELIVERY_COLUMNS, deliveryCells, runNotes } from '../delivery-cells.js';
import { formatCount, formatRange } from '../format.js';
import { markdownTable } from '../markdown-table.js';
import type { ReportInput } from '../report-input.js';

/** Each system's median steady round: latency, deliveries, CPU and GC, then the ratios. */
export function steadySection({ result, steady: rows }: ReportInput): string {
  if (rows.length === 0) return '';
  const table = markdownTable(
    ['system', 'p50', 'p95', 'p99', 'max', 'p99 over rounds', ...DELIVERY_COLUMNS],
    rows.map(({ system, median, all }) => [
      SYSTEM_LABELS[system],
      formatMs(median.latency.p50),
      formatMs(median.latency.p95),
      formatMs(median.latency.p99),
      formatMs(median.latency.max),
      formatRange(all, formatMs),
      ...deliveryCells(median),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const { steady } = result.config;
  return [
    `## Steady: ${formatCount(steady.subscribers)} subscribers, ${formatCount(steady.ratePerSecond)} notifications/s for ${steady.durationS} s`,
    '',
    table,
    '',
    comparisonLines(
      rows.map((r) => r.median),
      [
        { metric: 'p50', key: (r: SteadyResult) => r.latency.p50 },
        { metric: 'p99', key: (r: SteadyResult) => r.latency.p99 },
        { metric: 'server CPU', key: (r: SteadyResult) => r.cpu.serverS },
      ],
    ),
    '',
    "CPU columns: seconds used during the insert-and-deliver window by the server, the database, the load workers, and the rest of the machine (other people's work). Server GC: the stop-the-world pauses of the server's garbage collector in the same window (a PerformanceObserver in the preloaded probe).",
    runNotes(rows.map((r) => r.median)),
  ].join('\n');
}
