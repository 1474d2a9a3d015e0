import { z } from 'zod';

export const changeStreamStatusSchema = z.object({
  enabled: z.boolean(),
  isWatching: z.boolean(),
  /** When the last change was processed (ISO-8601), or null. */
  lastEventAt: z.iso.datetime().nullable(),
  /** How many times the stream was reopened after an error. */
  restarts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});

/**
 * `ok`: connected, and watching when change streams are enabled.
 * `degraded`: connected, but enabled change streams are not watching.
 * `down`: MongoDB is unreachable (HTTP 503).
 */
export const healthStatusSchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  nodeId: z.string(),
  uptimeS: z.number().nonnegative(),
  mongo: z.object({
    connected: z.boolean(),
    /** The replica set's name, or null when not a replica set or unknown. */
    replicaSet: z.string().nullable(),
  }),
  changeStreams: changeStreamStatusSchema,
});

/** `GET /api/health/live`: the process serves requests (always 200 when it answers). */
export const liveProbeSchema = z.object({ status: z.literal('live'), nodeId: z.string() });

/**
 * `GET /api/health/ready`: whether this node should get traffic (200) or not
 * (503), and why not: the database is unreachable, enabled change streams are
 * not watching, or the node is stopping.
 */
export const readyProbeSchema = z.object({
  status: z.enum(['ready', 'not ready']),
  nodeId: z.string(),
  reasons: z.array(z.string()),
});

/** The HTTP envelope of `/api/health` and `/api/health/change-streams`: `{ status, message, data }`. */
export function healthEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({ status: z.literal('success'), message: z.string(), data });
}

export type ChangeStreamStatus = z.infer<typeof changeStreamStatusSchema>;
export type HealthStatus = z.infer<typeof healthStatusSchema>;
export type LiveProbe = z.infer<typeof liveProbeSchema>;
export type ReadyProbe = z.infer<typeof readyProbeSchema>;
