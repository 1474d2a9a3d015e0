// Stream positions. A position is a change-stream resume token's `_data`:
// uppercase hex of a KeyString that begins with the event's cluster time, so
// plain string comparison orders positions by commit (mongos merges shard
// streams by the same order; the emulator keeps it). livebell compares
// positions only with `<`/`>` on these strings.

/** The shape of every resume token livebell hands out or accepts. */
const POSITION = /^(?:[0-9A-F]{2})+$/;

/** True when `value` can be a resume token's `_data` (uppercase hex, whole bytes). */
function isPosition(value: string): boolean {
  return POSITION.test(value);
}

/**
 * How far a client's last event id may lie ahead of this server's clock.
 * Cluster times are wall-clock seconds; more than this ahead is not a token
 * any deployment handed out (or its clock is badly wrong).
 */
const MAX_CLOCK_LEAD_SECONDS = 60 * 60;

/**
 * True when `value` can be a position a client legitimately holds: a
 * KeyString resume token ("82", then the 8-byte cluster time) from no later
 * than about now. Anything else is answered with `resync`, because an
 * unreadable id that sorted after every real one would hide all later events.
 */
export function isClientPosition(value: string, nowMs = Date.now()): boolean {
  if (!isPosition(value) || !value.startsWith('82') || value.length < 18) return false;
  const seconds = Number.parseInt(value.slice(2, 10), 16);
  return seconds <= nowMs / 1000 + MAX_CLOCK_LEAD_SECONDS;
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
