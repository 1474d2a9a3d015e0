import { deleteOne } from './crud/document-writes.js';
import type { Engine } from './engine.js';
import { valuesAtPath } from './storage/field-path.js';

/**
 * Deletes documents whose TTL index date has expired, like MongoDB's TTL
 * monitor (which runs every 60 s; here every `intervalMs`). Each deletion is an
 * ordinary delete: journalled and seen by change streams. A document expires
 * when the earliest date in its indexed field is older than expireAfterSeconds;
 * documents without a date there never expire.
 */
export class TtlMonitor {
  readonly #timer: NodeJS.Timeout;

  constructor(engine: Engine, intervalMs: number) {
    this.#timer = setInterval(() => expire(engine), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

export function expire(engine: Engine): number {
  let deleted = 0;
  const now = Date.now();
  for (const db of engine.catalog.databaseNames()) {
    for (const collection of engine.catalog.collections(db)) {
      for (const index of collection.indexes.values()) {
        const seconds = index.spec.expireAfterSeconds;
        if (seconds === undefined || index.fields.length !== 1) continue;
        const cutoff = now - seconds * 1000;
        const expired = [...collection.documents()].filter((doc) => {
          const dates = valuesAtPath(doc, index.leadingField)
            .values.flat()
            .filter((value): value is Date => value instanceof Date);
          return dates.length > 0 && Math.min(...dates.map((date) => date.getTime())) <= cutoff;
        });
        for (const doc of expired) deleteOne(engine, collection, doc);
        deleted += expired.length;
      }
    }
  }
  if (deleted > 0) engine.flush();
  return deleted;
}
