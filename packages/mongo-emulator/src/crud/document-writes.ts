import { ObjectId } from 'bson';
import { CommandError, toCommandError } from '../command-error.js';
import { describeUpdate, isEmptyDescription, valuesEqual } from '../change-stream/update-description.js';
import type { Engine } from '../engine.js';
import type { Collection } from '../storage/collection.js';
import type { Document } from '../storage/document-copy.js';
import { checkStorageDepth } from '../storage/document-depth.js';
import { findDocuments, matchingDocuments } from '../storage/document-query.js';
import { isPlainObject } from '../storage/field-path.js';
import { applyUpdate, isReplacement, upsertDocument, type UpdateSpec } from './apply-update.js';

// Inserts, updates and deletes of documents: each document written is one
// oplog entry with its own Timestamp, as MongoDB's oplog has it.

export type WriteError = { index: number; code: number; codeName: string; errmsg: string } & Document;

export type UpdateStatement = {
  q: Document;
  u: UpdateSpec;
  upsert?: boolean;
  multi?: boolean;
  arrayFilters?: Document[];
  sort?: Document;
};

export type DeleteStatement = { q: Document; limit: number };

export function insertDocuments(engine: Engine, db: string, name: string, docs: unknown[], ordered: boolean) {
  const writeErrors: WriteError[] = [];
  let n = 0;
  const collection = engine.collectionForWrite(db, name);
  for (const [index, candidate] of docs.entries()) {
    try {
      insertOne(engine, collection, candidate);
      n += 1;
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  return { n, writeErrors };
}

export function updateDocuments(
  engine: Engine,
  db: string,
  name: string,
  statements: UpdateStatement[],
  ordered: boolean,
) {
  const writeErrors: WriteError[] = [];
  const upserted: { index: number; _id: unknown }[] = [];
  let n = 0;
  let nModified = 0;
  for (const [index, statement] of statements.entries()) {
    try {
      const result = updateMatching(engine, db, name, statement);
      n += result.matched;
      nModified += result.modified;
      if (result.upsertedId !== undefined) {
        n += 1;
        upserted.push({ index, _id: result.upsertedId });
      }
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  return { n, nModified, upserted, writeErrors };
}

export function deleteDocuments(
  engine: Engine,
  db: string,
  name: string,
  statements: DeleteStatement[],
  ordered: boolean,
) {
  const writeErrors: WriteError[] = [];
  let n = 0;
  for (const [index, statement] of statements.entries()) {
    try {
      const collection = engine.catalog.get(db, name);
      if (!collection) continue;
      const matches =
        statement.limit === 1
          ? findDocuments(collection, { filter: statement.q, limit: 1 })
          : matchingDocuments(collection, statement.q);
      for (const doc of matches) deleteOne(engine, collection, doc);
      n += matches.length;
    } catch (error) {
      writeErrors.push(writeError(index, error));
      if (ordered) break;
    }
  }
  return { n, writeErrors };
}

export type FindAndModifySpec = {
  query: Document;
  sort?: Document;
  remove: boolean;
  update?: UpdateSpec;
  returnNew: boolean;
  upsert: boolean;
  arrayFilters?: Document[];
};

/** findAndModify: the document before (or after, with `new`) the change, and what happened. */
export function findAndModify(engine: Engine, db: string, name: string, spec: FindAndModifySpec) {
  const existing = engine.catalog.get(db, name);
  const [match] = existing ? findDocuments(existing, { filter: spec.query, sort: spec.sort, limit: 1 }) : [];
  if (spec.remove) {
    if (!match || !existing) return { value: null, lastErrorObject: { n: 0 } };
    deleteOne(engine, existing, match);
    return { value: match, lastErrorObject: { n: 1 } };
  }
  if (!spec.update) throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (match && existing) {
    const after = updateOne(engine, existing, match, spec.update, spec.arrayFilters) ?? match;
    return { value: spec.returnNew ? after : match, lastErrorObject: { n: 1, updatedExisting: true } };
  }
  if (!spec.upsert) return { value: null, lastErrorObject: { n: 0, updatedExisting: false } };
  const collection = engine.collectionForWrite(db, name);
  const inserted = insertOne(engine, collection, upsertDocument(spec.query, spec.update, spec.arrayFilters));
  return {
    value: spec.returnNew ? inserted : null,
    lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
  };
}

function updateMatching(engine: Engine, db: string, name: string, statement: UpdateStatement) {
  const existing = engine.catalog.get(db, name);
  const matches = !existing
    ? []
    : statement.multi
      ? matchingDocuments(existing, statement.q)
      : findDocuments(existing, { filter: statement.q, sort: statement.sort, limit: 1 });
  if (statement.multi && isReplacement(statement.u) && !Array.isArray(statement.u)) {
    throw new CommandError('FailedToParse', 'multi update is not supported for replacement-style update');
  }
  if (matches.length === 0 || !existing) {
    if (!statement.upsert) return { matched: 0, modified: 0, upsertedId: undefined };
    const collection = engine.collectionForWrite(db, name);
    const inserted = insertOne(engine, collection, upsertDocument(statement.q, statement.u, statement.arrayFilters));
    return { matched: 0, modified: 0, upsertedId: inserted._id };
  }
  let modified = 0;
  for (const doc of matches) if (updateOne(engine, existing, doc, statement.u, statement.arrayFilters)) modified += 1;
  return { matched: matches.length, modified, upsertedId: undefined };
}

function insertOne(engine: Engine, collection: Collection, candidate: unknown): Document {
  if (!isPlainObject(candidate)) throw new CommandError('TypeMismatch', 'a document to insert must be an object');
  // MongoDB stores _id as the first field, whatever order the client sent.
  const doc = Object.keys(candidate)[0] === '_id' ? candidate : { _id: candidate._id ?? new ObjectId(), ...candidate };
  if (Array.isArray(doc._id) || doc._id instanceof RegExp) {
    throw new CommandError('BadValue', `can't use an array or a regular expression for _id`);
  }
  checkStorageDepth(doc, 'insert');
  collection.checkUnique(doc);
  engine.commit({ op: 'insert', db: collection.db, coll: collection.name, doc });
  return doc;
}

/** Applies `spec` to the stored `doc`; returns the new document, or undefined when nothing changed. */
function updateOne(
  engine: Engine,
  collection: Collection,
  doc: Document,
  spec: UpdateSpec,
  arrayFilters: Document[] | undefined,
): Document | undefined {
  const next = applyUpdate(doc, spec, { arrayFilters });
  checkStorageDepth(next, 'update');
  const images = collection.preAndPostImages;
  const pre = images ? { pre: doc } : {};
  const base = { db: collection.db, coll: collection.name, doc: next, images, ...pre };
  if (isReplacement(spec)) {
    if (valuesEqual(doc, next)) return undefined;
    collection.checkUnique(next, doc);
    engine.commit({ op: 'replace', ...base });
    return next;
  }
  const updateDescription = describeUpdate(doc, next);
  if (isEmptyDescription(updateDescription)) return undefined;
  collection.checkUnique(next, doc);
  engine.commit({ op: 'update', ...base, updateDescription });
  return next;
}

/** Deletes one stored document: an oplog entry, with its pre-image when the collection records them. */
export function deleteOne(engine: Engine, collection: Collection, doc: Document): void {
  const images = collection.preAndPostImages;
  engine.commit({
    op: 'delete',
    db: collection.db,
    coll: collection.name,
    id: doc._id,
    images,
    ...(images ? { pre: doc } : {}),
  });
}

function writeError(index: number, error: unknown): WriteError {
  const failure = toCommandError(error);
  return { index, code: failure.code, codeName: failure.codeName, errmsg: failure.message, ...failure.details };
}
