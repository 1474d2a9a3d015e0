import { trpc } from './trpc.js';

/** How often the app asks the server how it is. */
const HEALTH_POLL_MS = 15_000;

/** The server's `health.status`, polled; one cache entry shared by every component that asks. */
export function useServerHealth() {
  return trpc.health.status.useQuery(undefined, { refetchInterval: HEALTH_POLL_MS });
}
