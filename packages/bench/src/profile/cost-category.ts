// Coarse categories of CPU time, the same for every system, so that their
// profiles can stand side by side: what livebell spends more than the floor
// on, and on what.
import { IDLE_AREA, LIVEBELL_AREA_PREFIX, SOCKET_WRITES_AREA } from './cpu-profile-summary.js';

export const COST_CATEGORIES = [
  'livebell server code',
  'baseline server code',
  'tRPC',
  'Socket.IO',
  'ws',
  'zod',
  'MongoDB driver and BSON',
  'jose (JWT)',
  'other npm packages',
  'socket writes (native)',
  'garbage collector',
  'Node.js internals',
  'V8 builtins and native',
] as const;

export type CostCategory = (typeof COST_CATEGORIES)[number];

const SOCKET_IO_PACKAGES = new Set([
  'socket.io',
  'socket.io-parser',
  'socket.io-adapter',
  'engine.io',
  'engine.io-parser',
  '@socket.io/component-emitter',
]);

/** The category of an area from areaOf(); null for idle time. */
export function categoryOf(area: string): CostCategory | null {
  if (area === IDLE_AREA) return null;
  if (area.startsWith(LIVEBELL_AREA_PREFIX) || area === '@livebell/shared') return 'livebell server code';
  if (area === '@livebell/bench') return 'baseline server code';
  if (area === SOCKET_WRITES_AREA) return 'socket writes (native)';
  if (area === 'V8: garbage collector') return 'garbage collector';
  if (area.startsWith('Node.js: ')) return 'Node.js internals';
  if (area.startsWith('npm: ')) {
    const name = area.slice('npm: '.length);
    if (name.startsWith('@trpc/')) return 'tRPC';
    if (SOCKET_IO_PACKAGES.has(name)) return 'Socket.IO';
    if (name === 'ws') return 'ws';
    if (name === 'zod') return 'zod';
    if (name === 'mongodb' || name === 'bson') return 'MongoDB driver and BSON';
    if (name === 'jose') return 'jose (JWT)';
    return 'other npm packages';
  }
  return 'V8 builtins and native';
}

/** `value` added up per category (every category present, 0 when unused): CPU time or bytes allocated. */
export function categoryTotals<T extends { area: string }>(
  areas: readonly T[],
  value: (entry: T) => number,
): Record<CostCategory, number> {
  const totals = Object.fromEntries(COST_CATEGORIES.map((category) => [category, 0])) as Record<CostCategory, number>;
  for (const entry of areas) {
    const category = categoryOf(entry.area);
    if (category) totals[category] += value(entry);
  }
  return totals;
}
