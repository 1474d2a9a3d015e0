// The one error type of the command boundary: whatever a command cannot do is
// thrown as a CommandError and answered as `{ ok: 0, errmsg, code, codeName }`,
// exactly the shape the official driver turns into a MongoServerError.

/** The MongoDB error codes the emulator answers with, by codeName. */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  HostUnreachable: 6,
  HostNotFound: 7,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  Overflow: 15,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  CommandNotFound: 59,
  StaleShardVersion: 63,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  NoReplicationEnabled: 76,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  NetworkTimeout: 89,
  ShutdownInProgress: 91,
  CommandFailed: 125,
  FailedToSatisfyReadPreference: 133,
  StaleEpoch: 150,
  ViewDepthLimitExceeded: 165,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  InvalidViewDefinition: 182,
  PrimarySteppedDown: 189,
  RetryChangeStream: 234,
  CursorKilled: 237,
  NotImplemented: 238,
  InvalidResumeToken: 260,
  ExceededTimeLimit: 262,
  ChangeStreamFatalError: 280,
  ChangeStreamHistoryLost: 286,
  SocketException: 9001,
  NotWritablePrimary: 10107,
  DuplicateKey: 11000,
  InterruptedAtShutdown: 11600,
  InterruptedDueToReplStateChange: 11602,
  StaleConfig: 13388,
  NotPrimaryNoSecondaryOk: 13435,
  NotPrimaryOrSecondary: 13436,
  /** "Unrecognized pipeline stage name"; MongoDB names this code by its number. */
  Location40324: 40324,
  UnknownField: 40415,
  ChangeStreamNotSupported: 40573,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

const codeNames = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

/** The codeName MongoDB gives a code, or undefined when the emulator does not know it. */
export function codeNameOf(code: number): string | undefined {
  return codeNames.get(code);
}

export class CommandError extends Error {
  readonly code: number;
  readonly codeName: string;
  /** Extra fields of the error reply, such as `keyPattern`/`keyValue` of a duplicate key. */
  readonly details: Record<string, unknown>;
  readonly errorLabels: readonly string[];

  constructor(
    codeName: ErrorCodeName,
    message: string,
    options: { details?: Record<string, unknown>; errorLabels?: readonly string[] } = {},
  ) {
    super(message);
    this.name = 'CommandError';
    this.code = ErrorCode[codeName];
    this.codeName = codeName;
    this.details = options.details ?? {};
    this.errorLabels = options.errorLabels ?? [];
  }

  /** An error with any numeric code, named as MongoDB names it (`Location<code>` when the table has no name). */
  static withCode(code: number, message: string): CommandError {
    const error = new CommandError('InternalError', message);
    return Object.assign(error, { code, codeName: codeNameOf(code) ?? `Location${code}` });
  }

  /** This error with `labels` added to its own. */
  labelled(labels: Iterable<string>): CommandError {
    const merged = [...new Set([...this.errorLabels, ...labels])];
    const copy = new CommandError('InternalError', this.message, { details: this.details, errorLabels: merged });
    return Object.assign(copy, { code: this.code, codeName: this.codeName });
  }
}

/** Any thrown value as a CommandError: unexpected ones become InternalError with their message. */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CommandError('InternalError', message);
}
