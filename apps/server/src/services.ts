import type { AccessTokens } from './auth/access-tokens.js';
import type { HealthCheck } from './health/health-check.js';
import type { LiveDelivery } from './live-delivery/live-delivery.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/metrics.js';
import type { OperationsSampler } from './metrics/operations-sampler.js';
import type { NotificationRepository } from './notifications/notification-repository.js';

/** What the routers use; built once per livebell instance by `createLivebell`. */
export interface Services {
  production: boolean;
  logger: Logger;
  /** Mints auth.devSignIn's tokens; null where livebell signs none (mounted in a host application). */
  tokens: AccessTokens | null;
  notifications: NotificationRepository;
  health: HealthCheck;
  metrics: Metrics;
  /** admin.operations: this node's live numbers for the operations page. */
  operations: OperationsSampler;
  /** notifications.onEvent's source: the node's live delivery. */
  liveDelivery: LiveDelivery;
}
