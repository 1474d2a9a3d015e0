import { Long } from 'bson';
import { CommandError } from '../command-error.js';
import type { ChangeStreamScope } from '../change-stream/change-event.js';
import { openChangeStream } from '../change-stream/open-change-stream.js';
import { documentCursorReply, DEFAULT_FIRST_BATCH, MAX_BATCH_BYTES } from '../cursors/cursor-reply.js';
import type { Document } from '../storage/document-copy.js';
import { matchingDocuments, runPipeline } from '../storage/document-query.js';
import { isPlainObject } from '../storage/field-path.js';
import { checkRunnableStage, stageName } from '../storage/pipeline-stages.js';
import { readView, resolveView } from '../storage/views.js';
import type { Command, CommandContext } from './command.js';
import { documentArray, optionalDocument, optionalNumber } from './command-arguments.js';

function aggregate(context: CommandContext): Document {
  const { server, db, body } = context;
  const target = body.aggregate;
  if (target !== 1 && (typeof target !== 'string' || target.length === 0)) {
    throw new CommandError(
      'InvalidNamespace',
      'aggregate needs a collection name, or 1 for a database-wide aggregation',
    );
  }
  if (body.explain !== undefined)
    throw new CommandError('InvalidOptions', 'aggregate.explain is not supported by the livebell MongoDB emulator');
  const pipeline = documentArray(body.pipeline, 'aggregate.pipeline');
  const cursorOptions = optionalDocument(body, 'cursor', 'aggregate');
  if (!cursorOptions)
    throw new CommandError(
      'FailedToParse',
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  const batchSize = optionalNumber(cursorOptions, 'batchSize', 'aggregate.cursor');
  for (const stage of pipeline) checkRunnableStage(stageName(stage));
  const first = pipeline[0];
  if (first && Object.hasOwn(first, '$changeStream'))
    return changeStream(context, target, first.$changeStream, pipeline.slice(1), batchSize);
  if (pipeline.slice(1).some((stage) => Object.hasOwn(stage, '$changeStream'))) {
    throw new CommandError('IllegalOperation', '$changeStream is only valid as the first stage in a pipeline');
  }
  const ns = target === 1 ? `${db}.$cmd.aggregate` : `${db}.${target}`;
  const view = typeof target === 'string' ? resolveView(server.engine.catalog, db, target) : undefined;
  if (view) {
    const docs = readView(server.engine.catalog, db, view, pipeline);
    return documentCursorReply(server, ns, docs, { batchSize, built: true });
  }
  const collection = typeof target === 'string' ? server.engine.catalog.get(db, target) : undefined;
  // A leading $match uses the collection's indexes instead of scanning every document.
  const leadingMatch =
    collection && first && isPlainObject(first.$match) && Object.keys(first).length === 1 ? first.$match : undefined;
  const source: Document[] = !collection
    ? []
    : leadingMatch
      ? matchingDocuments(collection, leadingMatch)
      : [...collection.documents()];
  const rest = leadingMatch ? pipeline.slice(1) : pipeline;
  const resolver = (name: string) => [...(server.engine.catalog.get(db, name)?.documents() ?? [])];
  const docs = runPipeline(source, rest, resolver);
  return documentCursorReply(server, ns, docs, { batchSize, built: rest.length > 0 });
}

function changeStream(
  { server, db }: CommandContext,
  target: unknown,
  stage: unknown,
  rest: Document[],
  batchSize: number | undefined,
): Document {
  if (server.standalone) {
    throw new CommandError('ChangeStreamNotSupported', 'The $changeStream stage is only supported on replica sets');
  }
  const allChangesForCluster = isPlainObject(stage) && stage.allChangesForCluster === true;
  let scope: ChangeStreamScope;
  if (typeof target === 'string') {
    if (server.engine.catalog.get(db, target)?.isView) {
      throw new CommandError(
        'CommandNotSupportedOnView',
        `Namespace ${db}.${target} is a view; $changeStream cannot run on a view`,
      );
    }
    scope = { kind: 'collection', db, coll: target };
  } else if (allChangesForCluster) {
    if (db !== 'admin')
      throw new CommandError(
        'InvalidOptions',
        "$changeStream with allChangesForCluster:true must be run against the 'admin' database",
      );
    scope = { kind: 'cluster' };
  } else {
    if (db === 'admin' || db === 'config' || db === 'local') {
      throw new CommandError('InvalidNamespace', `$changeStream may not be opened on the internal ${db} database`);
    }
    scope = { kind: 'database', db };
  }
  const cursor = openChangeStream(server.engine, scope, stage, rest);
  const ns = typeof target === 'string' ? `${db}.${target}` : `${db}.$cmd.aggregate`;
  // The first batch holds what is already there; it never waits.
  const batch = cursor.next(batchSize ?? DEFAULT_FIRST_BATCH, MAX_BATCH_BYTES);
  const id = batch.invalidated ? 0 : server.cursors.open(ns, cursor).id;
  return {
    cursor: { firstBatch: batch.events, postBatchResumeToken: batch.postBatchResumeToken, id: Long.fromNumber(id), ns },
  };
}

export const aggregateCommands: Record<string, Command> = {
  aggregate: {
    fields: ['pipeline', 'cursor', 'explain', 'allowDiskUse', 'hint', 'let', 'bypassDocumentValidation'],
    run: aggregate,
  },
};
