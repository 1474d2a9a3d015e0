import type { Transport } from '../metrics/metrics.js';

/**
 * The connection a subscription delivers over, as live delivery needs it:
 * what the connection holds unsent, and how to cut a subscriber that fell
 * too far behind. The tRPC context hands one in for each connection
 * (`http/subscriber-transports.ts`: a WebSocket, an SSE response, or none).
 */
export interface SubscriberTransport {
  /** How the client is connected: a metric label, and the log's `transport`. */
  readonly kind: Transport;
  /** The close code a cut sends, for a transport that has close codes (a WebSocket); in the cut's log line. */
  readonly closeCode?: number;
  /**
   * Bytes the connection holds for the client but has not sent yet (a
   * WebSocket's `bufferedAmount`, a response's `writableLength`): what a
   * client that stops reading leaves behind on the server.
   */
  backlog(): number;
  /**
   * Drops the connection of a subscriber that fell too far behind, so that
   * its client reconnects and resumes from its last id, and frees what the
   * connection holds even if the client never reads again. Returns what the
   * subscription then ends with: an error its client retries, or undefined
   * when the dropped connection tells the client enough.
   */
  cut(): Error | undefined;
  /**
   * Holds the connection's writes back until `release`, so that what is sent
   * in between leaves in one socket write; calls nest. A subscription holds
   * its transport while it drains events that arrived together. Absent on a
   * transport that cannot.
   */
  hold?(): void;
  release?(): void;
}
