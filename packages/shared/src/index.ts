export * from './admin.js';
export * from './auth.js';
export * from './events.js';
export * from './health.js';
export * from './inbox.js';
export * from './inbox-sync.js';
export * from './notification.js';
export * from './operations.js';
