import type { Binary} from 'bson';
import { UUID } from 'bson';
import type { CollectionOptions, IndexSpec } from '../oplog.js';
import { CollectionIndex, duplicateKeyError } from './collection-index.js';
import type { Document } from './document-copy.js';
import { isPlainObject } from './field-path.js';
import { valueKey } from './value-key.js';

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * One collection: documents in insertion order with O(1) lookup by _id, and its
 * secondary indexes. Stored documents are never mutated: a write replaces the
 * stored object, so readers may hold on to the one they got.
 */
export class Collection {
  /** Mutable only by a rename. */
  db: string;
  name: string;
  readonly uuid: Binary;
  options: CollectionOptions;
  readonly #docs = new Map<string, Document>();
  readonly indexes = new Map<string, CollectionIndex>();

  constructor(db: string, name: string, options: CollectionOptions = {}, uuid: Binary = new UUID().toBinary()) {
    this.db = db;
    this.name = name;
    this.options = options;
    this.uuid = uuid;
  }

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.#docs.size;
  }

  get preAndPostImages(): boolean {
    return this.options.changeStreamPreAndPostImages?.enabled === true;
  }

  documents(): IterableIterator<Document> {
    return this.#docs.values();
  }

  getById(id: unknown): Document | undefined {
    return this.#docs.get(valueKey(id));
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((index) => index.spec)];
  }

  /** Throws DuplicateKey when storing `doc` would break the _id or a unique index. */
  checkUnique(doc: Document, replacing?: Document): void {
    const idKey = valueKey(doc._id);
    if (this.#docs.has(idKey) && (replacing === undefined || valueKey(replacing._id) !== idKey)) {
      throw duplicateKeyError(this.namespace, ID_INDEX_SPEC, { _id: doc._id });
    }
    for (const index of this.indexes.values()) {
      if (index.spec.unique) index.checkUnique(this.namespace, doc, idKey);
    }
  }

  put(doc: Document): void {
    const idKey = valueKey(doc._id);
    const previous = this.#docs.get(idKey);
    this.#docs.set(idKey, doc);
    for (const index of this.indexes.values()) {
      if (previous === undefined) {
        index.add(idKey, doc);
      } else if (index.keysDiffer(previous, doc)) {
        index.remove(idKey, previous);
        index.add(idKey, doc);
      }
    }
  }

  remove(id: unknown): Document | undefined {
    const idKey = valueKey(id);
    const doc = this.#docs.get(idKey);
    if (doc === undefined) return undefined;
    this.#docs.delete(idKey);
    for (const index of this.indexes.values()) index.remove(idKey, doc);
    return doc;
  }

  addIndex(spec: IndexSpec): void {
    const index = new CollectionIndex(spec);
    for (const [idKey, doc] of this.#docs) index.add(idKey, doc);
    this.indexes.set(spec.name, index);
  }

  /** Throws DuplicateKey when the existing documents break the unique index `spec`. */
  checkIndexable(spec: IndexSpec): void {
    if (!spec.unique) return;
    const index = new CollectionIndex(spec);
    for (const [idKey, doc] of this.#docs) {
      index.checkUnique(this.namespace, doc, idKey);
      index.add(idKey, doc);
    }
  }

  /**
   * The documents that may match `filter`, narrowed by an equality on _id or on
   * the leading field of an index when the filter has one; every candidate must
   * still be tested against the filter.
   */
  candidates(filter: Document): Iterable<Document> {
    const ids = equalityKeys(filter, '_id');
    if (ids) return this.#lookup(ids);
    let best: Set<string> | undefined;
    for (const index of this.indexes.values()) {
      if (!index.coversEveryDocument) continue;
      const keys = equalityKeys(filter, index.leadingField);
      if (!keys) continue;
      const found = index.lookup(keys);
      if (best === undefined || found.size < best.size) best = found;
    }
    if (best === undefined) return this.#docs.values();
    return this.#lookup(best);
  }

  #lookup(idKeys: Iterable<string>): Document[] {
    const docs: Document[] = [];
    for (const idKey of idKeys) {
      const doc = this.#docs.get(idKey);
      if (doc) docs.push(doc);
    }
    return docs;
  }
}

/**
 * The value keys a filter requires `field` to equal (plain value, $eq or $in,
 * also inside a top-level $and), or undefined when it puts no such condition.
 */
function equalityKeys(filter: Document, field: string): string[] | undefined {
  const condition = filter[field];
  if (condition !== undefined) {
    const keys = conditionKeys(condition);
    if (keys) return keys;
  }
  const and = filter.$and;
  if (Array.isArray(and)) {
    for (const clause of and) {
      if (isPlainObject(clause)) {
        const keys = equalityKeys(clause, field);
        if (keys) return keys;
      }
    }
  }
  return undefined;
}

function conditionKeys(condition: unknown): string[] | undefined {
  if (isRegex(condition)) return undefined;
  if (!isPlainObject(condition)) return [valueKey(condition)];
  const operators = Object.keys(condition);
  if (operators.length === 0 || !operators.every((key) => key.startsWith('$'))) return [valueKey(condition)];
  if (operators.includes('$eq') && !isRegex(condition.$eq)) return [valueKey(condition.$eq)];
  const values = condition.$in;
  if (Array.isArray(values) && !values.some(isRegex)) return values.map(valueKey);
  return undefined;
}

function isRegex(value: unknown): boolean {
  return value instanceof RegExp || (value as { _bsontype?: unknown } | null)?._bsontype === 'BSONRegExp';
}
