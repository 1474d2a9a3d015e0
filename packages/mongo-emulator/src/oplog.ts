import type { Binary, Timestamp } from 'bson';
import type { Document } from './storage/document-copy.js';

/** The update description of an update event, as change streams report it. */
export type UpdateDescription = {
  updatedFields: Document;
  removedFields: string[];
  truncatedArrays: { field: string; newSize: number }[];
  /**
   * The components of each path above that a reader could not split right on
   * its own (a numeric field name, or a field name with a dot), array indexes
   * as numbers; shown with showExpandedEvents, as MongoDB 6.1+ does.
   */
  disambiguatedPaths?: Record<string, (string | number)[]>;
};

/** An index as listIndexes reports it. */
export type IndexSpec = {
  v: number;
  key: Record<string, number | string>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
};

export type CollectionOptions = {
  changeStreamPreAndPostImages?: { enabled: boolean };
  /** A view: the collection (or view) it reads, and the pipeline it runs on it. */
  viewOn?: string;
  pipeline?: Document[];
  [option: string]: unknown;
};

/** `ui` is the UUID of the collection the entry changes, as in MongoDB's oplog (absent for database-wide entries). */
type EntryBase = { ts: Timestamp; wall: Date; db: string; ui?: Binary };

/**
 * One committed mutation. Every write gets its own entry and Timestamp (one per
 * document for multi-document writes). The oplog feeds change streams, and the
 * same entries are the --dbpath journal, so replaying them rebuilds the state.
 * `pre` is the pre-image, kept only when the collection had
 * changeStreamPreAndPostImages enabled at write time (then `images` is true).
 */
export type OplogEntry =
  | (EntryBase & { op: 'insert'; coll: string; doc: Document })
  | (EntryBase & {
      op: 'update';
      coll: string;
      doc: Document;
      pre?: Document;
      images: boolean;
      updateDescription: UpdateDescription;
    })
  | (EntryBase & { op: 'replace'; coll: string; doc: Document; pre?: Document; images: boolean })
  | (EntryBase & { op: 'delete'; coll: string; id: unknown; pre?: Document; images: boolean })
  | (EntryBase & { op: 'create'; coll: string; options: CollectionOptions })
  | (EntryBase & {
      op: 'collMod';
      coll: string;
      options: CollectionOptions;
      index?: { name: string; expireAfterSeconds: number };
    })
  | (EntryBase & { op: 'createIndex'; coll: string; spec: IndexSpec })
  | (EntryBase & { op: 'dropIndex'; coll: string; name: string; spec?: IndexSpec })
  | (EntryBase & { op: 'drop'; coll: string })
  | (EntryBase & { op: 'rename'; coll: string; toDb: string; toColl: string; droppedTarget?: Binary })
  | (EntryBase & { op: 'dropDatabase' })
  | (EntryBase & { op: 'noop'; msg: string });

/** An entry before the clock stamps it. */
export type OplogChange = Unstamped<OplogEntry>;
type Unstamped<E> = E extends unknown ? Omit<E, 'ts' | 'wall' | 'ui'> : never;

/**
 * The bounded, in-memory oplog. Entries are addressed by a sequence number that
 * only grows; a change-stream cursor keeps its sequence number and never
 * rescans. At most `maxEntries` are kept: the oldest fall off, and a cursor or
 * token that points before the oldest kept entry has lost its history.
 * Appending never waits for readers: listeners are woken once per event-loop
 * turn, however many entries landed.
 */
export class Oplog {
  readonly maxEntries: number;
  #entries: OplogEntry[] = [];
  #head = 0;
  #firstSeq = 0;
  #listeners = new Set<() => void>();
  #wakeScheduled = false;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  /** The sequence number of the oldest kept entry. */
  get firstSeq(): number {
    return this.#firstSeq;
  }

  /** The sequence number the next appended entry gets. */
  get nextSeq(): number {
    return this.#firstSeq + this.#entries.length - this.#head;
  }

  get oldest(): OplogEntry | undefined {
    return this.#entries[this.#head];
  }

  get newest(): OplogEntry | undefined {
    return this.#entries.length > this.#head ? this.#entries[this.#entries.length - 1] : undefined;
  }

  entryAt(seq: number): OplogEntry | undefined {
    if (seq < this.#firstSeq) return undefined;
    return this.#entries[this.#head + seq - this.#firstSeq];
  }

  /** The sequence number of the first entry whose ts is >= `ts` (nextSeq when none). */
  seqAtOrAfter(ts: Timestamp): number {
    let low = this.#head;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.#entries[middle];
      if (entry && entry.ts.lessThan(ts)) low = middle + 1;
      else high = middle;
    }
    return this.#firstSeq + low - this.#head;
  }

  append(entries: readonly OplogEntry[]): void {
    if (entries.length === 0) return;
    for (const entry of entries) this.#entries.push(entry);
    this.#truncate();
    this.#scheduleWake();
  }

  /** Calls `listener` (once per event-loop turn) after entries were appended; returns the unsubscribe. */
  onAppend(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every kept entry, oldest first (for snapshots). */
  *entries(): IterableIterator<OplogEntry> {
    for (let index = this.#head; index < this.#entries.length; index += 1) {
      const entry = this.#entries[index];
      if (entry) yield entry;
    }
  }

  #truncate(): void {
    const excess = this.#entries.length - this.#head - this.maxEntries;
    if (excess <= 0) return;
    this.#head += excess;
    this.#firstSeq += excess;
    // Compact once the dead prefix is half the array: amortised O(1) per entry.
    if (this.#head > this.#entries.length / 2) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  #scheduleWake(): void {
    if (this.#wakeScheduled || this.#listeners.size === 0) return;
    this.#wakeScheduled = true;
    setImmediate(() => {
      this.#wakeScheduled = false;
      for (const listener of [...this.#listeners]) listener();
    });
  }
}
