// Where the node's change stream (re)opens: a pure decision, so that every
// case is a unit test away.
import type { StreamPosition } from '@livebell/shared';

/** Why the stream is opening, relative to what the node has applied. */
export type StreamOrigin =
  /** First start: from this node's saved position, or from now (null). */
  | { kind: 'initial'; savedPosition: StreamPosition | null }
  /** A reopen after a failure or stall: continue right after the applied position; nothing is missed. */
  | { kind: 'continue' }
  /** Continuity is lost (history lost, collection dropped): start after `position` (null: now); clients resync. */
  | { kind: 'restart'; position: StreamPosition | null };

export interface StreamStart {
  /** `resumeAfter` for the driver: the stream yields what follows it. */
  resumeAfter: StreamPosition | null;
  /** `startAfter` for the driver: as resumeAfter, and valid after an invalidate. */
  startAfter: StreamPosition | null;
  /**
   * Where the replay window begins once the stream answers: known here, or
   * null to take the stream's first position. Null too when continuing (the
   * window stays as it is).
   */
  windowStart: StreamPosition | null;
  /** Whether the window restarts: every origin but `continue`. */
  resetsWindow: boolean;
  /** Whether clients must resync: changes before the start may be missing. */
  resync: boolean;
}

/** The stream options and window bookkeeping for `origin`, given the position the node has applied. */
export function streamStart(origin: StreamOrigin, applied: StreamPosition | null): StreamStart {
  switch (origin.kind) {
    case 'initial':
      return {
        resumeAfter: origin.savedPosition,
        startAfter: null,
        windowStart: origin.savedPosition,
        resetsWindow: true,
        resync: false,
      };
    case 'continue':
      // Nothing applied yet (the first stream never answered): still a first start, from now.
      if (applied === null) {
        return { resumeAfter: null, startAfter: null, windowStart: null, resetsWindow: true, resync: false };
      }
      return { resumeAfter: applied, startAfter: null, windowStart: null, resetsWindow: false, resync: false };
    case 'restart':
      return {
        resumeAfter: null,
        startAfter: origin.position,
        windowStart: origin.position,
        resetsWindow: true,
        resync: true,
      };
  }
}
