// Finds dead connections (a sleeping laptop, a network that went away) that
// TCP alone would keep for minutes. Every interval each open socket gets a
// WebSocket ping frame, and a socket that has not answered the previous one
// by then is cut: a dead connection goes within two intervals. Browsers and
// ws answer pings by themselves, so clients need no code for it. One timer
// for the node rather than one per connection: an idle socket costs a set
// entry and a listener shared by all.
import { WebSocket } from 'ws';

export class Heartbeat {
  private readonly answered = new WeakSet<WebSocket>();
  private readonly onPong: (this: WebSocket) => void;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sockets: Iterable<WebSocket>,
    intervalMs: number,
  ) {
    const answered = this.answered;
    this.onPong = function (this: WebSocket) {
      answered.add(this);
    };
    this.timer = setInterval(() => this.beat(), intervalMs);
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

  private beat(): void {
    for (const socket of this.sockets) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      if (!this.answered.delete(socket)) {
        socket.terminate();
        continue;
      }
      socket.ping();
    }
  }
}
