// The document right after an update, rebuilt from its pre-image and the
// event's update description. Unlike `fullDocument: 'updateLookup'` (the
// document as it is when the server looks, possibly after later changes),
// this is exact as of the event, which exact per-event counts need.
import type { Document, UpdateDescription } from 'mongodb';

/**
 * `before` with the update applied; `before` itself is not modified (only
 * the containers on the changed paths are copied). Dotted paths walk into
 * embedded documents and array indexes, as MongoDB writes them.
 */
export function applyUpdateDescription(before: Document, update: UpdateDescription): Document {
  const after: Document = { ...before };
  for (const { field, newSize } of update.truncatedArrays ?? []) {
    const target = copiedParent(after, field.split('.'));
    if (!target) continue;
    const value = read(target.container, target.key);
    if (Array.isArray(value)) write(target.container, target.key, value.slice(0, newSize));
  }
  for (const path of update.removedFields ?? []) {
    const target = copiedParent(after, path.split('.'));
    if (target && !Array.isArray(target.container)) delete target.container[target.key];
  }
  for (const [path, value] of Object.entries(update.updatedFields ?? {})) {
    const target = copiedParent(after, path.split('.'), true);
    if (target) write(target.container, target.key, value);
  }
  return after;
}

type Container = Document | unknown[];

/**
 * The container that holds the last segment of `segments`, with every
 * container on the way copied (so `before` stays untouched); null when the
 * path runs through a value that is not a container. `create` adds missing
 * embedded documents, as `$set` does.
 */
function copiedParent(
  root: Document,
  segments: string[],
  create = false,
): { container: Container; key: string } | null {
  let container: Container = root;
  for (let i = 0; i < segments.length - 1; i += 1) {
    const key = segments[i] ?? '';
    const value = read(container, key);
    let copy: Container;
    if (Array.isArray(value)) copy = [...(value as unknown[])];
    else if (isPlainDocument(value)) copy = { ...value };
    else if (value === undefined && create) copy = {};
    else return null;
    write(container, key, copy);
    container = copy;
  }
  return { container, key: segments.at(-1) ?? '' };
}

function read(container: Container, key: string): unknown {
  return Array.isArray(container) ? container[Number(key)] : container[key];
}

function write(container: Container, key: string, value: unknown): void {
  if (Array.isArray(container)) container[Number(key)] = value;
  else container[key] = value;
}

/** An embedded document: a plain object, not a BSON value (ObjectId, Date, Binary...). */
function isPlainDocument(value: unknown): value is Document {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
