import { Binary, Long } from 'bson';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError, toCommandError } from '../command-error.js';
import {
  isNonResumableChangeStreamCode,
  isRetryableWriteCode,
  NON_RESUMABLE_CHANGE_STREAM_ERROR,
  RETRYABLE_WRITE_ERROR,
} from '../error-labels.js';
import type { Document } from '../storage/document-copy.js';
import { withOperationDeadline } from '../storage/evaluation-limit.js';
import { isPlainObject } from '../storage/field-path.js';
import type { ConnectionContext } from '../wire/connection.js';
import { OP_QUERY, type Request } from '../wire/wire-message.js';
import type { Command, ServerContext } from './command.js';

/** Fields drivers attach to any command; accepted and ignored. */
const GENERIC_FIELDS = new Set([
  '$db',
  'lsid',
  'txnNumber',
  '$clusterTime',
  'readConcern',
  'writeConcern',
  '$readPreference',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'comment',
  'maxTimeMS',
  'rawData',
]);

/** Commands that may arrive as OP_QUERY: the legacy handshake. */
const HANDSHAKE_COMMANDS = new Set(['hello', 'isMaster', 'ismaster']);

const WRITE_COMMANDS = new Set(['insert', 'update', 'delete', 'findAndModify']);

/**
 * Turns a request into a reply: finds the command, refuses what it does not
 * understand with an error that names it, applies the failCommand fail point,
 * runs the command and stamps the reply with the cluster time. A failing
 * command is an error reply; nothing here throws to the connection except a
 * deliberate close.
 */
export class CommandDispatcher {
  readonly #server: ServerContext;
  readonly #commands: ReadonlyMap<string, Command>;

  constructor(server: ServerContext, commands: ReadonlyMap<string, Command>) {
    this.#server = server;
    this.#commands = commands;
  }

  async handle(request: Request, connection: ConnectionContext): Promise<Document | undefined> {
    const reply = await this.#reply(request, connection);
    return request.opCode !== OP_QUERY && request.moreToCome ? undefined : reply;
  }

  async #reply(request: Request, connection: ConnectionContext): Promise<Document | undefined> {
    let name = '';
    try {
      const { db, body } = this.#unwrap(request);
      name = Object.keys(body)[0] ?? '';
      const command = this.#commands.get(name);
      if (!command) throw new CommandError('CommandNotFound', `no such command: '${name}'`);
      if (request.opCode === OP_QUERY && !HANDSHAKE_COMMANDS.has(name)) {
        throw new CommandError(
          'IllegalOperation',
          `OP_QUERY is only supported for the handshake (hello/isMaster), not for '${name}'; use OP_MSG`,
        );
      }
      this.#checkFields(name, body, command, db);
      const failure = this.#server.failPoints.trigger(name, `${db}.${String(body[name])}`, connection.appName);
      if (failure) {
        if (failure.blockTimeMS > 0) await sleep(failure.blockTimeMS);
        if (failure.closeConnection) {
          connection.destroy();
          return undefined;
        }
        if (failure.errorCode !== undefined) {
          const error = CommandError.withCode(failure.errorCode, "Failing command via 'failCommand' failpoint");
          return this.#errorReply(error, name, body, failure.errorLabels);
        }
      }
      const sequences = request.opCode === OP_QUERY ? {} : request.sequences;
      const context = { server: this.#server, connection, db, body, sequences };
      // A getMore's maxTimeMS is how long it may wait for change events, not an evaluation limit.
      const maxTimeMS = name === 'getMore' || typeof body.maxTimeMS !== 'number' ? undefined : body.maxTimeMS;
      const result = await withOperationDeadline(maxTimeMS, () => command.run(context));
      if (failure?.writeConcernError) result.writeConcernError = failure.writeConcernError;
      return this.#stamp({ ...result, ok: result.ok ?? 1 });
    } catch (error) {
      return this.#errorReply(toCommandError(error), name, {}, undefined);
    } finally {
      this.#server.engine.flush();
    }
  }

  #unwrap(request: Request): { db: string; body: Document } {
    if (request.opCode === OP_QUERY) {
      const db = request.collection.endsWith('.$cmd')
        ? request.collection.slice(0, -'.$cmd'.length)
        : request.collection;
      const query = request.body.$query;
      return { db, body: isPlainObject(query) ? query : request.body };
    }
    const db = request.body.$db;
    if (typeof db !== 'string' || db.length === 0) throw new CommandError('InvalidNamespace', 'OP_MSG body has no $db');
    return { db, body: request.body };
  }

  #checkFields(name: string, body: Document, command: Command, db: string): void {
    if (body.startTransaction !== undefined || body.autocommit !== undefined) {
      throw new CommandError('NotImplemented', 'Transactions are not supported by the livebell MongoDB emulator');
    }
    if (command.adminOnly && db !== 'admin') {
      throw new CommandError('Unauthorized', `${name} may only be run against the admin database.`);
    }
    if (command.fields === 'any') return;
    for (const field of Object.keys(body).slice(1)) {
      if (!GENERIC_FIELDS.has(field) && !command.fields.includes(field)) {
        throw new CommandError(
          'UnknownField',
          `BSON field '${name}.${field}' is an unknown field or an option the livebell MongoDB emulator does not support.`,
        );
      }
    }
  }

  /**
   * The error reply, labelled as MongoDB labels it: `labels` when a fail point
   * dictates them, otherwise the error's own labels plus RetryableWriteError on
   * a retryable write and NonResumableChangeStreamError on a change stream's
   * fatal error.
   */
  #errorReply(error: CommandError, name: string, body: Document, labels: string[] | undefined): Document {
    const given = new Set(labels ?? error.errorLabels);
    if (labels === undefined) {
      if (WRITE_COMMANDS.has(name) && body.txnNumber !== undefined && isRetryableWriteCode(error.code)) {
        given.add(RETRYABLE_WRITE_ERROR);
      }
      if (isNonResumableChangeStreamCode(error.code)) given.add(NON_RESUMABLE_CHANGE_STREAM_ERROR);
    }
    const reply: Document = {
      ok: 0,
      errmsg: error.message,
      code: error.code,
      codeName: error.codeName,
      ...error.details,
    };
    if (given.size > 0) reply.errorLabels = [...given];
    return this.#stamp(reply);
  }

  #stamp(reply: Document): Document {
    if (this.#server.standalone) return reply;
    const time = this.#server.engine.clock.last;
    reply.operationTime = time;
    reply.$clusterTime = {
      clusterTime: time,
      signature: { hash: new Binary(Buffer.alloc(20)), keyId: Long.fromNumber(0) },
    };
    return reply;
  }
}
