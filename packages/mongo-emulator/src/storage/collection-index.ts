import { Query } from 'mingo';
import { CommandError } from '../command-error.js';
import type { IndexSpec } from '../oplog.js';
import type { Document } from './document-copy.js';
import { valueAtPath, valuesAtPath } from './field-path.js';
import { valueKey } from './value-key.js';

/**
 * A secondary index: a Map from each value of the leading field to the ids of
 * the documents holding it (for equality lookups), and for a unique index a
 * Map from the whole key to the one document holding it (to enforce it).
 * Limits: uniqueness of an array-valued field is checked on the whole array,
 * not per element; sort order and ranges do not use the index.
 */
export class CollectionIndex {
  readonly spec: IndexSpec;
  readonly fields: readonly string[];
  readonly #byLeadingValue = new Map<string, Set<string>>();
  readonly #byUniqueKey: Map<string, string> | undefined;
  readonly #partialFilter: Query | undefined;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.#byUniqueKey = spec.unique ? new Map() : undefined;
    this.#partialFilter = spec.partialFilterExpression ? new Query(spec.partialFilterExpression, {}) : undefined;
  }

  get leadingField(): string {
    return this.fields[0] ?? '_id';
  }

  /** Whether every document is in the equality map (sparse and partial indexes leave some out). */
  get coversEveryDocument(): boolean {
    return !this.spec.sparse && this.#partialFilter === undefined;
  }

  /** The ids of the documents whose leading field equals one of the given value keys. */
  lookup(valueKeys: readonly string[]): Set<string> {
    if (valueKeys.length === 1) return this.#byLeadingValue.get(valueKeys[0] ?? '') ?? new Set();
    const ids = new Set<string>();
    for (const key of valueKeys) for (const id of this.#byLeadingValue.get(key) ?? []) ids.add(id);
    return ids;
  }

  /** Throws DuplicateKey when `doc` would break this unique index (ignoring the document `idKey` itself). */
  checkUnique(collectionName: string, doc: Document, idKey: string): void {
    const key = this.#uniqueKey(doc);
    if (key === undefined) return;
    const holder = this.#byUniqueKey?.get(key);
    if (holder === undefined || holder === idKey) return;
    const keyValue: Document = {};
    for (const field of this.fields) keyValue[field] = valueAtPath(doc, field) ?? null;
    throw duplicateKeyError(collectionName, this.spec, keyValue);
  }

  add(idKey: string, doc: Document): void {
    if (!this.#includes(doc)) return;
    for (const key of this.#leadingKeys(doc)) {
      let ids = this.#byLeadingValue.get(key);
      if (!ids) {
        ids = new Set();
        this.#byLeadingValue.set(key, ids);
      }
      ids.add(idKey);
    }
    const unique = this.#uniqueKey(doc);
    if (unique !== undefined) this.#byUniqueKey?.set(unique, idKey);
  }

  remove(idKey: string, doc: Document): void {
    if (!this.#includes(doc)) return;
    for (const key of this.#leadingKeys(doc)) {
      const ids = this.#byLeadingValue.get(key);
      ids?.delete(idKey);
      if (ids?.size === 0) this.#byLeadingValue.delete(key);
    }
    const unique = this.#uniqueKey(doc);
    if (unique !== undefined && this.#byUniqueKey?.get(unique) === idKey) this.#byUniqueKey.delete(unique);
  }

  /** Whether the document's entries differ between two versions (so an update must re-index it). */
  keysDiffer(before: Document, after: Document): boolean {
    return this.fields.some((field) => {
      const a = valuesAtPath(before, field);
      const b = valuesAtPath(after, field);
      return (
        a.values.length !== b.values.length || a.values.some((value, i) => valueKey(value) !== valueKey(b.values[i]))
      );
    });
  }

  #includes(doc: Document): boolean {
    if (this.spec.sparse && this.fields.every((field) => valueAtPath(doc, field) === undefined)) return false;
    return this.#partialFilter === undefined || this.#partialFilter.test(doc);
  }

  #leadingKeys(doc: Document): Set<string> {
    const keys = new Set<string>();
    const reached = valuesAtPath(doc, this.leadingField);
    // Through an array, an element without the field matches { field: null }: list the document under null too.
    if (reached.reachesArray) keys.add(valueKey(null));
    for (const value of reached.values) {
      keys.add(valueKey(value));
      // A query on an array field matches its elements as well as the whole array.
      if (Array.isArray(value)) for (const element of value) keys.add(valueKey(element));
    }
    return keys;
  }

  #uniqueKey(doc: Document): string | undefined {
    if (!this.#byUniqueKey || !this.#includes(doc)) return undefined;
    return this.fields.map((field) => valueKey(valuesAtPath(doc, field).values[0])).join('\u0000');
  }
}

/** MongoDB's E11000 error, with the `keyPattern` and `keyValue` drivers expose. */
export function duplicateKeyError(namespace: string, spec: IndexSpec, keyValue: Document): CommandError {
  const shown = Object.entries(keyValue)
    .map(([field, value]) => `${field}: ${JSON.stringify(value)}`)
    .join(', ');
  return new CommandError(
    'DuplicateKey',
    `E11000 duplicate key error collection: ${namespace} index: ${spec.name} dup key: { ${shown} }`,
    { details: { keyPattern: spec.key, keyValue } },
  );
}
