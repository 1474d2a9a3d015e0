import { CommandError } from '../command-error.js';
import {
  deleteDocuments,
  findAndModify,
  insertDocuments,
  updateDocuments,
  type DeleteStatement,
  type UpdateStatement,
  type WriteError,
} from '../crud/document-writes.js';
import type { UpdateSpec } from '../crud/apply-update.js';
import { documentCursorReply } from '../cursors/cursor-reply.js';
import type { Document } from '../storage/document-copy.js';
import type { Catalog } from '../storage/catalog.js';
import { findDocuments, matchingDocuments, projectDocument, type FindSpec } from '../storage/document-query.js';
import { findStages, readView, refuseView, resolveView } from '../storage/views.js';
import { isPlainObject, valuesAtPath } from '../storage/field-path.js';
import { valueKey } from '../storage/value-key.js';
import type { Command, CommandContext } from './command.js';
import {
  collectionName,
  documentArray,
  optionalBoolean,
  optionalDocument,
  optionalNumber,
} from './command-arguments.js';

/** The statements of a write command: in the body, or in the OP_MSG document sequence of that name. */
function statements(context: CommandContext, field: string, command: string): Document[] {
  const inline = context.body[field];
  const sequence = context.sequences[field];
  if (inline !== undefined && sequence !== undefined) {
    throw new CommandError('BadValue', `${command}.${field} is given both in the command and as a document sequence`);
  }
  return documentArray(inline ?? sequence ?? [], `${command}.${field}`);
}

function writeReply(result: { writeErrors: WriteError[] } & Document): Document {
  const { writeErrors, ...rest } = result;
  return writeErrors.length > 0 ? { ...rest, writeErrors } : rest;
}

function insert(context: CommandContext): Document {
  const name = collectionName(context.body, 'insert');
  refuseView(context.server.engine.catalog, context.db, name);
  const docs = statements(context, 'documents', 'insert');
  const ordered = optionalBoolean(context.body, 'ordered', 'insert') ?? true;
  return writeReply(insertDocuments(context.server.engine, context.db, name, docs, ordered));
}

function update(context: CommandContext): Document {
  const name = collectionName(context.body, 'update');
  refuseView(context.server.engine.catalog, context.db, name);
  const ordered = optionalBoolean(context.body, 'ordered', 'update') ?? true;
  const parsed = statements(context, 'updates', 'update').map(updateStatement);
  const result = updateDocuments(context.server.engine, context.db, name, parsed, ordered);
  const { upserted, ...rest } = result;
  return writeReply(upserted.length > 0 ? { ...rest, upserted } : rest);
}

const UPDATE_STATEMENT_FIELDS = new Set([
  'q',
  'u',
  'upsert',
  'multi',
  'arrayFilters',
  'hint',
  'sort',
  'upsertSupplied',
]);

function updateStatement(raw: Document): UpdateStatement {
  for (const field of Object.keys(raw)) {
    if (!UPDATE_STATEMENT_FIELDS.has(field)) {
      throw new CommandError(
        'UnknownField',
        `BSON field 'update.updates.${field}' is an unknown field or an option the livebell MongoDB emulator does not support.`,
      );
    }
  }
  const q = optionalDocument(raw, 'q', 'update.updates') ?? {};
  const u = raw.u;
  if (!isPlainObject(u) && !Array.isArray(u))
    throw new CommandError('TypeMismatch', "BSON field 'update.updates.u' must be an object or a pipeline");
  const arrayFilters =
    raw.arrayFilters === undefined ? undefined : documentArray(raw.arrayFilters, 'update.updates.arrayFilters');
  return {
    q,
    u: u as UpdateSpec,
    upsert: optionalBoolean(raw, 'upsert', 'update.updates') ?? false,
    multi: optionalBoolean(raw, 'multi', 'update.updates') ?? false,
    arrayFilters,
    sort: optionalDocument(raw, 'sort', 'update.updates'),
  };
}

function remove(context: CommandContext): Document {
  const name = collectionName(context.body, 'delete');
  refuseView(context.server.engine.catalog, context.db, name);
  const ordered = optionalBoolean(context.body, 'ordered', 'delete') ?? true;
  const parsed: DeleteStatement[] = statements(context, 'deletes', 'delete').map((raw) => {
    for (const field of Object.keys(raw)) {
      if (!['q', 'limit', 'hint'].includes(field)) {
        throw new CommandError(
          'UnknownField',
          `BSON field 'delete.deletes.${field}' is an unknown field or an option the livebell MongoDB emulator does not support.`,
        );
      }
    }
    return {
      q: optionalDocument(raw, 'q', 'delete.deletes') ?? {},
      limit: optionalNumber(raw, 'limit', 'delete.deletes') ?? 0,
    };
  });
  return writeReply(deleteDocuments(context.server.engine, context.db, name, parsed, ordered));
}

function findAndModifyCommand({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'findAndModify');
  refuseView(server.engine.catalog, db, name);
  const rawUpdate = body.update;
  if (rawUpdate !== undefined && !isPlainObject(rawUpdate) && !Array.isArray(rawUpdate)) {
    throw new CommandError('TypeMismatch', "BSON field 'findAndModify.update' must be an object or a pipeline");
  }
  const result = findAndModify(server.engine, db, name, {
    query: optionalDocument(body, 'query', 'findAndModify') ?? {},
    sort: optionalDocument(body, 'sort', 'findAndModify'),
    remove: optionalBoolean(body, 'remove', 'findAndModify') ?? false,
    update: rawUpdate as UpdateSpec | undefined,
    returnNew: optionalBoolean(body, 'new', 'findAndModify') ?? false,
    upsert: optionalBoolean(body, 'upsert', 'findAndModify') ?? false,
    arrayFilters:
      body.arrayFilters === undefined ? undefined : documentArray(body.arrayFilters, 'findAndModify.arrayFilters'),
  });
  const projection = optionalDocument(body, 'fields', 'findAndModify');
  return projection && result.value ? { ...result, value: projectDocument(result.value, projection) } : result;
}

function find({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'find');
  const limit = optionalNumber(body, 'limit', 'find');
  const docs = findIn(server.engine.catalog, db, name, {
    filter: optionalDocument(body, 'filter', 'find'),
    sort: optionalDocument(body, 'sort', 'find'),
    projection: optionalDocument(body, 'projection', 'find'),
    skip: optionalNumber(body, 'skip', 'find'),
    limit: limit === undefined ? undefined : Math.abs(limit),
  });
  return documentCursorReply(server, `${db}.${name}`, docs, {
    batchSize: optionalNumber(body, 'batchSize', 'find'),
    singleBatch: body.singleBatch === true || (limit !== undefined && limit < 0),
  });
}

/** find semantics on a collection, or on a view through its pipeline. */
function findIn(catalog: Catalog, db: string, name: string, spec: FindSpec): Document[] {
  const view = resolveView(catalog, db, name);
  return view ? readView(catalog, db, view, findStages(spec)) : findDocuments(catalog.get(db, name), spec);
}

function count({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'count');
  const docs = findIn(server.engine.catalog, db, name, {
    filter: optionalDocument(body, 'query', 'count'),
    skip: optionalNumber(body, 'skip', 'count'),
    limit: optionalNumber(body, 'limit', 'count'),
  });
  return { n: docs.length };
}

function distinct({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'distinct');
  const key = body.key;
  if (typeof key !== 'string') throw new CommandError('TypeMismatch', "BSON field 'distinct.key' must be a string");
  const filter = optionalDocument(body, 'query', 'distinct') ?? {};
  const collection = server.engine.catalog.get(db, name);
  const view = resolveView(server.engine.catalog, db, name);
  const docs = view
    ? readView(server.engine.catalog, db, view, findStages({ filter }))
    : collection
      ? matchingDocuments(collection, filter)
      : [];
  const values = new Map<string, unknown>();
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key).values) {
      const elements = Array.isArray(value) ? value : [value];
      for (const element of elements) if (element !== undefined) values.set(valueKey(element), element);
    }
  }
  return { values: [...values.values()] };
}

export const crudCommands: Record<string, Command> = {
  insert: { fields: ['documents', 'ordered', 'bypassDocumentValidation'], run: insert },
  update: { fields: ['updates', 'ordered', 'bypassDocumentValidation', 'let'], run: update },
  delete: { fields: ['deletes', 'ordered', 'let'], run: remove },
  findAndModify: {
    fields: [
      'query',
      'sort',
      'remove',
      'update',
      'new',
      'fields',
      'upsert',
      'arrayFilters',
      'bypassDocumentValidation',
      'hint',
      'let',
    ],
    run: findAndModifyCommand,
  },
  find: {
    fields: [
      'filter',
      'sort',
      'projection',
      'skip',
      'limit',
      'batchSize',
      'singleBatch',
      'hint',
      'noCursorTimeout',
      'allowDiskUse',
      'allowPartialResults',
      'let',
    ],
    run: find,
  },
  count: { fields: ['query', 'limit', 'skip', 'hint', 'fields'], run: count },
  distinct: { fields: ['key', 'query', 'hint'], run: distinct },
};
