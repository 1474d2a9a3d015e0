// The server's reading of stream positions (StreamPosition in
// @livebell/shared): a position is a change-stream resume token's `_data`,
// uppercase hex of a KeyString that begins with "82" and the change's 8-byte
// cluster time, so the shared ordering is commit order (mongos merges shard
// streams by the same order; the emulator keeps it). The cluster-time prefix
// orders positions against an operation's `operationTime` (unread counts).
import { compareStreamPositions, type StreamPosition } from '@livebell/shared';
import type { Timestamp } from 'mongodb';

export { compareStreamPositions, type StreamPosition };

/** The shape of every resume token livebell hands out or accepts. */
const POSITION = /^(?:[0-9A-F]{2})+$/;

/** Hex digits of "82" plus the cluster time that begin a KeyString resume token. */
const CLUSTER_TIME_END = 18;

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
  if (!POSITION.test(value) || clusterTimeOfPosition(value) === '') return false;
  return clusterTimeMsOf(value) <= nowMs + MAX_CLOCK_LEAD_SECONDS * 1000;
}

/** The `_data` string of a driver resume token, or null when it has none. */
export function positionOf(resumeToken: unknown): StreamPosition | null {
  if (typeof resumeToken !== 'object' || resumeToken === null || !('_data' in resumeToken)) return null;
  const data = resumeToken._data;
  return typeof data === 'string' && POSITION.test(data) ? data : null;
}

/** The driver's form of a position, for `resumeAfter`. */
export function resumeTokenOf(position: StreamPosition): { _data: string } {
  return { _data: position };
}

/**
 * A cluster time as 16 uppercase hex digits (seconds, then increment), the
 * form it takes inside a position: such strings order as the times do.
 */
export type ClusterTimeKey = string;

/** The cluster time a position was taken at; '' (before every time) for a position without one. */
export function clusterTimeOfPosition(position: StreamPosition): ClusterTimeKey {
  return position.startsWith('82') && position.length >= CLUSTER_TIME_END ? position.slice(2, CLUSTER_TIME_END) : '';
}

/** The wall-clock time (ms since the epoch, whole seconds) of a position's cluster time; 0 without one. */
export function clusterTimeMsOf(position: StreamPosition): number {
  const key = clusterTimeOfPosition(position);
  return key === '' ? 0 : Number.parseInt(key.slice(0, 8), 16) * 1000;
}

/** An operation's `operationTime` in the form positions carry it. */
export function clusterTimeKey(time: Timestamp): ClusterTimeKey {
  const hex = time.t.toString(16).padStart(8, '0') + time.i.toString(16).padStart(8, '0');
  return hex.toUpperCase();
}
