import type { Timestamp } from 'bson';
import { type Binary } from 'bson';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { formatTimestamp } from '../cluster-clock.js';
import type { EntrySink, Engine } from '../engine.js';
import type { CollectionOptions, IndexSpec, OplogEntry } from '../oplog.js';
import { Collection } from '../storage/collection.js';
import type { Document } from '../storage/document-copy.js';
import { AppendFile, encodeRecord, readRecords } from './record-file.js';

const SNAPSHOT = 'snapshot.bson';
const JOURNAL = 'journal.bson';
const FORMAT_VERSION = 1;
/** The journal is folded into a new snapshot once it grows past this. */
const COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

/**
 * --dbpath persistence: a snapshot (every collection, index, document and
 * the kept oplog) plus an append-only journal of the oplog entries committed
 * since. Every command's entries are written before its reply is sent, with a
 * synchronous write, so an acknowledged write survives the process being
 * killed; fsync happens at compaction and stop, so a power loss may lose the
 * latest writes. Compaction writes the new snapshot beside the old one, syncs
 * it and renames it over, then empties the journal; a crash in between only
 * leaves journal entries the snapshot already holds, which loading skips.
 * One process per directory.
 */
export class DurableStore implements EntrySink {
  readonly #dir: string;
  readonly #engine: Engine;
  readonly #logger: Logger;
  readonly #journal: AppendFile;
  #pending: Uint8Array[] = [];

  private constructor(dir: string, engine: Engine, logger: Logger, journal: AppendFile) {
    this.#dir = dir;
    this.#engine = engine;
    this.#logger = logger;
    this.#journal = journal;
  }

  /** Loads the directory's state into a fresh engine and starts journalling to it. */
  static open(dir: string, engine: Engine, logger: Logger): DurableStore {
    mkdirSync(dir, { recursive: true });
    const snapshotThrough = loadSnapshot(join(dir, SNAPSHOT), engine);
    const journal = readRecords(join(dir, JOURNAL));
    let replayed = 0;
    for (const record of journal.records) {
      const entry = record as OplogEntry;
      if (snapshotThrough && !entry.ts.greaterThan(snapshotThrough)) continue;
      engine.replay(entry);
      replayed += 1;
    }
    if (journal.validBytes < journal.totalBytes) {
      logger.warn(
        { dbpath: dir, droppedBytes: journal.totalBytes - journal.validBytes },
        'journal ended in a partial record (a write cut short); it was dropped',
      );
    }
    logger.info({ dbpath: dir, replayed, lastTs: formatTimestamp(engine.clock.last) }, 'loaded dbpath');
    const store = new DurableStore(dir, engine, logger, new AppendFile(join(dir, JOURNAL), journal.validBytes));
    engine.sink = store;
    return store;
  }

  record(entry: OplogEntry): void {
    this.#pending.push(encodeRecord(entry));
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    this.#journal.append(pending);
    if (this.#journal.size > COMPACT_AFTER_BYTES) this.compact();
  }

  /** Writes a snapshot of the whole state and empties the journal. */
  compact(): void {
    this.flush();
    const path = join(this.#dir, SNAPSHOT);
    const temporary = `${path}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSnapshot(fd, this.#engine);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    this.#journal.truncate();
    this.#logger.debug({ dbpath: this.#dir }, 'compacted dbpath');
  }

  /** Compacts and closes the journal (a clean stop). */
  close(): void {
    this.compact();
    this.#journal.close();
    this.#engine.sink = undefined;
  }
}

type SnapshotRecord =
  | { k: 'meta'; version: number; lastTs: Timestamp }
  | { k: 'coll'; db: string; name: string; uuid: Binary; options: CollectionOptions; indexes: IndexSpec[] }
  | { k: 'doc'; db: string; coll: string; doc: Document }
  | { k: 'oplog'; entry: OplogEntry };

function writeSnapshot(fd: number, engine: Engine): void {
  let chunks: Uint8Array[] = [];
  let size = 0;
  const write = (record: SnapshotRecord) => {
    const bytes = encodeRecord(record);
    chunks.push(bytes);
    size += bytes.length;
    if (size > 8 * 1024 * 1024) drain();
  };
  const drain = () => {
    const buffer = Buffer.concat(chunks);
    let written = 0;
    while (written < buffer.length) written += writeSync(fd, buffer, written);
    chunks = [];
    size = 0;
  };
  write({ k: 'meta', version: FORMAT_VERSION, lastTs: engine.clock.last });
  for (const db of engine.catalog.databaseNames()) {
    for (const collection of engine.catalog.collections(db)) {
      const indexes = [...collection.indexes.values()].map((index) => index.spec);
      write({ k: 'coll', db, name: collection.name, uuid: collection.uuid, options: collection.options, indexes });
      for (const doc of collection.documents()) write({ k: 'doc', db, coll: collection.name, doc });
    }
  }
  for (const entry of engine.oplog.entries()) write({ k: 'oplog', entry });
  drain();
}

/** Loads a snapshot into the engine; returns the Timestamp it covers, or undefined when there is none. */
function loadSnapshot(path: string, engine: Engine): Timestamp | undefined {
  const { records } = readRecords(path);
  let lastTs: Timestamp | undefined;
  for (const raw of records) {
    const record = raw as SnapshotRecord;
    switch (record.k) {
      case 'meta':
        if (record.version !== FORMAT_VERSION)
          throw new Error(`${path} has format version ${record.version}; this emulator reads ${FORMAT_VERSION}`);
        lastTs = record.lastTs;
        engine.clock.advanceTo(record.lastTs);
        break;
      case 'coll': {
        const collection = new Collection(record.db, record.name, record.options, record.uuid);
        for (const spec of record.indexes) collection.addIndex(spec);
        engine.catalog.restore(collection);
        break;
      }
      case 'doc':
        engine.catalog.get(record.db, record.coll)?.put(record.doc);
        break;
      case 'oplog':
        engine.oplog.append([record.entry]);
        break;
    }
  }
  return lastTs;
}
