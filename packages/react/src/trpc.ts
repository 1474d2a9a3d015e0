import { createTRPCReact, type CreateTRPCReact } from '@trpc/react-query';
import { createContext } from 'react';
import type { LivebellRouter } from './livebell-router.js';

/**
 * livebell's own React context for tRPC: an app that uses `@trpc/react-query`
 * for its own API (tRPC's default context) and livebell side by side never
 * has one provider shadow the other.
 */
const LivebellTRPCContext = createContext<unknown>(null);

/** The typed tRPC hooks for livebell's procedures; `LivebellProvider` provides their client. */
export const livebellTrpc: CreateTRPCReact<LivebellRouter, unknown> = createTRPCReact<LivebellRouter>({
  context: LivebellTRPCContext,
});
