import type { ChangeStreamCursor } from '../change-stream/change-stream-cursor.js';
import type { DocumentCursor } from './document-cursor.js';

export type OpenCursor = {
  readonly id: number;
  /** "db.collection" as replies name it. */
  readonly ns: string;
  readonly source: DocumentCursor | ChangeStreamCursor;
  /** Aborted when the cursor is killed, so a getMore waiting on it returns at once. */
  readonly killed: AbortController;
  lastUsed: number;
  busy: boolean;
};

/** Idle cursors are closed after this long, as MongoDB's cursorTimeoutMillis (10 minutes). */
export const CURSOR_IDLE_TIMEOUT_MS = 10 * 60_000;
/** At most this many open cursors; past it the least recently used idle one is closed. */
export const MAX_OPEN_CURSORS = 10_000;

/** Open cursors by id. Bounded in number and in idle time. */
export class CursorRegistry {
  readonly #cursors = new Map<number, OpenCursor>();
  #nextId = 1;
  readonly #reaper: NodeJS.Timeout;

  constructor() {
    this.#reaper = setInterval(() => this.#reapIdle(), 60_000);
    this.#reaper.unref();
  }

  get size(): number {
    return this.#cursors.size;
  }

  open(ns: string, source: OpenCursor['source']): OpenCursor {
    if (this.#cursors.size >= MAX_OPEN_CURSORS) this.#evictOne();
    // Ids grow from a random start so that a restarted server does not reuse a client's stale id.
    if (this.#nextId === 1) this.#nextId = 1 + Math.floor(Math.random() * 2 ** 40);
    const cursor: OpenCursor = {
      id: this.#nextId++,
      ns,
      source,
      killed: new AbortController(),
      lastUsed: Date.now(),
      busy: false,
    };
    this.#cursors.set(cursor.id, cursor);
    return cursor;
  }

  get(id: number): OpenCursor | undefined {
    return this.#cursors.get(id);
  }

  /** Closes the cursor; returns whether it was open. */
  kill(id: number): boolean {
    const cursor = this.#cursors.get(id);
    if (!cursor) return false;
    this.#cursors.delete(id);
    cursor.killed.abort();
    return true;
  }

  closeAll(): void {
    clearInterval(this.#reaper);
    for (const id of [...this.#cursors.keys()]) this.kill(id);
  }

  #reapIdle(): void {
    const cutoff = Date.now() - CURSOR_IDLE_TIMEOUT_MS;
    for (const cursor of [...this.#cursors.values()])
      if (!cursor.busy && cursor.lastUsed < cutoff) this.kill(cursor.id);
  }

  #evictOne(): void {
    let oldest: OpenCursor | undefined;
    for (const cursor of this.#cursors.values()) {
      if (!cursor.busy && (oldest === undefined || cursor.lastUsed < oldest.lastUsed)) oldest = cursor;
    }
    if (oldest) this.kill(oldest.id);
  }
}
