import { CommandError } from '../command-error.js';
import type { Document } from '../storage/document-copy.js';
import { isPlainObject } from '../storage/field-path.js';

/** What a triggered `failCommand` does to one command. */
export type FailureAction = {
  blockTimeMS: number;
  closeConnection: boolean;
  errorCode: number | undefined;
  errorLabels: string[];
  writeConcernError: Document | undefined;
};

type FailCommand = {
  commands: Set<string>;
  appName: string | undefined;
  namespace: string | undefined;
  remaining: number;
  skip: number;
  action: FailureAction;
};

/**
 * The `failCommand` fail point of MongoDB's test commands: while it is on, the
 * commands it names fail with an error code, close their connection, wait
 * first, or report a write-concern error. Modes: 'alwaysOn', 'off',
 * { times: n } and { skip: n }; `appName` limits it to one client's connections.
 */
export class FailPoints {
  #failCommand: FailCommand | undefined;

  configure(body: Document): Document {
    const name = body.configureFailPoint;
    if (name !== 'failCommand') {
      throw new CommandError(
        'BadValue',
        `fail point ${String(name)} is not supported by the emulator; only failCommand is`,
      );
    }
    const mode = body.mode;
    if (mode === 'off') {
      this.#failCommand = undefined;
      return { count: 0 };
    }
    const data = body.data;
    if (!isPlainObject(data) || !Array.isArray(data.failCommands)) {
      throw new CommandError('BadValue', 'failCommand needs data.failCommands, an array of command names');
    }
    let remaining = Number.POSITIVE_INFINITY;
    let skip = 0;
    if (isPlainObject(mode) && typeof mode.times === 'number') remaining = mode.times;
    else if (isPlainObject(mode) && typeof mode.skip === 'number') skip = mode.skip;
    else if (mode !== 'alwaysOn')
      throw new CommandError(
        'BadValue',
        `fail point mode ${JSON.stringify(mode)} is not supported; use 'alwaysOn', 'off', { times: n } or { skip: n }`,
      );
    this.#failCommand = {
      commands: new Set(data.failCommands.map(String)),
      appName: typeof data.appName === 'string' ? data.appName : undefined,
      namespace: typeof data.namespace === 'string' ? data.namespace : undefined,
      remaining,
      skip,
      action: {
        blockTimeMS: data.blockConnection === true && typeof data.blockTimeMS === 'number' ? data.blockTimeMS : 0,
        closeConnection: data.closeConnection === true,
        errorCode: typeof data.errorCode === 'number' ? data.errorCode : undefined,
        errorLabels: Array.isArray(data.errorLabels) ? data.errorLabels.map(String) : [],
        writeConcernError: isPlainObject(data.writeConcernError) ? data.writeConcernError : undefined,
      },
    };
    return { count: 0 };
  }

  /** The failure to inflict on this command, counting it against `times`/`skip`, or undefined. */
  trigger(commandName: string, namespace: string, appName: string | undefined): FailureAction | undefined {
    const point = this.#failCommand;
    if (!point || !point.commands.has(commandName)) return undefined;
    if (point.appName !== undefined && point.appName !== appName) return undefined;
    if (point.namespace !== undefined && point.namespace !== namespace) return undefined;
    if (point.skip > 0) {
      point.skip -= 1;
      return undefined;
    }
    point.remaining -= 1;
    if (point.remaining <= 0) this.#failCommand = undefined;
    return point.action;
  }
}
