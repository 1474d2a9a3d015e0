import { z } from 'zod';
import { changeStreamStatusSchema } from './health.js';

/** One sample of a node's live numbers; rates and lags are over the interval that ends at `at`. */
export const operationsSampleSchema = z.object({
  /** End of the interval (ISO-8601). */
  at: z.iso.datetime(),
  subscribers: z.number().int().nonnegative(),
  connections: z.number().int().nonnegative(),
  deliveriesPerSecond: z.number().nonnegative(),
  /** Delivery lag quantiles over the interval, in seconds; null when nothing was delivered in it. */
  deliveryLagP50: z.number().nonnegative().nullable(),
  deliveryLagP99: z.number().nonnegative().nullable(),
  /** Now minus the cluster time of the last change read; null before the first change. */
  changeStreamLagSeconds: z.number().nonnegative().nullable(),
});

/** `admin.operations`: what the operations page shows about the node that answers. */
export const operationsSchema = z.object({
  nodeId: z.string(),
  /** False when the node runs with metrics turned off: `samples` is then empty. */
  metricsEnabled: z.boolean(),
  /** Seconds between two samples. */
  intervalSeconds: z.number().positive(),
  /** Oldest first, covering the last minutes. */
  samples: z.array(operationsSampleSchema),
  changeStreams: changeStreamStatusSchema,
});

export type OperationsSample = z.infer<typeof operationsSampleSchema>;
export type Operations = z.infer<typeof operationsSchema>;
