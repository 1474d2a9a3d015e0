import type { AppRouter } from '@livebell/server';
import { createTRPCReact, type CreateTRPCReact } from '@trpc/react-query';

/**
 * The app's own typed tRPC hooks (sign-in, the admin page, health); the bell
 * has its own client inside `LivebellProvider`.
 */
export const trpc: CreateTRPCReact<AppRouter, unknown> = createTRPCReact<AppRouter>();
