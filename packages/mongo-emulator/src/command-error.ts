// The one error type of the command boundary: whatever a command cannot do is
// thrown as a CommandError and answered as `{ ok: 0, errmsg, code, codeName }`,
// exactly the shape the official driver turns into a MongoServerError.

/** The MongoDB error codes the emulator answers with, by codeName. */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  Unauthorized: 13,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  ImmutableField: 66,
  CommandNotFound: 59,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  NoReplicationEnabled: 76,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandFailed: 125,
  CursorKilled: 237,
  NotImplemented: 238,
  InvalidResumeToken: 260,
  ChangeStreamFatalError: 280,
  ChangeStreamHistoryLost: 286,
  DuplicateKey: 11000,
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
}

/** Any thrown value as a CommandError: unexpected ones become InternalError with their message. */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CommandError('InternalError', message);
}
