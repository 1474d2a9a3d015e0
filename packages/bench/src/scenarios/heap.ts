// Heap: where a server's memory per connection goes. Two heap snapshots of
// the server, idle and with N idle subscribers, compared kind by kind
// (constructor, closure, V8 category) per connection. Small N on purpose: a
// snapshot is several times the heap's size.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  heapBytes,
  heapGrowthPerUnit,
  heapKinds,
  type HeapKind,
  type HeapSnapshot,
} from '../profile/heap-snapshot-summary.js';
import { formatKiB } from '../report/format.js';
import { SYSTEM_LABELS, type SystemName } from '../systems/system-name.js';
import { benchUserIds } from '../user-ids.js';
import { withSystemUnderLoad, type ScenarioContext } from './scenario-context.js';

export type HeapParams = { connections: number };

export type HeapResult = {
  system: SystemName;
  connections: number;
  /** Growth of the snapshot's total self size, per connection. */
  bytesPerConnection: number;
  /** The kinds that grew most, per connection. */
  perConnection: HeapKind[];
};

const CONNECT_CONCURRENCY = 100;

export async function runHeap(context: ScenarioContext, system: SystemName, params: HeapParams): Promise<HeapResult> {
  return withSystemUnderLoad(context, system, { workers: 2, label: 'heap' }, async ({ server, fleet }) => {
    const take = (file: string) => server.heapSnapshot(file);
    const idle = await snapshotKinds(take, join(context.logDir, `${system}-idle.heapsnapshot`));
    const opened = await fleet.open(
      system,
      server.url,
      context.jwtSecret,
      benchUserIds(params.connections),
      CONNECT_CONCURRENCY,
    );
    const loaded = await snapshotKinds(take, join(context.logDir, `${system}-${params.connections}.heapsnapshot`));
    const bytesPerConnection = (heapBytes(loaded) - heapBytes(idle)) / opened.opened;
    const perConnection = heapGrowthPerUnit(idle, loaded, opened.opened, 40);
    const top = perConnection.slice(0, 4).map((k) => `${k.kind} ${formatKiB(k.bytes)}`);
    context.print(
      `heap    ${SYSTEM_LABELS[system].padEnd(18)} ${formatKiB(bytesPerConnection)} of heap objects per connection; ${top.join(', ')}`,
    );
    return { system, connections: opened.opened, bytesPerConnection, perConnection };
  });
}

/** Takes a snapshot, summarizes it, and deletes the file (hundreds of MB). */
async function snapshotKinds(take: (file: string) => Promise<string>, file: string): Promise<Map<string, HeapKind>> {
  const written = await take(file);
  try {
    return heapKinds(JSON.parse(await readFile(written, 'utf8')) as HeapSnapshot);
  } finally {
    await rm(written, { force: true });
  }
}
