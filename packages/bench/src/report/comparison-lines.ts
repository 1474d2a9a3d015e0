// livebell against the floor (the ws relay) and Socket.IO, as sentences.
import { ratioSentence, type Reference } from '../ratio-format.js';
import type { SystemName } from '../systems/system-name.js';
import { rowOf } from './median-round.js';

/** The floor's and Socket.IO's value of `key`, to compare livebell with; NaN for a system that did not run. */
export function floorAndSocketIo<T>(
  of: (system: SystemName) => T | undefined,
  key: (row: T) => number,
): [floor: Reference, socketIo: Reference] {
  const value = (row: T | undefined) => (row ? key(row) : Number.NaN);
  return [
    { label: 'floor', value: value(of('ws')) },
    { label: 'Socket.IO', value: value(of('socketio')) },
  ];
}

/** Per metric, livebell against the floor and Socket.IO, then Socket.IO against the floor: a bullet list. */
export function comparisonLines<T extends { system: SystemName }>(
  rows: readonly T[],
  metrics: { metric: string; key: (row: T) => number }[],
): string {
  const livebell = rowOf(rows, 'livebell');
  const socketio = rowOf(rows, 'socketio');
  const of = (system: SystemName) => rowOf(rows, system);
  return metrics
    .flatMap(({ metric, key }) => {
      const [floor, socketIoReference] = floorAndSocketIo(of, key);
      return [
        livebell ? `- ${ratioSentence('livebell', metric, key(livebell), [floor, socketIoReference])}` : null,
        socketio ? `- ${ratioSentence('Socket.IO', metric, key(socketio), [floor])}` : null,
      ];
    })
    .filter((line): line is string => line !== null)
    .join('\n');
}
