import type { LivebellRouter } from '@livebell/server';

/**
 * The router the package calls: livebell's mountable router (health,
 * notifications), at the top of the standalone server's API or under
 * `routerKey` in a host application's. Only its type is used (erased at
 * build time): no server code reaches the browser.
 */
export type { LivebellRouter };
