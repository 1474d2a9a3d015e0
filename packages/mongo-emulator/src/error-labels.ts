import { ErrorCode } from './command-error.js';

// The error labels MongoDB attaches by code. Drivers decide by label alone
// whether to retry a write or resume a change stream (wire version 9+), so an
// emulator that labels differently tests a different driver behaviour.

/** Codes after which a write may be retried: MongoDB labels them RetryableWriteError. */
const RETRYABLE_WRITE_CODES: ReadonlySet<number> = new Set([
  ErrorCode.HostUnreachable,
  ErrorCode.HostNotFound,
  ErrorCode.NetworkTimeout,
  ErrorCode.ShutdownInProgress,
  ErrorCode.PrimarySteppedDown,
  ErrorCode.ExceededTimeLimit,
  ErrorCode.SocketException,
  ErrorCode.NotWritablePrimary,
  ErrorCode.InterruptedAtShutdown,
  ErrorCode.InterruptedDueToReplStateChange,
  ErrorCode.NotPrimaryNoSecondaryOk,
  ErrorCode.NotPrimaryOrSecondary,
]);

/**
 * Codes of a change stream's getMore after which the stream may resume: the
 * drivers' change-streams specification lists them ("Resumable Error"), and
 * MongoDB 4.4+ labels exactly these ResumableChangeStreamError. CursorNotFound
 * is not among them: drivers resume after it by code, without a label.
 */
const RESUMABLE_CHANGE_STREAM_CODES: ReadonlySet<number> = new Set([
  ...RETRYABLE_WRITE_CODES,
  ErrorCode.StaleShardVersion,
  ErrorCode.StaleEpoch,
  ErrorCode.StaleConfig,
  ErrorCode.RetryChangeStream,
  ErrorCode.FailedToSatisfyReadPreference,
]);

/** Codes of MongoDB's NonResumableChangeStreamError category: resuming cannot help. */
const NON_RESUMABLE_CHANGE_STREAM_CODES: ReadonlySet<number> = new Set([
  ErrorCode.ChangeStreamFatalError,
  ErrorCode.ChangeStreamHistoryLost,
]);

export const RESUMABLE_CHANGE_STREAM_ERROR = 'ResumableChangeStreamError';
export const NON_RESUMABLE_CHANGE_STREAM_ERROR = 'NonResumableChangeStreamError';
export const RETRYABLE_WRITE_ERROR = 'RetryableWriteError';

export function isRetryableWriteCode(code: number): boolean {
  return RETRYABLE_WRITE_CODES.has(code);
}

export function isResumableChangeStreamCode(code: number): boolean {
  return RESUMABLE_CHANGE_STREAM_CODES.has(code);
}

export function isNonResumableChangeStreamCode(code: number): boolean {
  return NON_RESUMABLE_CHANGE_STREAM_CODES.has(code);
}

/** The codes labelled ResumableChangeStreamError, ascending (for documentation and tests). */
export function resumableChangeStreamCodes(): number[] {
  return [...RESUMABLE_CHANGE_STREAM_CODES].sort((a, b) => a - b);
}
