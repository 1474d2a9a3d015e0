// A connection is authenticated once, so it must not outlive its token: at
// the expiry the server ends it (a WebSocket with close 4401, an SSE stream by
// dropping its response, which frees its subscription as a client leaving
// would). The client reconnects with the token it has: a fresh one carries on
// where it stopped (its subscription resumes from its last event), an expired
// one is refused with UNAUTHORIZED "token expired".
//
// Connections are grouped by the second their token expires in, and each
// second has one timer: a connection costs a set entry, not a timer of its
// own (tokens' `exp` is in whole seconds, so nothing ends late; an expiry
// given in milliseconds ends within the second after it, and calls past it
// are refused meanwhile by `authedProcedure`).
import type { ServerResponse } from 'node:http';
import { WebSocket } from 'ws';
import { CLOSE_CODES } from '../http/close-codes.js';

type ExpiringConnection = WebSocket | ServerResponse;

/** setTimeout's longest delay; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface DueSecond {
  timer: NodeJS.Timeout;
  connections: Set<ExpiringConnection>;
}

export class ConnectionExpiry {
  private readonly seconds = new Map<number, DueSecond>();
  /** Each connection's second, until it ends or closes. */
  private readonly secondOf = new WeakMap<ExpiringConnection, number>();
  private readonly onClose: (this: ExpiringConnection) => void;
  private readonly onDue = (second: number) => this.due(second);

  constructor() {
    const forget = (connection: ExpiringConnection) => this.forget(connection);
    // Shared by every connection (`this` is the one that closed).
    this.onClose = function (this: ExpiringConnection) {
      forget(this);
    };
  }

  /** Ends `connection` at `expiresAt` (epoch ms) unless it closes first. */
  endAt(connection: ExpiringConnection, expiresAt: number): void {
    const second = Math.ceil(expiresAt / 1000);
    let due = this.seconds.get(second);
    if (!due) {
      due = { timer: this.arm(second), connections: new Set() };
      this.seconds.set(second, due);
    }
    due.connections.add(connection);
    this.secondOf.set(connection, second);
    connection.on('close', this.onClose);
  }

  private arm(second: number): NodeJS.Timeout {
    const timer = setTimeout(this.onDue, Math.min(Math.max(second * 1000 - Date.now(), 0), MAX_TIMER_MS), second);
    timer.unref();
    return timer;
  }

  private due(second: number): void {
    const due = this.seconds.get(second);
    if (!due) return;
    if (second * 1000 > Date.now()) {
      due.timer = this.arm(second);
      return;
    }
    this.seconds.delete(second);
    for (const connection of due.connections) {
      this.secondOf.delete(connection);
      if (connection instanceof WebSocket) connection.close(CLOSE_CODES.TOKEN_EXPIRED, 'token expired');
      else connection.destroy();
    }
  }

  private forget(connection: ExpiringConnection): void {
    const second = this.secondOf.get(connection);
    if (second === undefined) return;
    this.secondOf.delete(connection);
    const due = this.seconds.get(second);
    if (!due) return;
    due.connections.delete(connection);
    if (due.connections.size > 0) return;
    clearTimeout(due.timer);
    this.seconds.delete(second);
  }
}
