import type { AppRouter } from '@livebell/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** The typed tRPC hooks for React; the provider gets its client from `api-client.ts`. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
