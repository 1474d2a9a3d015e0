import { isPlainObject } from './field-path.js';

export type Document = Record<string, unknown>;

/**
 * A deep copy of a document's structure (sub-documents, arrays, dates). BSON
 * value objects (ObjectId, Binary, Long, ...) are shared: nothing mutates them.
 * Stored documents are never mutated after they are stored (updates work on a
 * copy), so the oplog, cursors and replies can share them without copying.
 */
export function copyDocument<T extends Document>(doc: T): T {
  return copyValue(doc) as T;
}

function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyValue);
  if (value instanceof Date) return new Date(value.getTime());
  if (isPlainObject(value)) {
    const copy: Document = {};
    for (const [key, field] of Object.entries(value)) {
      // A field named __proto__ is data in BSON; plain assignment would set the prototype.
      if (key === '__proto__') {
        Object.defineProperty(copy, key, {
          value: copyValue(field),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        copy[key] = copyValue(field);
      }
    }
    return copy;
  }
  return value;
}
