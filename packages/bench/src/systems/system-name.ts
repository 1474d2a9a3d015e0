/** The systems the benchmark compares, in the order it runs them. */
export const SYSTEM_NAMES = ['livebell', 'socketio', 'ws'] as const;

export type SystemName = (typeof SYSTEM_NAMES)[number];

export const SYSTEM_LABELS: Record<SystemName, string> = {
  livebell: 'livebell',
  socketio: 'Socket.IO design',
  ws: 'ws relay (floor)',
};

export function isSystemName(value: string): value is SystemName {
  return (SYSTEM_NAMES as readonly string[]).includes(value);
}
