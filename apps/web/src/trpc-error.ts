import { TRPCClientError } from '@trpc/client';

/** The tRPC error code (`UNAUTHORIZED`, `BAD_REQUEST`, …) behind an error, or null when it is not a server's answer. */
export function trpcErrorCode(error: unknown): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('code' in data)) return null;
  return typeof data.code === 'string' ? data.code : null;
}

/** A sentence for a person about why a request failed. */
export function describeError(error: unknown): string {
  switch (trpcErrorCode(error)) {
    case 'UNAUTHORIZED':
      return 'Your session has ended. Sign in again.';
    case 'FORBIDDEN':
      return 'Only administrators can do that.';
    case 'BAD_REQUEST':
      return 'The server refused the input. Check the fields and try again.';
    case 'TOO_MANY_REQUESTS':
      return 'Too many requests. Wait a moment and try again.';
    case null:
      return 'Could not reach the livebell server. Is it running?';
    default:
      return 'The server could not do that just now. Try again.';
  }
}
