// Which WebSockets a node keeps open. A new socket has a few seconds to
// present a valid token (tRPC connection params); one that does not is
// closed, so anonymous sockets cannot pile up. An authenticated socket
// counts against its user's connections until it closes; one past the limit
// is closed at once.
//
// An admitted socket costs one map entry here: its deadline timer is dropped
// when it is admitted, and one close listener, shared by every socket, does
// the bookkeeping.
import { WebSocket } from 'ws';
import type { Limits } from '../config.js';
import type { Metrics } from '../metrics/metrics.js';
import { CLOSE_CODES } from './close-codes.js';

/** What `admit` made of a socket. */
type Admission = 'admitted' | 'over limit' | 'gone';

export class SocketAdmission {
  private readonly openByUser = new Map<string, number>();
  /** Each watched socket's deadline until it is admitted, then its user. */
  private readonly sockets = new Map<WebSocket, NodeJS.Timeout | string>();
  private readonly onClose: (this: WebSocket) => void;

  constructor(
    private readonly limits: Pick<Limits, 'connectionsPerUser' | 'authTimeoutMs'>,
    private readonly metrics: Pick<Metrics, 'authFailed' | 'rejected'>,
  ) {
    const forget = (socket: WebSocket) => this.forget(socket);
    this.onClose = function (this: WebSocket) {
      forget(this);
    };
  }

  /** Starts a new socket's authentication deadline. */
  watch(socket: WebSocket): void {
    const deadline = setTimeout(closeUnauthenticated, this.limits.authTimeoutMs, socket, this.metrics);
    deadline.unref();
    this.sockets.set(socket, deadline);
    socket.on('close', this.onClose);
  }

  /**
   * Admits `socket` as one of `userId`'s connections and lifts its deadline.
   * A socket past the user's limit is closed with 4429 (`over limit`); one
   * that closed while its token was checked is not counted (`gone`).
   */
  admit(socket: WebSocket, userId: string): Admission {
    if (socket.readyState !== WebSocket.OPEN) return 'gone';
    const state = this.sockets.get(socket);
    if (typeof state === 'string') return 'admitted';
    const open = this.openByUser.get(userId) ?? 0;
    if (open >= this.limits.connectionsPerUser) {
      this.metrics.rejected('connections_per_user');
      socket.close(CLOSE_CODES.TOO_MANY_CONNECTIONS, 'too many connections');
      return 'over limit';
    }
    if (state === undefined) socket.on('close', this.onClose);
    else clearTimeout(state);
    this.sockets.set(socket, userId);
    this.openByUser.set(userId, open + 1);
    return 'admitted';
  }

  private forget(socket: WebSocket): void {
    const state = this.sockets.get(socket);
    this.sockets.delete(socket);
    if (state === undefined) return;
    if (typeof state !== 'string') {
      clearTimeout(state);
      return;
    }
    const left = (this.openByUser.get(state) ?? 1) - 1;
    if (left > 0) this.openByUser.set(state, left);
    else this.openByUser.delete(state);
  }
}

function closeUnauthenticated(socket: WebSocket, metrics: Pick<Metrics, 'authFailed'>): void {
  metrics.authFailed('auth deadline');
  socket.close(CLOSE_CODES.AUTHENTICATION_TIMEOUT, 'authentication timeout');
}
