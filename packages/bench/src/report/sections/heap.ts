import { SYSTEM_LABELS } from '../../systems/system-name.js';
import { formatBytes, formatKiB, formatCount } from '../format.js';
import { markdownTable } from '../markdown-table.js';
import type { ReportInput } from '../report-input.js';

/** What each server keeps per connection, by kind of heap object, from heap snapshots. */
export function heapSection({ result }: ReportInput): string {
  if (result.heap.length === 0) return '';
  const livebell = result.heap.find((h) => h.system === 'livebell');
  const top = (kinds: readonly { kind: string; bytes: number }[], count: number) =>
    kinds
      .slice(0, count)
      .map((k) => `\`${k.kind}\` ${formatBytes(k.bytes)}`)
      .join(', ');
  return [
    '### Where the heap per connection goes',
    '',
    `Heap snapshots of each server, idle and with ${formatCount(result.config.heap.connections)} idle subscribers: the growth per connection of the objects' own (self) size, by constructor (closures by function name, V8's internals by category). ` +
      'A Map or Set counts its backing table, not what its entries point to.',
    '',
    ...(livebell
      ? [
          markdownTable(
            ['livebell: kind', 'objects per connection', 'bytes per connection'],
            livebell.perConnection.slice(0, 15).map((k) => [`\`${k.kind}\``, k.count.toFixed(1), formatBytes(k.bytes)]),
            ['l', 'r', 'r'],
          ),
          '',
        ]
      : []),
    result.heap
      .map(
        (h) =>
          `- ${SYSTEM_LABELS[h.system]}: ${formatKiB(h.bytesPerConnection)} of heap objects per connection; most: ${top(h.perConnection, 6)}.`,
      )
      .join('\n'),
  ].join('\n');
}
