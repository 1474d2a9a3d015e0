// Saves the node's stream position to its resume-token document: while
// changes flow, at most once per interval; while idle, once per
// IDLE_SAVE_INTERVAL_MS (enough to keep the token inside the oplog); on stop,
// any move at once. One save at a time; a failed save is retried at the next tick.
import type { StreamPosition } from '@livebell/shared';
import type { Logger } from '../logger.js';
import type { ResumeTokenStore } from './resume-token-store.js';

/** While no change flows, the position is saved at most this often. */
const IDLE_SAVE_INTERVAL_MS = 60_000;

export interface SavedProgress {
  /** The position applied so far; null before the stream has started. */
  position: StreamPosition | null;
  /** When the last change was applied; null before the first. */
  lastEventAt: Date | null;
}

export class TokenSaver {
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> | null = null;
  private saved: StreamPosition | null;
  /** When the last successful save began (ms since epoch); 0 before the first. */
  private savedAt = 0;

  constructor(
    private readonly store: ResumeTokenStore,
    private readonly progress: () => SavedProgress,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    /** The position the node started from (already saved). */
    startedFrom: StreamPosition | null,
  ) {
    this.saved = startedFrom;
  }

  /** The last position known saved. */
  get savedPosition(): StreamPosition | null {
    return this.saved;
  }

  start(): void {
    this.timer = setInterval(() => void this.saveIfMoved(false), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the cadence and saves any move; resolves once the last save settled. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.saving;
    await this.saveIfMoved(true);
  }

  private async saveIfMoved(force: boolean): Promise<void> {
    const { position, lastEventAt } = this.progress();
    if (this.saving || position === null || position === this.saved) return;
    const changesSinceSave = lastEventAt !== null && lastEventAt.getTime() >= this.savedAt;
    if (!force && !changesSinceSave && Date.now() - this.savedAt < IDLE_SAVE_INTERVAL_MS) return;
    const startedAt = Date.now();
    const save = this.store
      .save(position, lastEventAt ?? new Date())
      .then(() => {
        this.saved = position;
        this.savedAt = startedAt;
        this.logger.debug({ token: position }, 'Saved resume token');
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'Saving the resume token failed; will retry');
      })
      .finally(() => {
        this.saving = null;
      });
    this.saving = save;
    await save;
  }
}
