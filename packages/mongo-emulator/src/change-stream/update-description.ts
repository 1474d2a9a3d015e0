import { EJSON } from 'bson';
import type { UpdateDescription } from '../oplog.js';
import type { Document } from '../storage/document-copy.js';
import { isPlainObject } from '../storage/field-path.js';

/**
 * The update description of a change from `before` to `after`, computed from
 * the two documents (so operator, pipeline and replacement updates are alike):
 * changed or added fields by dotted path, removed fields, appended array
 * elements as `array.N` paths, and shortened arrays as truncatedArrays.
 * An empty description means the update changed nothing.
 */
export function describeUpdate(before: Document, after: Document): UpdateDescription {
  const description: UpdateDescription = { updatedFields: {}, removedFields: [], truncatedArrays: [] };
  diffObjects(before, after, '', description);
  return description;
}

export function isEmptyDescription(description: UpdateDescription): boolean {
  return (
    Object.keys(description.updatedFields).length === 0 &&
    description.removedFields.length === 0 &&
    description.truncatedArrays.length === 0
  );
}

function diffObjects(before: Document, after: Document, prefix: string, into: UpdateDescription): void {
  for (const [field, value] of Object.entries(after)) {
    const path = prefix + field;
    if (!Object.hasOwn(before, field)) {
      into.updatedFields[path] = value;
      continue;
    }
    const old = before[field];
    if (isPlainObject(old) && isPlainObject(value)) {
      diffObjects(old, value, `${path}.`, into);
    } else if (Array.isArray(old) && Array.isArray(value)) {
      diffArrays(old, value, path, into);
    } else if (!valuesEqual(old, value)) {
      into.updatedFields[path] = value;
    }
  }
  for (const field of Object.keys(before)) {
    if (!Object.hasOwn(after, field)) into.removedFields.push(prefix + field);
  }
}

function diffArrays(before: unknown[], after: unknown[], path: string, into: UpdateDescription): void {
  const shared = Math.min(before.length, after.length);
  const changed: number[] = [];
  for (let i = 0; i < shared; i += 1) if (!valuesEqual(before[i], after[i])) changed.push(i);
  // Many changed elements read better as the whole new array, as MongoDB reports them.
  if (changed.length > shared / 2 && changed.length > 1) {
    into.updatedFields[path] = after;
    return;
  }
  for (const i of changed) into.updatedFields[`${path}.${i}`] = after[i];
  for (let i = shared; i < after.length; i += 1) into.updatedFields[`${path}.${i}`] = after[i];
  if (after.length < before.length) into.truncatedArrays.push({ field: path, newSize: after.length });
}

/** BSON equality: same types, same values, same field order. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((value, i) => valuesEqual(value, b[i]));
  }
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i] && valuesEqual(a[key], b[key]));
  }
  const typeA = (a as { _bsontype?: unknown })._bsontype;
  if (typeA === undefined || typeA !== (b as { _bsontype?: unknown })._bsontype) return false;
  return EJSON.stringify(a, { relaxed: false }) === EJSON.stringify(b, { relaxed: false });
}
