import { EJSON } from 'bson';
import type { UpdateDescription } from '../oplog.js';
import type { Document } from '../storage/document-copy.js';
import { isPlainObject } from '../storage/field-path.js';

/**
 * The update description of a change from `before` to `after`, computed from
 * the two documents (so operator, pipeline and replacement updates are alike):
 * changed or added fields by dotted path, removed fields, appended array
 * elements as `array.N` paths, and shortened arrays as truncatedArrays.
 * Paths a reader cannot split right by their dots (one with a numeric field
 * name, or a field name holding a dot) are listed in disambiguatedPaths with
 * their real components, array indexes as numbers. An empty description means
 * the update changed nothing.
 */
export function describeUpdate(before: Document, after: Document): UpdateDescription {
  const description: UpdateDescription = { updatedFields: {}, removedFields: [], truncatedArrays: [] };
  const paths: Record<string, PathComponent[]> = {};
  diffObjects(before, after, { components: [], ambiguous: false }, { description, paths });
  if (Object.keys(paths).length > 0) description.disambiguatedPaths = paths;
  return description;
}

export function isEmptyDescription(description: UpdateDescription): boolean {
  return (
    Object.keys(description.updatedFields).length === 0 &&
    description.removedFields.length === 0 &&
    description.truncatedArrays.length === 0
  );
}

/** A field name, or an array index (a number). */
type PathComponent = string | number;

/** Where the diff is: the components so far, and whether joining them with dots would mislead. */
type Path = { components: PathComponent[]; ambiguous: boolean };

type Into = { description: UpdateDescription; paths: Record<string, PathComponent[]> };

/** MongoDB's strict numeric path component: what could be read as an array index. */
const NUMERIC_FIELD = /^(0|[1-9][0-9]*)$/;

function field(path: Path, name: string): Path {
  return {
    components: [...path.components, name],
    ambiguous: path.ambiguous || NUMERIC_FIELD.test(name) || name.includes('.'),
  };
}

function element(path: Path, index: number): Path {
  return { components: [...path.components, index], ambiguous: path.ambiguous };
}

/** The dotted path of `path`, recorded in disambiguatedPaths when it is ambiguous. */
function dotted(path: Path, into: Into): string {
  const text = path.components.join('.');
  if (path.ambiguous) into.paths[text] = path.components;
  return text;
}

function diffObjects(before: Document, after: Document, at: Path, into: Into): void {
  for (const [name, value] of Object.entries(after)) {
    const path = field(at, name);
    if (!Object.hasOwn(before, name)) {
      into.description.updatedFields[dotted(path, into)] = value;
      continue;
    }
    const old = before[name];
    if (isPlainObject(old) && isPlainObject(value)) {
      diffObjects(old, value, path, into);
    } else if (Array.isArray(old) && Array.isArray(value)) {
      diffArrays(old, value, path, into);
    } else if (!valuesEqual(old, value)) {
      into.description.updatedFields[dotted(path, into)] = value;
    }
  }
  for (const name of Object.keys(before)) {
    if (!Object.hasOwn(after, name)) into.description.removedFields.push(dotted(field(at, name), into));
  }
}

function diffArrays(before: unknown[], after: unknown[], at: Path, into: Into): void {
  const shared = Math.min(before.length, after.length);
  const changed: number[] = [];
  for (let i = 0; i < shared; i += 1) if (!valuesEqual(before[i], after[i])) changed.push(i);
  // Many changed elements read better as the whole new array, as MongoDB reports them.
  if (changed.length > shared / 2 && changed.length > 1) {
    into.description.updatedFields[dotted(at, into)] = after;
    return;
  }
  for (const i of changed) {
    const old = before[i];
    const value = after[i];
    // A changed sub-document reports its changed fields, as MongoDB's diff does.
    if (isPlainObject(old) && isPlainObject(value)) diffObjects(old, value, element(at, i), into);
    else into.description.updatedFields[dotted(element(at, i), into)] = value;
  }
  for (let i = shared; i < after.length; i += 1)
    into.description.updatedFields[dotted(element(at, i), into)] = after[i];
  if (after.length < before.length) {
    into.description.truncatedArrays.push({ field: dotted(at, into), newSize: after.length });
  }
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
