import { Timestamp } from 'bson';
import { formatTimestamp } from '../cluster-clock.js';
import { CommandError } from '../command-error.js';
import type { Engine } from '../engine.js';
import type { Document } from '../storage/document-copy.js';
import { isPlainObject } from '../storage/field-path.js';
import { checkKnownStage, stageName } from '../storage/pipeline-stages.js';
import {
  BEFORE_CHANGE_MODES,
  FULL_DOCUMENT_MODES,
  type ChangeStreamOptions,
  type ChangeStreamScope,
} from './change-event.js';
import { ChangeStreamCursor, type ChangeStreamStart } from './change-stream-cursor.js';
import { parseResumeToken } from './resume-token.js';

const STAGE_OPTIONS = new Set([
  'fullDocument',
  'fullDocumentBeforeChange',
  'resumeAfter',
  'startAfter',
  'startAtOperationTime',
  'allChangesForCluster',
  'showExpandedEvents',
]);

/** The stages MongoDB allows after $changeStream. */
const ALLOWED_STAGES = new Set([
  '$match',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
  '$redact',
]);

/** Validates a `$changeStream` stage and the stages after it, and opens the cursor where they say. */
export function openChangeStream(
  engine: Engine,
  scope: ChangeStreamScope,
  stage: unknown,
  rest: Document[],
): ChangeStreamCursor {
  if (!isPlainObject(stage)) throw new CommandError('TypeMismatch', '$changeStream must be an object');
  for (const field of Object.keys(stage)) {
    if (!STAGE_OPTIONS.has(field))
      throw new CommandError('UnknownField', `BSON field '$changeStream.${field}' is an unknown field.`);
  }
  for (const later of rest) {
    const name = stageName(later);
    checkKnownStage(name);
    if (!ALLOWED_STAGES.has(name))
      throw new CommandError('IllegalOperation', `${name} is not permitted in a $changeStream pipeline`);
  }
  const options: ChangeStreamOptions = {
    fullDocument: oneOf(stage.fullDocument ?? 'default', FULL_DOCUMENT_MODES, 'fullDocument'),
    fullDocumentBeforeChange: oneOf(
      stage.fullDocumentBeforeChange ?? 'off',
      BEFORE_CHANGE_MODES,
      'fullDocumentBeforeChange',
    ),
    showExpandedEvents: booleanOption(stage.showExpandedEvents, 'showExpandedEvents'),
  };
  return new ChangeStreamCursor(engine, scope, options, startOf(engine, stage), rest);
}

function startOf(engine: Engine, stage: Document): ChangeStreamStart {
  const given = ['resumeAfter', 'startAfter', 'startAtOperationTime'].filter((field) => stage[field] !== undefined);
  if (given.length > 1) {
    throw new CommandError('BadValue', `Only one of ${given.join(', ')} may be specified in a $changeStream stage`);
  }
  const { oplog } = engine;
  const oldest = oplog.oldest?.ts;
  const checkHistory = (ts: Timestamp) => {
    if (oldest && ts.lessThan(oldest)) {
      throw new CommandError(
        'ChangeStreamHistoryLost',
        `Resume of change stream was not possible, as the resume point ${formatTimestamp(ts)} may no longer be in the oplog (oldest entry ${formatTimestamp(oldest)})`,
      );
    }
  };
  const option = given[0];
  if (option === 'resumeAfter' || option === 'startAfter') {
    const token = parseResumeToken(stage[option], option);
    if (option === 'resumeAfter' && token.position === 'invalidate') {
      throw new CommandError(
        'InvalidResumeToken',
        'Cannot resume after an invalidate event; use startAfter to start a new stream after it',
      );
    }
    checkHistory(token.ts);
    return { seq: oplog.seqAtOrAfter(token.ts), scannedThrough: token.ts, skipThrough: token, notBefore: token.ts };
  }
  if (option === 'startAtOperationTime') {
    const ts = stage.startAtOperationTime;
    if (!(ts instanceof Timestamp)) throw new CommandError('TypeMismatch', 'startAtOperationTime must be a Timestamp');
    checkHistory(ts);
    const seq = oplog.seqAtOrAfter(ts);
    return { seq, scannedThrough: oplog.entryAt(seq - 1)?.ts ?? new Timestamp({ t: 0, i: 0 }), notBefore: ts };
  }
  return { seq: oplog.nextSeq, scannedThrough: engine.clock.last };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new CommandError(
    'BadValue',
    `'${String(value)}' is not a valid $changeStream ${option}; expected one of ${allowed.join(', ')}`,
  );
}

function booleanOption(value: unknown, option: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  throw new CommandError(
    'TypeMismatch',
    `BSON field '$changeStream.${option}' is the wrong type, expected type 'bool'`,
  );
}
