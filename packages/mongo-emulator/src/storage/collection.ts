import type { Binary } from 'bson';
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

  /** A read-only view (`create` with viewOn): it holds no documents of its own. */
  get isView(): boolean {
    return typeof this.options.viewOn === 'string';
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
   * the leading field of an index when the filter has one. Every candidate must
   * still be tested against the filter, except for the condition named by
   * `satisfied`, which the lookup itself proved for every candidate.
   */
  candidates(filter: Document): Candidates {
    const ids = equalityKeys(filter, '_id');
    if (ids) return { docs: this.#lookup(ids), satisfied: provenBy('_id', filter) };
    let best: Set<string> | undefined;
    let bestField = '';
    const looked = new Set<string>();
    for (const index of this.indexes.values()) {
      // Indexes with the same leading field find the same documents: look up once.
      if (!index.coversEveryDocument || looked.has(index.leadingField)) continue;
      looked.add(index.leadingField);
      const keys = equalityKeys(filter, index.leadingField);
      if (!keys) continue;
      const found = index.lookup(keys);
      if (best === undefined || found.size < best.size) {
        best = found;
        bestField = index.leadingField;
      }
    }
    if (best === undefined) return { docs: this.#docs.values(), satisfied: undefined };
    return { docs: this.#lookup(best), satisfied: provenBy(bestField, filter) };
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

/** What `Collection.candidates` found. */
export type Candidates = {
  docs: Iterable<Document>;
  /** A top-level field of the filter whose condition holds for every candidate; undefined when none does. */
  satisfied: string | undefined;
};

/**
 * `field` when looking its condition up by value key proves it for every
 * document found, so matching may skip it; undefined otherwise.
 *
 * Why it is exact: the _id map and an index list a document under the value
 * key of its field's value and, for an array, of each element (and under null
 * when the path reaches an array, which is why null is excluded here). For the
 * scalar types accepted below, equal value keys mean equal values by MongoDB's
 * equality match: strings by content, ObjectIds by bytes, booleans, Dates by
 * milliseconds, and finite numbers of any BSON width by numeric value (the
 * decimal string of a double is unique to it). `{ field: v }` and `$in` match a
 * document whose field equals v or is an array with an element equal to v:
 * exactly the documents listed under v's key. Limits: only a top-level field
 * (no dotted path), a condition that is a plain value, `$eq` or `$in` alone
 * (no other operator beside it), and no null, NaN, regex, array or document
 * among its values; anything else is left to mingo.
 */
function provenBy(field: string, filter: Document): string | undefined {
  if (field.includes('.') || !Object.hasOwn(filter, field)) return undefined;
  const condition = filter[field];
  if (!isPlainObject(condition)) return isExactScalar(condition) ? field : undefined;
  const operators = Object.keys(condition);
  if (operators.length !== 1) return undefined;
  if (operators[0] === '$eq') return isExactScalar(condition.$eq) ? field : undefined;
  const values = condition.$in;
  if (operators[0] === '$in' && Array.isArray(values) && values.every(isExactScalar)) return field;
  return undefined;
}

/** A value whose value key is equal only for values MongoDB's equality match treats as equal. */
function isExactScalar(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    default:
      break;
  }
  if (value instanceof Date) return Number.isFinite(value.getTime());
  return (value as { _bsontype?: unknown } | null)?._bsontype === 'ObjectId';
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
