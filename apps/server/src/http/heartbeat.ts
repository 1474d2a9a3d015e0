// Finds dead connections (a sleeping laptop, a network that went away) that
// TCP alone would keep for minutes. Each open socket gets a WebSocket ping
// frame once per interval, and a socket that has not answered its previous
// ping by then is cut: a dead connection goes within two intervals. Browsers
// and ws answer pings by themselves, so clients need no code for it.
//
// One timer for the node rather than one per connection: an idle socket costs
// a set entry and a listener shared by all. The timer ticks `TICKS` times per
// interval; a pass over the sockets starts once per interval and visits a
// slice of them each tick, so that a node with tens of thousands of sockets
// never pings them all at once, which would hold up every delivery behind it.
// A pass takes about half an interval, so a socket always has at least half
// an interval to answer its ping before its next visit.
import { WebSocket } from 'ws';

/** Ticks per interval; a pass visits about 2/TICKS of the sockets per tick. */
const TICKS = 30;

export class Heartbeat {
  private readonly answered = new WeakSet<WebSocket>();
  private readonly onPong: (this: WebSocket) => void;
  private readonly timer: NodeJS.Timeout;
  /** The current pass over the sockets; a Set's iterator skips sockets gone since and visits new ones. */
  private pass: Iterator<WebSocket> | null = null;
  private passStartedAt = 0;

  constructor(
    private readonly sockets: Set<WebSocket>,
    private readonly intervalMs: number,
  ) {
    const answered = this.answered;
    this.onPong = function (this: WebSocket) {
      answered.add(this);
    };
    this.timer = setInterval(() => this.tick(), intervalMs / TICKS);
    this.timer.unref();
  }

  /** Starts watching a new socket; it counts as having answered until its first ping. */
  watch(socket: WebSocket): void {
    this.answered.add(socket);
    socket.on('pong', this.onPong);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    if (this.pass === null) {
      const now = Date.now();
      if (now - this.passStartedAt < this.intervalMs) return;
      this.pass = this.sockets.values();
      this.passStartedAt = now;
    }
    const slice = Math.ceil(this.sockets.size / (TICKS / 2));
    for (let visited = 0; visited < slice; visited += 1) {
      const next = this.pass.next();
      if (next.done) {
        this.pass = null;
        return;
      }
      this.visit(next.value);
    }
  }

  private visit(socket: WebSocket): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (!this.answered.delete(socket)) {
      socket.terminate();
      return;
    }
    socket.ping();
  }
}
