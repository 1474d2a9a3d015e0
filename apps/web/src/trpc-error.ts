import { trpcErrorCode } from '@livebell/react';

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
