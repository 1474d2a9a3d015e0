import { calculateObjectSize } from 'bson';
import type { Document } from './document-copy.js';

// Stored documents never change, so each one's BSON size is computed once and
// shared by every cursor that bounds its batches by bytes.
const sizes = new WeakMap<object, number>();

export function documentSize(doc: Document): number {
  let size = sizes.get(doc);
  if (size === undefined) {
    size = calculateObjectSize(doc);
    sizes.set(doc, size);
  }
  return size;
}

/** Records a size already known (an inserted document's length on the wire). */
export function rememberDocumentSize(doc: Document, size: number): void {
  sizes.set(doc, size);
}
