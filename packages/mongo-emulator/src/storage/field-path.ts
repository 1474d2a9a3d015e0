/**
 * The values a dotted path reaches in a document, as MongoDB's equality match
 * sees them: traversing arrays of sub-documents fans out. `reachesArray` is
 * true when the path crossed or ended on an array, where equality semantics
 * get subtle (multikey); index code treats such documents conservatively.
 */
export type PathValues = { values: unknown[]; reachesArray: boolean };

export function valuesAtPath(doc: unknown, path: string): PathValues {
  const parts = path.split('.');
  let current: unknown[] = [doc];
  let reachesArray = false;
  for (const part of parts) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        reachesArray = true;
        for (const element of value) collectField(element, part, next);
        collectIndex(value, part, next);
      } else {
        collectField(value, part, next);
      }
    }
    current = next;
  }
  if (current.some((value) => Array.isArray(value))) reachesArray = true;
  return { values: current.length === 0 ? [undefined] : current, reachesArray };
}

function collectField(value: unknown, field: string, into: unknown[]): void {
  if (isPlainObject(value) && Object.hasOwn(value, field)) into.push(value[field]);
}

function collectIndex(array: unknown[], part: string, into: unknown[]): void {
  if (/^\d+$/.test(part)) {
    const index = Number(part);
    if (index < array.length) into.push(array[index]);
  }
}

/** A plain sub-document: not an array, Date, or BSON value class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  return (value as { _bsontype?: unknown })._bsontype === undefined;
}

/** The value at a dotted path when no array is crossed (top-level and nested fields); undefined otherwise. */
export function valueAtPath(doc: Record<string, unknown>, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}
