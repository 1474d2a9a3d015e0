import { CommandError } from '../command-error.js';
import type { CollectionOptions, IndexSpec } from '../oplog.js';
import { ID_INDEX_SPEC } from '../storage/collection.js';
import type { Document } from '../storage/document-copy.js';
import { compileFilter } from '../storage/document-query.js';
import { isPlainObject } from '../storage/field-path.js';
import { checkRunnableStage, stageName } from '../storage/pipeline-stages.js';
import { refuseView } from '../storage/views.js';
import type { Command, CommandContext } from './command.js';
import {
  collectionName,
  documentArray,
  optionalBoolean,
  optionalDocument,
  optionalNumber,
} from './command-arguments.js';

// Databases, collections and indexes. Every change is an oplog entry, so it
// is journalled with --dbpath and drop/rename/dropDatabase reach change streams.

function listDatabases({ server, body }: CommandContext): Document {
  const filter = optionalDocument(body, 'filter', 'listDatabases');
  const query = filter ? compileFilter(filter) : undefined;
  const databases = server.engine.catalog
    .databaseNames()
    .map((name) => {
      const collections = server.engine.catalog.collections(name);
      const size = collections.reduce((sum, collection) => sum + collection.size, 0);
      return { name, sizeOnDisk: size * 100, empty: size === 0 };
    })
    .filter((database) => !query || query.test(database));
  if (body.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })) };
  const totalSize = databases.reduce((sum, database) => sum + database.sizeOnDisk, 0);
  return { databases, totalSize, totalSizeMb: Math.round(totalSize / 1024 / 1024) };
}

function listCollections({ server, db, body }: CommandContext): Document {
  const filter = optionalDocument(body, 'filter', 'listCollections');
  const query = filter ? compileFilter(filter) : undefined;
  const infos = server.engine.catalog
    .collections(db)
    .map((collection) =>
      collection.isView
        ? { name: collection.name, type: 'view', options: collection.options, info: { readOnly: true } }
        : {
            name: collection.name,
            type: 'collection',
            options: collection.options,
            info: { readOnly: false, uuid: collection.uuid },
            idIndex: ID_INDEX_SPEC,
          },
    )
    .filter((info) => !query || query.test(info));
  const batch = body.nameOnly === true ? infos.map(({ name, type }) => ({ name, type })) : infos;
  return { cursor: { id: 0n, ns: `${db}.$cmd.listCollections`, firstBatch: batch } };
}

function create({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'create');
  if (server.engine.catalog.get(db, name)) {
    throw new CommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
  }
  const options = body.viewOn === undefined ? collectionOptions(body, 'create') : viewOptions(body);
  server.engine.commit({ op: 'create', db, coll: name, options });
  return {};
}

/** A view's definition: the namespace it reads (in the same database) and its read-only pipeline. */
function viewOptions(body: Document): CollectionOptions {
  const viewOn = body.viewOn;
  if (typeof viewOn !== 'string' || viewOn.length === 0) {
    throw new CommandError('TypeMismatch', "BSON field 'create.viewOn' must be a non-empty string");
  }
  if (body.changeStreamPreAndPostImages !== undefined) {
    throw new CommandError('InvalidOptions', 'option not supported on a view: changeStreamPreAndPostImages');
  }
  const pipeline = body.pipeline === undefined ? [] : documentArray(body.pipeline, 'create.pipeline');
  for (const stage of pipeline) {
    const name = stageName(stage);
    checkRunnableStage(name);
    if (name === '$changeStream') {
      throw new CommandError('OptionNotSupportedOnView', '$changeStream cannot be used in a view definition');
    }
  }
  return { viewOn, pipeline };
}

function collectionOptions(body: Document, command: string): CollectionOptions {
  const images = optionalDocument(body, 'changeStreamPreAndPostImages', command);
  if (!images) return {};
  const enabled = optionalBoolean(images, 'enabled', `${command}.changeStreamPreAndPostImages`);
  if (enabled === undefined)
    throw new CommandError('BadValue', `${command}.changeStreamPreAndPostImages needs 'enabled'`);
  return { changeStreamPreAndPostImages: { enabled } };
}

function drop({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'drop');
  const collection = server.engine.catalog.get(db, name);
  if (!collection) return {};
  const nIndexesWas = collection.indexes.size + 1;
  server.engine.commit({ op: 'drop', db, coll: name });
  return { nIndexesWas, ns: `${db}.${name}` };
}

function dropDatabase({ server, db }: CommandContext): Document {
  const { engine } = server;
  // As MongoDB does: each collection's drop is its own entry (and event), then the database's.
  for (const collection of engine.catalog.collections(db)) engine.commit({ op: 'drop', db, coll: collection.name });
  engine.commit({ op: 'dropDatabase', db });
  return { dropped: db };
}

function renameCollection({ server, body }: CommandContext): Document {
  const [fromDb, fromColl] = splitNamespace(body.renameCollection, 'renameCollection');
  const [toDb, toColl] = splitNamespace(body.to, 'to');
  const { engine } = server;
  if (!engine.catalog.get(fromDb, fromColl))
    throw new CommandError('NamespaceNotFound', `Source collection ${fromDb}.${fromColl} does not exist`);
  const target = engine.catalog.get(toDb, toColl);
  if (target) {
    if (body.dropTarget !== true)
      throw new CommandError('NamespaceExists', `Target collection ${toDb}.${toColl} exists`);
    engine.commit({ op: 'drop', db: toDb, coll: toColl });
  }
  engine.commit({
    op: 'rename',
    db: fromDb,
    coll: fromColl,
    toDb,
    toColl,
    ...(target ? { droppedTarget: target.uuid } : {}),
  });
  return {};
}

function splitNamespace(value: unknown, field: string): [string, string] {
  const dot = typeof value === 'string' ? value.indexOf('.') : -1;
  if (typeof value !== 'string' || dot <= 0 || dot === value.length - 1) {
    throw new CommandError(
      'InvalidNamespace',
      `${field} must be a namespace "db.collection", got ${JSON.stringify(value)}`,
    );
  }
  return [value.slice(0, dot), value.slice(dot + 1)];
}

function collMod({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'collMod');
  refuseView(server.engine.catalog, db, name);
  const collection = server.engine.catalog.get(db, name);
  if (!collection) throw new CommandError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  const options = collectionOptions(body, 'collMod');
  const indexChange = optionalDocument(body, 'index', 'collMod');
  const reply: Document = {};
  let index: { name: string; expireAfterSeconds: number } | undefined;
  if (indexChange) {
    const spec = [...collection.indexes.values()]
      .map((entry) => entry.spec)
      .find((candidate) =>
        typeof indexChange.name === 'string'
          ? candidate.name === indexChange.name
          : JSON.stringify(candidate.key) === JSON.stringify(indexChange.keyPattern),
      );
    if (!spec)
      throw new CommandError(
        'IndexNotFound',
        `cannot find index ${JSON.stringify(indexChange.name ?? indexChange.keyPattern)} for ns ${db}.${name}`,
      );
    const expireAfterSeconds = optionalNumber(indexChange, 'expireAfterSeconds', 'collMod.index');
    if (expireAfterSeconds !== undefined) {
      reply.expireAfterSeconds_old = spec.expireAfterSeconds;
      reply.expireAfterSeconds_new = expireAfterSeconds;
      index = { name: spec.name, expireAfterSeconds };
    }
  }
  server.engine.commit({ op: 'collMod', db, coll: name, options, ...(index ? { index } : {}) });
  return reply;
}

const INDEX_SPEC_FIELDS = new Set([
  'key',
  'name',
  'unique',
  'sparse',
  'expireAfterSeconds',
  'partialFilterExpression',
  'background',
  'v',
  'hidden',
]);

function createIndexes({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'createIndexes');
  refuseView(server.engine.catalog, db, name);
  const specs = documentArray(body.indexes, 'createIndexes.indexes').map(indexSpec);
  const { engine } = server;
  const createdCollectionAutomatically = !engine.catalog.get(db, name);
  const collection = engine.collectionForWrite(db, name);
  const numIndexesBefore = collection.indexes.size + 1;
  for (const spec of specs) {
    if (spec.name === ID_INDEX_SPEC.name) continue;
    const existing = collection
      .indexSpecs()
      .find((candidate) => candidate.name === spec.name || sameKey(candidate, spec));
    if (existing) {
      if (existing.name === spec.name && sameKey(existing, spec)) continue;
      if (existing.name === spec.name) {
        throw new CommandError(
          'IndexKeySpecsConflict',
          `An existing index has the same name as the requested index but a different key: ${existing.name}`,
        );
      }
      throw new CommandError('IndexOptionsConflict', `Index already exists with a different name: ${existing.name}`);
    }
    collection.checkIndexable(spec);
    engine.commit({ op: 'createIndex', db, coll: name, spec });
  }
  return { createdCollectionAutomatically, numIndexesBefore, numIndexesAfter: collection.indexes.size + 1 };
}

function indexSpec(raw: Document): IndexSpec {
  for (const field of Object.keys(raw)) {
    if (!INDEX_SPEC_FIELDS.has(field)) {
      throw new CommandError(
        'InvalidOptions',
        `index option '${field}' is not supported by the livebell MongoDB emulator`,
      );
    }
  }
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0)
    throw new CommandError('BadValue', 'index key must be a non-empty object');
  for (const [field, direction] of Object.entries(key)) {
    if (direction !== 1 && direction !== -1) {
      throw new CommandError(
        'BadValue',
        `index type ${JSON.stringify(direction)} on '${field}' is not supported by the livebell MongoDB emulator; use 1 or -1`,
      );
    }
  }
  const spec: IndexSpec = {
    v: 2,
    key: key as Record<string, number>,
    name:
      typeof raw.name === 'string'
        ? raw.name
        : Object.entries(key)
            .map(([field, direction]) => `${field}_${String(direction)}`)
            .join('_'),
  };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  const expireAfterSeconds = optionalNumber(raw, 'expireAfterSeconds', 'index');
  if (expireAfterSeconds !== undefined) spec.expireAfterSeconds = expireAfterSeconds;
  const partial = optionalDocument(raw, 'partialFilterExpression', 'index');
  if (partial) spec.partialFilterExpression = partial;
  return spec;
}

function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  return JSON.stringify(a.key) === JSON.stringify(b.key);
}

function listIndexes({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'listIndexes');
  refuseView(server.engine.catalog, db, name);
  const collection = server.engine.catalog.get(db, name);
  if (!collection) throw new CommandError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  return { cursor: { id: 0n, ns: `${db}.${name}`, firstBatch: collection.indexSpecs() } };
}

function dropIndexes({ server, db, body }: CommandContext): Document {
  const name = collectionName(body, 'dropIndexes');
  refuseView(server.engine.catalog, db, name);
  const collection = server.engine.catalog.get(db, name);
  if (!collection) throw new CommandError('NamespaceNotFound', `ns not found ${db}.${name}`);
  const nIndexesWas = collection.indexes.size + 1;
  const target = body.index;
  const specs = [...collection.indexes.values()].map((index) => index.spec);
  let names: string[];
  if (target === '*') names = specs.map((spec) => spec.name);
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) {
    const match = specs.find((spec) => JSON.stringify(spec.key) === JSON.stringify(target));
    if (!match) throw new CommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`);
    names = [match.name];
  } else throw new CommandError('TypeMismatch', "dropIndexes.index must be '*', a name, names or a key pattern");
  for (const indexName of names) {
    if (indexName === ID_INDEX_SPEC.name) throw new CommandError('InvalidOptions', 'cannot drop _id index');
    if (!collection.indexes.has(indexName))
      throw new CommandError('IndexNotFound', `index not found with name [${indexName}]`);
  }
  for (const indexName of names) {
    const spec = collection.indexes.get(indexName)?.spec;
    server.engine.commit({ op: 'dropIndex', db, coll: name, name: indexName, ...(spec ? { spec } : {}) });
  }
  return { nIndexesWas };
}

function dbStats({ server, db }: CommandContext): Document {
  const collections = server.engine.catalog.collections(db);
  const objects = collections.reduce((sum, collection) => sum + collection.size, 0);
  const indexes = collections.reduce((sum, collection) => sum + collection.indexes.size + 1, 0);
  return {
    db,
    collections: collections.filter((collection) => !collection.isView).length,
    views: collections.filter((collection) => collection.isView).length,
    objects,
    indexes,
    dataSize: 0,
    storageSize: 0,
    indexSize: 0,
    scaleFactor: 1,
  };
}

export const catalogCommands: Record<string, Command> = {
  listDatabases: { fields: ['filter', 'nameOnly', 'authorizedDatabases'], adminOnly: true, run: listDatabases },
  listCollections: { fields: ['filter', 'nameOnly', 'authorizedCollections', 'cursor'], run: listCollections },
  create: { fields: ['changeStreamPreAndPostImages', 'viewOn', 'pipeline'], run: create },
  drop: { fields: [], run: drop },
  dropDatabase: { fields: [], run: dropDatabase },
  renameCollection: { fields: ['to', 'dropTarget', 'stayTemp'], adminOnly: true, run: renameCollection },
  collMod: { fields: ['changeStreamPreAndPostImages', 'index'], run: collMod },
  createIndexes: { fields: ['indexes', 'commitQuorum'], run: createIndexes },
  listIndexes: { fields: ['cursor'], run: listIndexes },
  dropIndexes: { fields: ['index'], run: dropIndexes },
  dbStats: { fields: ['scale', 'freeStorage'], run: dbStats },
};
