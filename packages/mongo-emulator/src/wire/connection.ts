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

/**
 * One client connection: frames the byte stream into messages and answers them
 * one at a time, in order, as MongoDB does per connection. A message that
 * cannot be read, or one over 48 MB, closes this connection only.
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

  constructor(id: number, socket: Socket, handler: RequestHandler, logger: Logger) {
    this.id = id;
    this.#socket = socket;
    this.#handler = handler;
    this.#logger = logger;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', (error) => this.#logger.debug({ err: error, connection: id }, 'connection error'));
    socket.on('close', () => {
      this.#closed = true;
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
    if (this.#buffered > 2 * MAX_MESSAGE_BYTES) this.#socket.pause();
    if (!this.#processing) void this.#drain();
  }

  /** Takes the next complete message off the buffer, or undefined when it is not all here yet. */
  #nextFrame(): Buffer | undefined {
    if (this.#buffered < 4) return undefined;
    let first = this.#chunks[0];
    if (!first || first.length < 4) first = this.#joinChunks();
    const length = first.readInt32LE(0);
    if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
      throw new WireError(`message length ${length} is outside ${HEADER_BYTES}..${MAX_MESSAGE_BYTES} bytes`);
    }
    if (this.#buffered < length) return undefined;
    if (first.length < length) first = this.#joinChunks();
    const frame = first.subarray(0, length);
    const rest = first.subarray(length);
    if (rest.length > 0) this.#chunks[0] = rest;
    else this.#chunks.shift();
    this.#buffered -= length;
    if (this.#socket.isPaused() && this.#buffered < MAX_MESSAGE_BYTES) this.#socket.resume();
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
      this.#logger.warn(
        { connection: this.id, err: error },
        `closing connection ${this.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.destroy();
    } finally {
      this.#processing = false;
    }
  }
}
