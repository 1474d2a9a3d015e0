import { compareStreamPositions, type StreamPosition } from '@livebell/shared';
import type { PositionedChange } from './notification-change.js';

/**
 * The last `capacity` changes the node applied, in stream order, in a ring.
 * `start` is the position from which the window is complete: every change
 * after `start` that this node's stream has processed is in the window. It is
 * the stream's start position, then the position of the last evicted change.
 * Memory is bounded by `capacity` entries.
 */
export class ReplayWindow {
  private readonly ring: (PositionedChange | undefined)[];
  private head = 0;
  private size = 0;
  private startPosition: StreamPosition | null = null;

  constructor(readonly capacity: number) {
    this.ring = new Array<PositionedChange | undefined>(capacity);
  }

  get start(): StreamPosition | null {
    return this.startPosition;
  }

  get length(): number {
    return this.size;
  }

  /** Empties the window; it is complete from `start` on. */
  reset(start: StreamPosition): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.size = 0;
    this.startPosition = start;
  }

  append(entry: PositionedChange): void {
    const tail = (this.head + this.size) % this.capacity;
    if (this.size === this.capacity) {
      const evicted = this.ring[this.head];
      if (evicted) this.startPosition = evicted.position;
      this.head = (this.head + 1) % this.capacity;
    } else {
      this.size += 1;
    }
    this.ring[tail] = entry;
  }

  /** True when every change after `position` is in the window (or still to come). */
  covers(position: StreamPosition): boolean {
    return this.startPosition !== null && compareStreamPositions(position, this.startPosition) >= 0;
  }

  /** The user's changes after `position`, oldest first. */
  changesAfter(userId: string, position: StreamPosition): PositionedChange[] {
    const found: PositionedChange[] = [];
    for (let i = 0; i < this.size; i += 1) {
      const entry = this.ring[(this.head + i) % this.capacity];
      if (entry && entry.userId === userId && compareStreamPositions(entry.position, position) > 0) found.push(entry);
    }
    return found;
  }
}
