// Which WebSockets a node keeps open. A new socket has a few seconds to
// present a valid token (tRPC connection params); one that does not is
// closed, so anonymous sockets cannot pile up. An authenticated socket
// counts against its user's connections until it closes; one past the limit
// is closed at once.
import { WebSocket } from 'ws';
import type { Limits } from '../config.js';
import type { Metrics } from '../metrics/metrics.js';
import { CLOSE_CODES } from './close-codes.js';

export class SocketAdmission {
  private readonly openByUser = new Map<string, number>();
  private readonly deadlines = new WeakMap<WebSocket, NodeJS.Timeout>();

  constructor(
    private readonly limits: Pick<Limits, 'connectionsPerUser' | 'authTimeoutMs'>,
    private readonly metrics: Pick<Metrics, 'authFailed' | 'rejected'>,
  ) {}

  /** Starts a new socket's authentication deadline. */
  watch(socket: WebSocket): void {
    const deadline = setTimeout(() => {
      this.metrics.authFailed('auth deadline');
      socket.close(CLOSE_CODES.AUTHENTICATION_TIMEOUT, 'authentication timeout');
    }, this.limits.authTimeoutMs);
    deadline.unref();
    this.deadlines.set(socket, deadline);
    socket.once('close', () => clearTimeout(deadline));
  }

  /**
   * Admits `socket` as one of `userId`'s connections and lifts its deadline.
   * When the user already holds the limit, or the socket is gone, it returns
   * false; a socket refused for the limit is closed with 4429.
   */
  admit(socket: WebSocket, userId: string): boolean {
    if (socket.readyState !== WebSocket.OPEN) return false;
    const open = this.openByUser.get(userId) ?? 0;
    if (open >= this.limits.connectionsPerUser) {
      this.metrics.rejected('connections_per_user');
      socket.close(CLOSE_CODES.TOO_MANY_CONNECTIONS, 'too many connections');
      return false;
    }
    clearTimeout(this.deadlines.get(socket));
    this.openByUser.set(userId, open + 1);
    socket.once('close', () => {
      const left = (this.openByUser.get(userId) ?? 1) - 1;
      if (left > 0) this.openByUser.set(userId, left);
      else this.openByUser.delete(userId);
    });
    return true;
  }
}
