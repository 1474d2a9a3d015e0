import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { Document } from '../storage/document-copy.js';
import {
  encodeOpMsg,
  encodeOpReply,
  HEADER_BYTES,
  MAX_MESSAGE_BYTES,
  OP_QUERY,
  parseMessage,
  WireError,
  type Request,
} from './wire-message.js';

/** What a command handler may ask of the connection it runs on. */
export interface ConnectionContext {
  readonly id: number;
  /** The application name the client gave in its handshake, if any. */
  appName: string | undefined;
  readonly closed: boolean;
  /** Closes this connection without a reply (as a failCommand closeConnection does). */
  destroy(): void;
}

/** Answers one request; undefined means no reply (a moreToCome message). */
export type RequestHandler = (request: Request, connection: ConnectionContext) => Promise<Document | undefined>;

/** How long the rest of a started message may take to arrive before its connection is closed. */
export const DEFAULT_INCOMPLETE_MESSAGE_TIMEOUT_MS = 30_000;

/**
 * One client connection: frames the byte stream into messages and answers them
 * one at a time, in order, as MongoDB does per connection. A message that
 * cannot be read, or one over 48 MB, closes this connection only.
 *
 * Bounds against a client that misbehaves: at most one maximal message
 * (48 MB) plus one socket read is buffered (past that the socket is paused
 * until the messages already buffered are answered), a declared length outside
 * the wire's limits closes the connection as soon as the header is in, and a
 * message whose bytes stop arriving closes it after `incompleteMessageTimeoutMS`.
 */
export class Connection implements ConnectionContext {
  readonly id: number;
  appName: string | undefined;
  readonly #socket: Socket;
  readonly #handler: RequestHandler;
  readonly #logger: Logger;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #processing = false;
  #closed = false;
  readonly #incompleteMessageTimeoutMS: number;
  /** Runs while a message is partly received and the rest is awaited. */
  #incompleteTimer: NodeJS.Timeout | undefined;

  constructor(
    id: number,
    socket: Socket,
    handler: RequestHandler,
    logger: Logger,
    incompleteMessageTimeoutMS = DEFAULT_INCOMPLETE_MESSAGE_TIMEOUT_MS,
  ) {
    this.id = id;
    this.#socket = socket;
    this.#handler = handler;
    this.#logger = logger;
    this.#incompleteMessageTimeoutMS = incompleteMessageTimeoutMS;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#logger.debug({ err: error, connection: id }, 'connection error'));
    socket.on('close', () => {
      this.#closed = true;
      clearTimeout(this.#incompleteTimer);
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  destroy(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.on('drain', done);
      this.#socket.on('close', done);
    });
  }

  #receive(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    // Bounded input: a client that sends faster than it is answered is paused.
    if (this.#buffered > MAX_MESSAGE_BYTES) this.#socket.pause();
    try {
      this.#watchIncomplete();
    } catch (error) {
      this.#close(error);
      return;
    }
    if (!this.#processing) void this.#drain();
  }

  /**
   * Starts the incomplete-message timer when the buffer ends in a partial
   * message, and stops it when it does not. Throws for a declared length the
   * wire does not allow.
   */
  #watchIncomplete(): void {
    const partial = this.#buffered > 0 && this.#completeLength() === undefined;
    // A paused socket holds the rest back itself: that wait is the emulator's, not the client's.
    if (!partial || this.#socket.isPaused()) {
      clearTimeout(this.#incompleteTimer);
      this.#incompleteTimer = undefined;
      return;
    }
    this.#incompleteTimer ??= setTimeout(() => {
      this.#close(new WireError(`no complete message within ${this.#incompleteMessageTimeoutMS} ms`));
    }, this.#incompleteMessageTimeoutMS);
  }

  /** The length of the first buffered message when all of it is here, else undefined. */
  #completeLength(): number | undefined {
    if (this.#buffered < 4) return undefined;
    let first = this.#chunks[0];
    if (!first || first.length < 4) first = this.#joinChunks();
    const length = first.readInt32LE(0);
    if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
      throw new WireError(`message length ${length} is outside ${HEADER_BYTES}..${MAX_MESSAGE_BYTES} bytes`);
    }
    return this.#buffered >= length ? length : undefined;
  }

  #close(error: unknown): void {
    this.#logger.warn(
      { connection: this.id, err: error },
      `closing connection ${this.id}: ${error instanceof Error ? error.message : String(error)}`,
    );
    clearTimeout(this.#incompleteTimer);
    this.destroy();
  }

  /** Takes the next complete message off the buffer, or undefined when it is not all here yet. */
  #nextFrame(): Buffer | undefined {
    const length = this.#completeLength();
    if (length === undefined) return undefined;
    let first = this.#chunks[0];
    if (!first || first.length < length) first = this.#joinChunks();
    const frame = first.subarray(0, length);
    const rest = first.subarray(length);
    if (rest.length > 0) this.#chunks[0] = rest;
    else this.#chunks.shift();
    this.#buffered -= length;
    if (this.#socket.isPaused() && this.#buffered <= MAX_MESSAGE_BYTES) this.#socket.resume();
    this.#watchIncomplete();
    return frame;
  }

  #joinChunks(): Buffer {
    const joined = Buffer.concat(this.#chunks, this.#buffered);
    this.#chunks = [joined];
    return joined;
  }

  async #drain(): Promise<void> {
    this.#processing = true;
    try {
      for (let frame = this.#nextFrame(); frame && !this.#closed; frame = this.#nextFrame()) {
        const request = parseMessage(frame);
        const reply = await this.#handler(request, this);
        if (reply === undefined || this.#closed) continue;
        const bytes =
          request.opCode === OP_QUERY ? encodeOpReply(request.requestId, reply) : encodeOpMsg(request.requestId, reply);
        // Bounded output: the next request waits until a slow reader took this reply.
        if (!this.#socket.write(bytes)) await this.#drained();
      }
    } catch (error) {
      this.#close(error);
    } finally {
      this.#processing = false;
    }
  }
}
