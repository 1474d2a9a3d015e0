import { z } from 'zod';

/**
 * A point in the `notifications` change stream: the `_data` of a change-stream
 * resume token (uppercase hex; a KeyString that begins with the change's
 * cluster time). It is the tracked id of every `notifications.onEvent` event.
 *
 * Ordered within one deployment: `compareStreamPositions` orders positions
 * minted by any node of one replica set (or sharded cluster) by commit. Never
 * compare positions of two different deployments, and never parse one beyond
 * this ordering.
 */
export const streamPositionSchema = z.string().regex(/^(?:[0-9A-F]{2})+$/, 'must be a resume token (uppercase hex)');

export type StreamPosition = z.infer<typeof streamPositionSchema>;

/**
 * The one ordering of stream positions: negative when `a` comes first, zero
 * when equal, positive when `b` comes first. Plain code-unit order, which is
 * commit order for resume tokens of one deployment.
 */
export function compareStreamPositions(a: StreamPosition, b: StreamPosition): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
