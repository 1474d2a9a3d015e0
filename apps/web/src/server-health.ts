import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc.js';

/** How often the app asks the server how it is. */
const HEALTH_POLL_MS = 15_000;

/** The server's `health.status`, polled; one cache entry shared by every component that asks. */
export function useServerHealth() {
  const trpc = useTRPC();
  return useQuery(trpc.health.status.queryOptions(undefined, { refetchInterval: HEALTH_POLL_MS }));
}
