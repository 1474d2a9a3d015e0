import type { NotificationEvent } from '@livebell/shared';
import type { SubscriptionState } from './connection-status.js';

/** What the tabs of one user tell each other over their BroadcastChannel. */
export type TabMessage =
  /** The leader applied an event from its subscription; `id` is its tracked id. */
  | { type: 'event'; id: string | undefined; event: NotificationEvent }
  /** The leader's subscription state, after every change and in answer to `hello`. */
  | { type: 'status'; status: SubscriptionState['status']; failed: boolean }
  /** A tab opened: the others answer with their visibility, the leader with its status. */
  | { type: 'hello'; tabId: string }
  | { type: 'visibility'; tabId: string; visible: boolean }
  /** A tab is closing. */
  | { type: 'gone'; tabId: string };

/**
 * The livebell tabs of one user in one browser, so that they share one live
 * connection. Leadership is a Web Lock named after the user: the tab that
 * holds it subscribes and shares every event over a BroadcastChannel; the
 * others wait for the lock. The browser releases a lock when its tab closes
 * or crashes, so exactly one waiting tab becomes leader then, and it resumes
 * from the last event it applied: events from one sender arrive in order, so
 * it has applied all the old leader shared, and the server replays what
 * comes after (or says resync), gap-free. Tabs drop events whose id is not
 * above the last applied (`InboxSync`), so one shared twice is applied once.
 *
 * Each tab also tells the others whether it is visible, so that a desktop
 * alert is shown only while no tab of the user is.
 *
 * Where Web Locks or BroadcastChannel are missing (`supported`), each tab
 * keeps its own connection instead.
 */
export class BrowserTabs {
  readonly #tabId = crypto.randomUUID();
  readonly #channel: BroadcastChannel;
  readonly #abort = new AbortController();
  readonly #listeners = new Set<(message: TabMessage) => void>();
  readonly #visibleTabs = new Set<string>();
  #release: (() => void) | null = null;
  #leader = false;
  #closed = false;

  /** Whether this browser has what sharing needs; where it does not, each tab keeps its own connection. */
  static supported(): boolean {
    return typeof BroadcastChannel !== 'undefined' && typeof navigator !== 'undefined' && 'locks' in navigator;
  }

  static open(scope: string): BrowserTabs {
    return new BrowserTabs(scope);
  }

  private constructor(private readonly scope: string) {
    this.#channel = new BroadcastChannel(`livebell:${scope}`);
    this.#channel.onmessage = (message: MessageEvent<TabMessage>) => this.#receive(message.data);
    document.addEventListener('visibilitychange', this.#announceVisibility);
    window.addEventListener('pagehide', this.#leave);
    window.addEventListener('pageshow', this.#announceVisibility);
    this.post({ type: 'hello', tabId: this.#tabId });
    this.#announceVisibility();
  }

  get leader(): boolean {
    return this.#leader;
  }

  /**
   * Waits for leadership and calls `onLeader` once this tab has it; it keeps
   * it until `close` (or until the tab goes away).
   */
  elect(onLeader: () => void): void {
    navigator.locks
      .request(`livebell:${this.scope}`, { signal: this.#abort.signal }, () => {
        if (this.#closed) return undefined;
        this.#leader = true;
        onLeader();
        return new Promise<void>((resolve) => (this.#release = resolve));
      })
      .catch(() => {
        // Aborted by close() before it was granted: nothing to hand over.
      });
  }

  /** Adds a listener for the other tabs' messages; returns the function that removes it. */
  listen(listener: (message: TabMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  post(message: TabMessage): void {
    if (!this.#closed) this.#channel.postMessage(message);
  }

  /** Whether any livebell tab of this user, this one included, is visible. */
  anyVisible(): boolean {
    return document.visibilityState === 'visible' || this.#visibleTabs.size > 0;
  }

  /** Leaves: the lock goes to a waiting tab, the channel closes. */
  close(): void {
    if (this.#closed) return;
    this.#leave();
    this.#closed = true;
    this.#abort.abort();
    this.#release?.();
    this.#leader = false;
    this.#channel.close();
    document.removeEventListener('visibilitychange', this.#announceVisibility);
    window.removeEventListener('pagehide', this.#leave);
    window.removeEventListener('pageshow', this.#announceVisibility);
  }

  #receive(message: TabMessage): void {
    switch (message.type) {
      case 'hello':
        this.#announceVisibility();
        break;
      case 'visibility':
        if (message.visible) this.#visibleTabs.add(message.tabId);
        else this.#visibleTabs.delete(message.tabId);
        break;
      case 'gone':
        this.#visibleTabs.delete(message.tabId);
        break;
      default:
        break;
    }
    for (const listener of this.#listeners) listener(message);
  }

  readonly #announceVisibility = () => {
    this.post({ type: 'visibility', tabId: this.#tabId, visible: document.visibilityState === 'visible' });
  };

  readonly #leave = () => {
    this.post({ type: 'gone', tabId: this.#tabId });
  };
}
