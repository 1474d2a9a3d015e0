// Stream positions. A position is a change-stream resume token's `_data`:
// uppercase hex of a KeyString that begins with the event's cluster time, so
// plain string comparison orders positions by commit (mongos merges shard
// streams by the same order; the emulator keeps it). livebell compares
// positions only with `<`/`>` on these strings.

/** The shape of every resume token livebell hands out or accepts. */
const POSITION = /^(?:[0-9A-F]{2})+$/;

/** True when `value` can be a resume token's `_data` (uppercase hex, whole bytes). */
export function isPosition(value: string): boolean {
  return POSITION.test(value);
}

/** The `_data` string of a driver resume token, or null when it has none. */
export function positionOf(resumeToken: unknown): string | null {
  if (typeof resumeToken !== 'object' || resumeToken === null || !('_data' in resumeToken)) return null;
  const data = resumeToken._data;
  return typeof data === 'string' && isPosition(data) ? data : null;
}

/** The driver's form of a position, for `resumeAfter`. */
export function resumeTokenOf(position: string): { _data: string } {
  return { _data: position };
}
