import { formatMs, formatRate } from '../../latency-stats.js';
import { formatCount } from '../format.js';
import { markdownTable } from '../markdown-table.js';
import type { ReportInput } from '../report-input.js';

/** The database alone: inserts/s and insert-to-watcher latency of the emulator. */
export function emulatorSection({ result }: ReportInput): string {
  if (result.emulator.length === 0) return '';
  const { emulator } = result.config;
  return [
    '## The database alone (mongo emulator)',
    '',
    `${formatCount(emulator.inserts)} inserts into a collection watched by ${emulator.watchers} change streams configured as livebell's (updateLookup, pre-images), the emulator in its own process; latency from the insert call to each watcher's event.`,
    '',
    markdownTable(
      ['scenario', 'inserts/s', 'insert-to-watcher p50', 'p95', 'p99', 'max'],
      result.emulator.map((phase) => [
        phase.name,
        formatRate(phase.insertsPerSecond),
        formatMs(phase.latency.p50),
        formatMs(phase.latency.p95),
        formatMs(phase.latency.p99),
        formatMs(phase.latency.max),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'The emulator is a development database written in TypeScript, not MongoDB: the end-to-end numbers above include it, the same for every system.',
  ].join('\n');
}
