import { Timestamp } from 'bson';

/**
 * Hands out cluster Timestamps: one per write, strictly increasing, `t` the
 * wall-clock second and `i` the count within it, as a primary's oplog does.
 * After a restart with --dbpath it continues above the last persisted write, so
 * tokens taken before the restart still sort before every new event.
 */
export class ClusterClock {
  #last: Timestamp;

  constructor(last: Timestamp = new Timestamp({ t: 0, i: 0 })) {
    this.#last = last;
  }

  /** The Timestamp of the latest write (the cluster time replies carry). */
  get last(): Timestamp {
    return this.#last;
  }

  /** Moves the clock to at least `ts` (used when replaying persisted writes). */
  advanceTo(ts: Timestamp): void {
    if (ts.greaterThan(this.#last)) this.#last = ts;
  }

  /** A new Timestamp greater than every one handed out before. */
  tick(): Timestamp {
    const seconds = Math.floor(Date.now() / 1000);
    const next =
      seconds > this.#last.high
        ? new Timestamp({ t: seconds, i: 1 })
        : new Timestamp({ t: this.#last.high, i: this.#last.low + 1 });
    this.#last = next;
    return next;
  }
}

/** "Timestamp(t, i)" as the mongo shell shows it, for error messages. */
export function formatTimestamp(ts: Timestamp): string {
  return `Timestamp(${ts.t}, ${ts.i})`;
}
