import type { AccessTokens } from './auth/access-tokens.js';
import type { HealthCheck } from './health/health-check.js';
import type { EventSubscriptionRequest, TrackedEvent } from './hub/event-subscription.js';
import type { Logger } from './logger.js';
import type { NotificationRepository } from './notifications/notification-repository.js';

/** What the routers use; built once per server in server.ts. */
export interface Services {
  production: boolean;
  logger: Logger;
  tokens: AccessTokens;
  notifications: NotificationRepository;
  health: HealthCheck;
  /** notifications.onEvent for one client (see hub/event-subscription.ts). */
  events(request: EventSubscriptionRequest): AsyncGenerator<TrackedEvent, void, undefined>;
}
