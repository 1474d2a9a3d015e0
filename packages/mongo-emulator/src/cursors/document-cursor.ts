import type { Document } from '../storage/document-copy.js';
import { documentSize } from '../storage/document-size.js';

/** The rest of a find or aggregate result, handed out batch by batch. */
export class DocumentCursor {
  readonly #docs: Document[];
  #position = 0;

  constructor(docs: Document[]) {
    this.#docs = docs;
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
      bytes += documentSize(doc);
      if (batch.length > 0 && bytes > maxBytes) break;
      batch.push(doc);
      this.#position += 1;
    }
    return batch;
  }
}
