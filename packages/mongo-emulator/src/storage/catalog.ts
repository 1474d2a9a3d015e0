import type { OplogEntry } from '../oplog.js';
import { Collection } from './collection.js';

/**
 * Every database and collection, and the one function that changes them:
 * `apply`, used alike for live writes and for replaying a --dbpath journal.
 * Entries are validated before they are made, so applying one cannot fail.
 */
export class Catalog {
  readonly #databases = new Map<string, Map<string, Collection>>();

  get(db: string, name: string): Collection | undefined {
    return this.#databases.get(db)?.get(name);
  }

  databaseNames(): string[] {
    return [...this.#databases.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.#databases.get(db)?.values() ?? [])];
  }

  /** Adds a collection as a snapshot describes it (only while loading). */
  restore(collection: Collection): void {
    this.#database(collection.db).set(collection.name, collection);
  }

  apply(entry: OplogEntry): void {
    switch (entry.op) {
      case 'insert':
      case 'update':
      case 'replace':
        this.#collection(entry.db, entry.coll).put(entry.doc);
        return;
      case 'delete':
        this.get(entry.db, entry.coll)?.remove(entry.id);
        return;
      case 'create':
        // A replayed journal gives the collection the UUID it had when it was created.
        this.#database(entry.db).set(entry.coll, new Collection(entry.db, entry.coll, entry.options, entry.ui));
        return;
      case 'collMod': {
        const collection = this.#collection(entry.db, entry.coll);
        collection.options = { ...collection.options, ...entry.options };
        const index = entry.index && collection.indexes.get(entry.index.name);
        if (index && entry.index) index.spec.expireAfterSeconds = entry.index.expireAfterSeconds;
        return;
      }
      case 'createIndex':
        this.#collection(entry.db, entry.coll).addIndex(entry.spec);
        return;
      case 'dropIndex':
        this.get(entry.db, entry.coll)?.indexes.delete(entry.name);
        return;
      case 'drop':
        this.#dropCollection(entry.db, entry.coll);
        return;
      case 'rename': {
        const collection = this.get(entry.db, entry.coll);
        if (!collection) return;
        this.#dropCollection(entry.db, entry.coll);
        collection.db = entry.toDb;
        collection.name = entry.toColl;
        this.#database(entry.toDb).set(entry.toColl, collection);
        return;
      }
      case 'dropDatabase':
        this.#databases.delete(entry.db);
        return;
      case 'noop':
        return;
    }
  }

  #database(db: string): Map<string, Collection> {
    let database = this.#databases.get(db);
    if (!database) {
      database = new Map();
      this.#databases.set(db, database);
    }
    return database;
  }

  #collection(db: string, name: string): Collection {
    const database = this.#database(db);
    let collection = database.get(name);
    if (!collection) {
      collection = new Collection(db, name);
      database.set(name, collection);
    }
    return collection;
  }

  #dropCollection(db: string, name: string): void {
    const database = this.#databases.get(db);
    database?.delete(name);
    if (database?.size === 0) this.#databases.delete(db);
  }
}
