import type { AccessTokens } from './auth/access-tokens.js';
import type { HealthCheck } from './health/health-check.js';
import type { EventSubscriptionRequest, TrackedEvent } from './hub/event-subscription.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/metrics.js';
import type { OperationsSampler } from './metrics/operations-sampler.js';
import type { NotificationRepository } from './notifications/notification-repository.js';

/** What the routers use; built once per server in server.ts. */
export interface Services {
  production: boolean;
  logger: Logger;
  tokens: AccessTokens;
  notifications: NotificationRepository;
  health: HealthCheck;
  metrics: Metrics;
  /** admin.operations: this node's live numbers for the operations page. */
  operations: OperationsSampler;
  /** notifications.onEvent for one client (see hub/event-subscription.ts). */
  events(request: EventSubscriptionRequest): AsyncGenerator<TrackedEvent, void, undefined>;
}
