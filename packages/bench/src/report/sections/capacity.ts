import { formatRate } from '../../latency-stats.js';
import { SYSTEM_LABELS } from '../../systems/system-name.js';
import { formatCount, formatKiB, formatMiB, formatSeconds } from '../format.js';
import { markdownTable } from '../markdown-table.js';
import type { ReportInput } from '../report-input.js';

/** Memory and connect rate per step of idle subscribers, and the two charts. */
export function capacitySection({ result, files }: ReportInput): string {
  if (result.capacity.length === 0) return '';
  const rows = result.capacity.flatMap((c) =>
    c.steps.map((step) => [
      SYSTEM_LABELS[c.system],
      formatCount(step.connections),
      formatMiB(step.memory.rssBytes),
      formatMiB(step.memory.heapUsedBytes),
      formatKiB(step.rssPerConnectionBytes),
      formatKiB(step.heapPerConnectionBytes),
      formatRate(step.connectRate),
      formatCount(step.failed),
      formatSeconds(step.cpu.serverS),
    ]),
  );
  return [
    '## Capacity: idle subscribers in steps',
    '',
    markdownTable(
      [
        'system',
        'connections',
        'RSS',
        'JS heap',
        'RSS per connection',
        'heap per connection',
        'connect rate',
        'failed',
        'server CPU to connect the step',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    result.capacity
      .map(
        (c) =>
          `- ${SYSTEM_LABELS[c.system]}: idle server ${formatMiB(c.baseline.rssBytes)} RSS, ${formatMiB(c.baseline.heapUsedBytes)} heap; stopped: ${c.stoppedBecause}; ${c.workers} load workers.`,
      )
      .join('\n'),
    '',
    `Connect rate: new subscribers per second in the step, each counted when the server will deliver to it (livebell: the subscription's first \`resync\` event; Socket.IO: \`connect\`, after the auth middleware and the room join; ws: \`open\`, after the token check). ${result.config.steady.workers} workers open 100 at a time each.`,
    '',
    `![Server memory against idle subscribers](${files.memoryChart})`,
    '',
    `![Insert-to-receipt latency CDFs](${files.latencyChart})`,
  ].join('\n');
}
