import type { Document } from '../storage/document-copy.js';
import { documentSize } from '../storage/document-size.js';

/** The rest of a find or aggregate result, handed out batch by batch. */
export class DocumentCursor {
  readonly #docs: Document[];
  readonly #sizeOf: (doc: Document) => number;
  #position = 0;

  /** `sizeOf` measures a document's BSON size; by default through the cache kept for stored documents. */
  constructor(docs: Document[], sizeOf: (doc: Document) => number = documentSize) {
    this.#docs = docs;
    this.#sizeOf = sizeOf;
  }

  get exhausted(): boolean {
    return this.#position >= this.#docs.length;
  }

  /** Up to `limit` documents and about `maxBytes` (always at least one document while any is left). */
  next(limit: number, maxBytes: number): Document[] {
    const batch: Document[] = [];
    let bytes = 0;
    while (this.#position < this.#docs.length && batch.length < limit) {
      const doc = this.#docs[this.#position];
      if (doc === undefined) break;
      bytes += this.#sizeOf(doc);
      if (batch.length > 0 && bytes > maxBytes) break;
      batch.push(doc);
      this.#position += 1;
    }
    return batch;
  }
}
