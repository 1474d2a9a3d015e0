import { UUID, type Binary } from 'bson';
import { ClusterClock } from './cluster-clock.js';
import type { CollectionOptions, OplogChange, OplogEntry } from './oplog.js';
import { Oplog } from './oplog.js';
import { Catalog } from './storage/catalog.js';
import type { Collection } from './storage/collection.js';

/** Where committed entries go besides memory (the --dbpath journal). */
export interface EntrySink {
  record(entry: OplogEntry): void;
  /** Makes every recorded entry durable against a crash of this process. */
  flush(): void;
}

/**
 * The database state and the one way to change it: `commit` stamps a change
 * with the next cluster Timestamp, applies it to the catalog, records it in the
 * journal and appends it to the oplog. Writes never wait for change streams.
 */
export class Engine {
  readonly catalog = new Catalog();
  readonly clock = new ClusterClock();
  readonly oplog: Oplog;
  sink: EntrySink | undefined;

  constructor(oplogSize: number) {
    this.oplog = new Oplog(oplogSize);
  }

  commit(change: OplogChange): OplogEntry {
    const entry: OplogEntry = { ...change, ts: this.clock.tick(), wall: new Date() };
    const ui = this.#collectionUuid(change);
    if (ui) entry.ui = ui;
    this.catalog.apply(entry);
    this.sink?.record(entry);
    this.oplog.append([entry]);
    return entry;
  }

  /** Replays a persisted entry: same effect as when it was committed, same Timestamp. */
  replay(entry: OplogEntry): void {
    this.catalog.apply(entry);
    this.clock.advanceTo(entry.ts);
    this.oplog.append([entry]);
  }

  /** The collection, created (with a `create` entry, as MongoDB does implicitly) when missing. */
  collectionForWrite(db: string, name: string, options: CollectionOptions = {}): Collection {
    const existing = this.catalog.get(db, name);
    if (existing) return existing;
    this.commit({ op: 'create', db, coll: name, options });
    const created = this.catalog.get(db, name);
    if (!created) throw new Error(`collection ${db}.${name} was not created`);
    return created;
  }

  /** The UUID the change's collection has, or gets when the change creates it. */
  #collectionUuid(change: OplogChange): Binary | undefined {
    if (change.op === 'create') return new UUID().toBinary();
    if (change.op === 'dropDatabase' || change.op === 'noop') return undefined;
    return this.catalog.get(change.db, change.coll)?.uuid;
  }

  flush(): void {
    this.sink?.flush();
  }
}
