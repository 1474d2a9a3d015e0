// Cells and notes the steady and burst tables share.
import type { GcPauses } from '../systems/memory-probe.js';
import { SYSTEM_LABELS, type SystemName } from '../systems/system-name.js';
import { formatCount, formatSeconds } from './format.js';

/** The columns the steady and burst tables end with, filled by `deliveryCells`. */
export const DELIVERY_COLUMNS = [
  'delivered',
  'lost',
  'duplicated',
  'server CPU',
  'database CPU',
  'load CPU',
  'other CPU',
  'server GC',
] as const;

/** A round's deliveries, CPU and GC pauses, as the `DELIVERY_COLUMNS`. */
export function deliveryCells(round: {
  deliveries: { delivered: number; expected: number; lost: number; duplicated: number };
  cpu: { serverS: number; databaseS: number; loadS: number; otherS: number };
  gc?: GcPauses;
}): string[] {
  const { deliveries } = round;
  return [
    `${formatCount(deliveries.delivered)} / ${formatCount(deliveries.expected)}`,
    formatCount(deliveries.lost),
    formatCount(deliveries.duplicated),
    ...cpuCells(round.cpu),
    gcCell(round.gc),
  ];
}

/** "85 pauses, 480 ms, longest 14 ms"; n/a for runs recorded before GC pauses were measured. */
function gcCell(gc: GcPauses | undefined): string {
  if (!gc) return 'n/a';
  return `${formatCount(gc.scavenges + gc.others)} pauses, ${formatCount(gc.scavengeMs + gc.otherMs)} ms, longest ${formatCount(gc.longestMs)} ms`;
}

/** CPU seconds of the server, the database, the load workers and the rest of the machine. */
function cpuCells(cpu: { serverS: number; databaseS: number; loadS: number; otherS: number }): string[] {
  return [
    formatSeconds(cpu.serverS),
    formatSeconds(cpu.databaseS),
    formatSeconds(cpu.loadS),
    formatSeconds(cpu.otherS),
  ];
}

/** What went wrong in the shown rounds (notes, unexpected disconnects, extra resyncs); empty when nothing did. */
export function runNotes(
  rows: readonly { system: SystemName; notes: string[]; disconnects: number; resyncs: number }[],
): string {
  const notes = rows.flatMap((row) => {
    const label = SYSTEM_LABELS[row.system];
    return [
      ...row.notes.map((note) => `${label}: ${note}`),
      ...(row.disconnects > 0 ? [`${label}: ${formatCount(row.disconnects)} unexpected disconnects`] : []),
      ...(row.resyncs > 0 ? [`${label}: ${formatCount(row.resyncs)} resync events after the first`] : []),
    ];
  });
  return notes.length > 0 ? `\nNotes: ${notes.join('; ')}.` : '';
}
