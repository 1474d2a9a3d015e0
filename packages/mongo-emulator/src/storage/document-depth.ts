import { CommandError } from '../command-error.js';
import type { Document } from './document-copy.js';
import { isPlainObject } from './field-path.js';

/**
 * The deepest nesting a stored document may have: MongoDB documents "no more
 * than 100 levels of nesting for BSON documents". (mongod's own check, which
 * answers with the same code and wording, defaults to 180.) The document is
 * level 1; each non-empty embedded document or array below it adds one, and
 * empty ones do not count, as in mongod's check.
 */
export const MAX_STORAGE_DEPTH = 100;

/** Throws MongoDB's Overflow (code 15) when `doc` nests deeper than MAX_STORAGE_DEPTH. */
export function checkStorageDepth(doc: Document, action: 'insert' | 'update'): void {
  if (depthExceeds(doc, MAX_STORAGE_DEPTH)) {
    throw new CommandError(
      'Overflow',
      action === 'insert'
        ? `cannot insert document because it exceeds ${MAX_STORAGE_DEPTH} levels of nesting`
        : `Document exceeds maximum nesting depth of ${MAX_STORAGE_DEPTH}`,
    );
  }
}

/** Whether `value` (at level 1) has non-empty containers below level `max`; stops at the first one. */
function depthExceeds(value: unknown, max: number): boolean {
  // An explicit stack: a hostile document must not overflow the call stack here.
  const stack: { value: unknown; level: number }[] = [{ value, level: 1 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const children = Array.isArray(item.value)
      ? item.value
      : isPlainObject(item.value)
        ? Object.values(item.value)
        : [];
    for (const child of children) {
      const container = Array.isArray(child) ? child.length > 0 : isPlainObject(child) && Object.keys(child).length > 0;
      if (!container) continue;
      if (item.level >= max) return true;
      stack.push({ value: child, level: item.level + 1 });
    }
  }
  return false;
}
