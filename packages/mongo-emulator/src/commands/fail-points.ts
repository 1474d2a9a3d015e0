import { CommandError } from '../command-error.js';
import type { Document } from '../storage/document-copy.js';
import { isPlainObject } from '../storage/field-path.js';
import type { Command } from './command.js';

/** What a triggered `failCommand` does to one command. */
export type FailureAction = {
  blockTimeMS: number;
  closeConnection: boolean;
  errorCode: number | undefined;
  /** The labels to answer with instead of the ones MongoDB would attach; undefined keeps those. */
  errorLabels: string[] | undefined;
  writeConcernError: Document | undefined;
};

/** Which commands a fail point applies to: by name, client appName and namespace. */
type Filter = { commands: Set<string>; appName: string | undefined; namespace: string | undefined };

/** How many more times a fail point fires: MongoDB's modes 'alwaysOn', { times: n } and { skip: n }. */
type Activation = { remaining: number; skip: number };

type Armed<T> = { filter: Filter; activation: Activation; action: T };

/** The fail points the emulator implements, for `configureFailPoint` and the README. */
export const FAIL_POINT_NAMES = ['failCommand', 'failGetMoreAfterCursorCheckout'] as const;

/**
 * MongoDB's test fail points (`configureFailPoint`, admin only):
 * - `failCommand`: the commands it names fail with an error code, close their
 *   connection, wait first, or report a write-concern error. Its errors carry
 *   only the labels MongoDB gives any command error (RetryableWriteError on
 *   writes), or exactly `data.errorLabels` when given.
 * - `failGetMoreAfterCursorCheckout`: a getMore fails after it found its
 *   cursor, with `data.errorCode` (InternalError by default). The error is
 *   thrown inside the getMore, so it is labelled like a real one: a change
 *   stream's getMore gets ResumableChangeStreamError for a resumable code.
 * Modes: 'alwaysOn', 'off', { times: n } and { skip: n }; `data.appName` and
 * `data.namespace` narrow either one to a client or a collection.
 */
export class FailPoints {
  #failCommand: Armed<FailureAction> | undefined;
  #failGetMore: Armed<{ errorCode: number }> | undefined;

  configure(body: Document): Document {
    const name = body.configureFailPoint;
    if (!FAIL_POINT_NAMES.includes(name as (typeof FAIL_POINT_NAMES)[number])) {
      throw new CommandError(
        'BadValue',
        `fail point ${String(name)} is not supported by the emulator; supported: ${FAIL_POINT_NAMES.join(', ')}`,
      );
    }
    const activation = activationOf(body.mode);
    const data = isPlainObject(body.data) ? body.data : {};
    if (name === 'failGetMoreAfterCursorCheckout') {
      this.#failGetMore = activation && {
        filter: filterOf(['getMore'], data),
        activation,
        action: { errorCode: typeof data.errorCode === 'number' ? data.errorCode : 1 },
      };
      return { count: 0 };
    }
    if (!activation) {
      this.#failCommand = undefined;
      return { count: 0 };
    }
    if (!Array.isArray(data.failCommands)) {
      throw new CommandError('BadValue', 'failCommand needs data.failCommands, an array of command names');
    }
    this.#failCommand = {
      filter: filterOf(data.failCommands.map(String), data),
      activation,
      action: {
        blockTimeMS: data.blockConnection === true && typeof data.blockTimeMS === 'number' ? data.blockTimeMS : 0,
        closeConnection: data.closeConnection === true,
        errorCode: typeof data.errorCode === 'number' ? data.errorCode : undefined,
        errorLabels: Array.isArray(data.errorLabels) ? data.errorLabels.map(String) : undefined,
        writeConcernError: isPlainObject(data.writeConcernError) ? data.writeConcernError : undefined,
      },
    };
    return { count: 0 };
  }

  /** The failure to inflict on this command, counting it against `times`/`skip`, or undefined. */
  trigger(commandName: string, namespace: string, appName: string | undefined): FailureAction | undefined {
    const point = this.#failCommand;
    if (!point || !fires(point, commandName, namespace, appName)) return undefined;
    if (point.activation.remaining <= 0) this.#failCommand = undefined;
    return point.action;
  }

  /**
   * Throws the `failGetMoreAfterCursorCheckout` error when it fires for a
   * getMore on the cursor of `namespace`.
   */
  checkGetMore(namespace: string, appName: string | undefined): void {
    const point = this.#failGetMore;
    if (!point || !fires(point, 'getMore', namespace, appName)) return;
    if (point.activation.remaining <= 0) this.#failGetMore = undefined;
    throw CommandError.withCode(point.action.errorCode, "Hit the 'failGetMoreAfterCursorCheckout' failpoint");
  }
}

/** The activation a mode asks for; undefined for 'off'. */
function activationOf(mode: unknown): Activation | undefined {
  if (mode === 'off') return undefined;
  if (mode === 'alwaysOn') return { remaining: Number.POSITIVE_INFINITY, skip: 0 };
  if (isPlainObject(mode) && typeof mode.times === 'number') return { remaining: mode.times, skip: 0 };
  if (isPlainObject(mode) && typeof mode.skip === 'number')
    return { remaining: Number.POSITIVE_INFINITY, skip: mode.skip };
  throw new CommandError(
    'BadValue',
    `fail point mode ${JSON.stringify(mode)} is not supported; use 'alwaysOn', 'off', { times: n } or { skip: n }`,
  );
}

function filterOf(commands: string[], data: Document): Filter {
  return {
    commands: new Set(commands),
    appName: typeof data.appName === 'string' ? data.appName : undefined,
    namespace: typeof data.namespace === 'string' ? data.namespace : undefined,
  };
}

/** Whether an armed fail point fires for this command now; counts the firing against its mode. */
function fires<T>(point: Armed<T>, commandName: string, namespace: string, appName: string | undefined): boolean {
  const { filter, activation } = point;
  if (!filter.commands.has(commandName)) return false;
  if (filter.appName !== undefined && filter.appName !== appName) return false;
  if (filter.namespace !== undefined && filter.namespace !== namespace) return false;
  if (activation.skip > 0) {
    activation.skip -= 1;
    return false;
  }
  activation.remaining -= 1;
  return true;
}

/** MongoDB's test fail points, armed on the server's own FailPoints. */
export const failPointCommands: Record<string, Command> = {
  configureFailPoint: {
    fields: ['mode', 'data'],
    adminOnly: true,
    run: ({ server, body }) => server.failPoints.configure(body),
  },
};
