import { Long } from 'bson';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ChangeStreamCursor } from '../change-stream/change-stream-cursor.js';
import { CommandError } from '../command-error.js';
import { isResumableChangeStreamCode, RESUMABLE_CHANGE_STREAM_ERROR } from '../error-labels.js';
import { MAX_BATCH_BYTES } from '../cursors/cursor-reply.js';
import type { OpenCursor } from '../cursors/cursor-registry.js';
import type { Oplog } from '../oplog.js';
import type { Document } from '../storage/document-copy.js';
import type { Command, CommandContext } from './command.js';
import { longValue, optionalNumber } from './command-arguments.js';

/** How long a change stream getMore waits for an event when the client names no maxTimeMS (MongoDB's default). */
const DEFAULT_AWAIT_MS = 1000;

async function getMore({ server, body, connection }: CommandContext): Promise<Document> {
  const id = longValue(body.getMore);
  if (id === undefined) throw new CommandError('TypeMismatch', "BSON field 'getMore.getMore' must be a long");
  const cursor = server.cursors.get(id);
  if (!cursor) throw new CommandError('CursorNotFound', `cursor id ${id} not found`);
  const batchSize = optionalNumber(body, 'batchSize', 'getMore') || Number.POSITIVE_INFINITY;
  cursor.busy = true;
  try {
    server.failPoints.checkGetMore(cursor.ns, connection.appName);
    const reply =
      cursor.source instanceof ChangeStreamCursor
        ? await changeStreamBatch(
            cursor,
            cursor.source,
            server.engine.oplog,
            batchSize,
            optionalNumber(body, 'maxTimeMS', 'getMore') ?? DEFAULT_AWAIT_MS,
          )
        : documentBatch(cursor, batchSize);
    if (reply.id === 0) server.cursors.kill(id);
    return { cursor: { ...reply, id: Long.fromNumber(reply.id), ns: cursor.ns } };
  } catch (error) {
    server.cursors.kill(id);
    throw cursor.source instanceof ChangeStreamCursor ? labelledForResume(error) : error;
  } finally {
    cursor.busy = false;
    cursor.lastUsed = Date.now();
  }
}

/** A change stream's getMore error, labelled ResumableChangeStreamError when its code is resumable, as MongoDB does. */
function labelledForResume(error: unknown): unknown {
  if (!(error instanceof CommandError) || !isResumableChangeStreamCode(error.code)) return error;
  return error.labelled([RESUMABLE_CHANGE_STREAM_ERROR]);
}

function documentBatch(cursor: OpenCursor, batchSize: number) {
  if (cursor.source instanceof ChangeStreamCursor) throw new Error('not a document cursor');
  const nextBatch = cursor.source.next(batchSize, MAX_BATCH_BYTES);
  return { nextBatch, id: cursor.source.exhausted ? 0 : cursor.id };
}

/**
 * The next change-stream batch: returns as soon as a matching event exists, or
 * after `maxAwaitMS` with an empty batch (and a postBatchResumeToken that moved
 * past everything scanned). New oplog entries wake it; nothing polls.
 */
async function changeStreamBatch(
  cursor: OpenCursor,
  stream: ChangeStreamCursor,
  oplog: Oplog,
  batchSize: number,
  maxAwaitMS: number,
) {
  const deadline = Date.now() + maxAwaitMS;
  for (;;) {
    if (cursor.killed.signal.aborted) throw new CommandError('CursorKilled', `cursor id ${cursor.id} was killed`);
    const batch = stream.next(batchSize, MAX_BATCH_BYTES);
    const done = batch.events.length > 0 || batch.invalidated || Date.now() >= deadline;
    if (done) {
      return {
        nextBatch: batch.events,
        postBatchResumeToken: batch.postBatchResumeToken,
        id: batch.invalidated ? 0 : cursor.id,
      };
    }
    if (batch.caughtUp) await appendedOrTimeout(oplog, cursor.killed.signal, deadline - Date.now());
    else await nextTurn();
  }
}

function appendedOrTimeout(oplog: Oplog, killed: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      killed.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, Math.max(0, ms));
    const unsubscribe = oplog.onAppend(finish);
    killed.addEventListener('abort', finish);
  });
}

function killCursors({ server, body }: CommandContext): Document {
  const ids = Array.isArray(body.cursors) ? body.cursors : [];
  const cursorsKilled: Long[] = [];
  const cursorsNotFound: Long[] = [];
  for (const raw of ids) {
    const id = longValue(raw);
    if (id === undefined) continue;
    (server.cursors.kill(id) ? cursorsKilled : cursorsNotFound).push(Long.fromNumber(id));
  }
  return { cursorsKilled, cursorsNotFound, cursorsAlive: [], cursorsUnknown: [] };
}

export const cursorCommands: Record<string, Command> = {
  getMore: { fields: ['collection', 'batchSize', 'term', 'lastKnownCommittedOpTime'], run: getMore },
  killCursors: { fields: ['cursors'], run: killCursors },
};
