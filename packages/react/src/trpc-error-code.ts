import { TRPCClientError } from '@trpc/client';

/** The tRPC error code (`UNAUTHORIZED`, `BAD_REQUEST`, …) behind an error, or null when it is not a server's answer. */
export function trpcErrorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('code' in data)) return null;
  return typeof data.code === 'string' ? data.code : null;
}

/** tRPC error codes that a retry cannot fix. */
const FINAL_CODES = new Set(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'PARSE_ERROR']);

/** TanStack Query's `retry` for livebell's queries: up to three times, never for an answer a retry cannot change. */
export function retryUnlessFinal(failures: number, error: unknown): boolean {
  return failures < 3 && !FINAL_CODES.has(trpcErrorCode(error) ?? '');
}
