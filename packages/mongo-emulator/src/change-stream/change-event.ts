import { formatTimestamp } from '../cluster-clock.js';
import { CommandError } from '../command-error.js';
import type { Engine } from '../engine.js';
import type { CollectionOptions, OplogEntry, UpdateDescription } from '../oplog.js';
import { ID_INDEX_SPEC } from '../storage/collection.js';
import type { Document } from '../storage/document-copy.js';
import { documentSize } from '../storage/document-size.js';
import { makeResumeToken, type TokenPosition } from './resume-token.js';

export type ChangeStreamScope =
  { kind: 'collection'; db: string; coll: string } | { kind: 'database'; db: string } | { kind: 'cluster' };

export const FULL_DOCUMENT_MODES = ['default', 'updateLookup', 'whenAvailable', 'required'] as const;
export const BEFORE_CHANGE_MODES = ['off', 'whenAvailable', 'required'] as const;

export type ChangeStreamOptions = {
  fullDocument: (typeof FULL_DOCUMENT_MODES)[number];
  fullDocumentBeforeChange: (typeof BEFORE_CHANGE_MODES)[number];
  /**
   * MongoDB 6.0+'s expanded events: create, createIndexes, dropIndexes and
   * modify events, collectionUUID on events, operationDescription on rename,
   * and updateDescription.disambiguatedPaths.
   */
  showExpandedEvents: boolean;
};

/** A change event with where it sits at its Timestamp and roughly how many BSON bytes it takes. */
export type ChangeEvent = { doc: Document; position: TokenPosition; size: number };

/** The event types every stream reports. */
export const EVENT_TYPES = ['insert', 'update', 'replace', 'delete', 'drop', 'rename', 'dropDatabase', 'invalidate'];
/** The event types only streams opened with showExpandedEvents report. */
export const EXPANDED_EVENT_TYPES = ['create', 'createIndexes', 'dropIndexes', 'modify'];

const INTERNAL_DATABASES = new Set(['admin', 'config', 'local']);
const EVENT_OVERHEAD_BYTES = 256;

/**
 * The change events one oplog entry produces for a stream with `scope`, shaped
 * as MongoDB documents them. A drop or rename of a watched collection, or a
 * dropDatabase of a watched database, is followed by an `invalidate` event
 * with the same Timestamp (sorting just after it).
 */
export function changeEventsFor(
  entry: OplogEntry,
  scope: ChangeStreamScope,
  options: ChangeStreamOptions,
  engine: Engine,
): ChangeEvent[] {
  if (entry.op === 'dropDatabase') {
    if (scope.kind === 'cluster' && !INTERNAL_DATABASES.has(entry.db))
      return [commandEvent(entry, 'dropDatabase', { db: entry.db })];
    if (scope.kind === 'database' && scope.db === entry.db) {
      return [commandEvent(entry, 'dropDatabase', { db: entry.db }), invalidate(entry)];
    }
    return [];
  }
  if (entry.op === 'noop' || !inScope(entry.db, entry.coll, scope)) return [];
  const ns = { db: entry.db, coll: entry.coll };
  const invalidates = scope.kind === 'collection';
  const expanded = options.showExpandedEvents;
  const uuid: Document = expanded && entry.ui ? { collectionUUID: entry.ui } : {};
  switch (entry.op) {
    case 'insert':
      return [
        dataEvent(entry, 'insert', { ...uuid, fullDocument: entry.doc, ns, documentKey: { _id: entry.doc._id } }, [
          entry.doc,
        ]),
      ];
    case 'replace': {
      const fields: Document = { ...uuid, fullDocument: entry.doc, ns, documentKey: { _id: entry.doc._id } };
      const pre = beforeChange(entry, options);
      return [dataEvent(entry, 'replace', { ...fields, ...pre }, [entry.doc, entry.pre])];
    }
    case 'update': {
      const fields: Document = {
        ...uuid,
        ...fullDocumentOfUpdate(entry, options, engine),
        ns,
        documentKey: { _id: entry.doc._id },
        updateDescription: updateDescriptionFor(entry.updateDescription, expanded),
        ...beforeChange(entry, options),
      };
      const size = documentSize(entry.updateDescription.updatedFields);
      return [dataEvent(entry, 'update', fields, [fields.fullDocument as Document | undefined, entry.pre], size)];
    }
    case 'delete':
      return [
        dataEvent(entry, 'delete', { ...uuid, ns, documentKey: { _id: entry.id }, ...beforeChange(entry, options) }, [
          entry.pre,
        ]),
      ];
    case 'drop': {
      const event = commandEvent(entry, 'drop', ns, uuid);
      return invalidates ? [event, invalidate(entry)] : [event];
    }
    case 'rename': {
      const to = { db: entry.toDb, coll: entry.toColl };
      const description: Document = { to, ...(entry.droppedTarget ? { dropTarget: entry.droppedTarget } : {}) };
      const extra: Document = expanded ? { ...uuid, to, operationDescription: description } : { to };
      const event = commandEvent(entry, 'rename', ns, extra);
      return invalidates ? [event, invalidate(entry)] : [event];
    }
    case 'create':
      return expanded ? [commandEvent(entry, 'create', ns, createDescription(entry.options, uuid))] : [];
    case 'createIndex':
      return expanded
        ? [commandEvent(entry, 'createIndexes', ns, { ...uuid, operationDescription: { indexes: [entry.spec] } })]
        : [];
    case 'dropIndex': {
      const index = entry.spec ?? { name: entry.name };
      return expanded
        ? [commandEvent(entry, 'dropIndexes', ns, { ...uuid, operationDescription: { indexes: [index] } })]
        : [];
    }
    case 'collMod': {
      const description: Document = { ...entry.options, ...(entry.index ? { index: entry.index } : {}) };
      return expanded ? [commandEvent(entry, 'modify', ns, { ...uuid, operationDescription: description })] : [];
    }
  }
}

/** A create event's fields: a view's definition, or a collection's _id index and options with its UUID. */
function createDescription(options: CollectionOptions, uuid: Document): Document {
  if (typeof options.viewOn === 'string') {
    return { operationDescription: { viewOn: options.viewOn, pipeline: options.pipeline ?? [] } };
  }
  return { ...uuid, operationDescription: { ...options, idIndex: ID_INDEX_SPEC } };
}

/** The update description as a stream shows it: disambiguatedPaths only with expanded events, as MongoDB does. */
function updateDescriptionFor(description: UpdateDescription, expanded: boolean): Document {
  const { disambiguatedPaths, ...shown } = description;
  return expanded ? { ...shown, disambiguatedPaths: disambiguatedPaths ?? {} } : shown;
}

function inScope(db: string, coll: string, scope: ChangeStreamScope): boolean {
  switch (scope.kind) {
    case 'collection':
      return scope.db === db && scope.coll === coll;
    case 'database':
      return scope.db === db && !coll.startsWith('system.');
    case 'cluster':
      return !INTERNAL_DATABASES.has(db) && !coll.startsWith('system.');
  }
}

function header(entry: OplogEntry, operationType: string, position: TokenPosition): Document {
  return {
    _id: makeResumeToken(entry.ts, position),
    operationType,
    clusterTime: entry.ts,
    wallTime: entry.wall,
  };
}

function dataEvent(
  entry: OplogEntry,
  operationType: string,
  fields: Document,
  documents: (Document | undefined | null)[],
  extraSize = 0,
): ChangeEvent {
  let size = EVENT_OVERHEAD_BYTES + extraSize;
  for (const doc of documents) if (doc) size += documentSize(doc);
  return { doc: { ...header(entry, operationType, 'event'), ...fields }, position: 'event', size };
}

function commandEvent(entry: OplogEntry, operationType: string, ns: Document, extra: Document = {}): ChangeEvent {
  return {
    doc: { ...header(entry, operationType, 'event'), ns, ...extra },
    position: 'event',
    size: EVENT_OVERHEAD_BYTES,
  };
}

function invalidate(entry: OplogEntry): ChangeEvent {
  return { doc: header(entry, 'invalidate', 'invalidate'), position: 'invalidate', size: EVENT_OVERHEAD_BYTES };
}

function fullDocumentOfUpdate(
  entry: Extract<OplogEntry, { op: 'update' }>,
  options: ChangeStreamOptions,
  engine: Engine,
): Document {
  switch (options.fullDocument) {
    case 'default':
      return {};
    case 'updateLookup':
      // Like MongoDB: the document as it is now, which may be later than this event, or null once deleted.
      return { fullDocument: engine.catalog.get(entry.db, entry.coll)?.getById(entry.doc._id) ?? null };
    case 'whenAvailable':
      return { fullDocument: entry.images ? entry.doc : null };
    case 'required':
      if (!entry.images) throw missingImage('post-image', 'fullDocument', entry);
      return { fullDocument: entry.doc };
  }
}

function beforeChange(
  entry: { pre?: Document; images: boolean; ts: OplogEntry['ts']; db: string; coll: string },
  options: ChangeStreamOptions,
): Document {
  switch (options.fullDocumentBeforeChange) {
    case 'off':
      return {};
    case 'whenAvailable':
      return { fullDocumentBeforeChange: entry.pre ?? null };
    case 'required':
      if (!entry.pre) throw missingImage('pre-image', 'fullDocumentBeforeChange', entry);
      return { fullDocumentBeforeChange: entry.pre };
  }
}

function missingImage(
  kind: string,
  option: string,
  entry: { ts: OplogEntry['ts']; db: string; coll: string },
): CommandError {
  return new CommandError(
    'ChangeStreamFatalError',
    `Change stream was configured to require a ${kind} (${option}: 'required') but none is available for the event at ${formatTimestamp(entry.ts)} on ${entry.db}.${entry.coll}; enable changeStreamPreAndPostImages on the collection`,
  );
}
