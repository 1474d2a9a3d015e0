// Every WebSocket close code the server sends, in one table. Codes from 4000
// are the application's own (RFC 6455, section 7.4.2); livebell's read as
// 4000 + the HTTP status that means the same thing, so a reader can guess
// them. tRPC's client reconnects after any close, so each code also says
// what that reconnect will meet.
// What each close means to a client: docs/architecture.md#websocket-close-codes
export const CLOSE_CODES = {
  /** `ws` closes with it on a frame larger than the server's maxPayload. */
  MESSAGE_TOO_BIG: 1009,
  /** The server is stopping; reconnect (to another node). */
  SERVICE_RESTART: 1012,
  /** The subscriber fell too far behind; reconnect and resume from the last id. */
  SLOW_SUBSCRIBER: 4008,
  /** The connection's token expired; reconnect with a fresh one. */
  TOKEN_EXPIRED: 4401,
  /** No valid token arrived within the authentication deadline. */
  AUTHENTICATION_TIMEOUT: 4408,
  /** One message carried more calls than the server takes at once. */
  TOO_MANY_CALLS: 4413,
  /** The user already holds as many open connections as allowed. */
  TOO_MANY_CONNECTIONS: 4429,
} as const;
