import { deserialize, serialize } from 'bson';
import type { Document } from '../storage/document-copy.js';
import { rememberDocumentSize } from '../storage/document-size.js';

// MongoDB's wire protocol framing: every message is a 16-byte header
// (messageLength, requestID, responseTo, opCode) and a body. The emulator
// speaks OP_MSG for commands and OP_QUERY/OP_REPLY for the legacy handshake.

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const HEADER_BYTES = 16;
/** MongoDB's maxMessageSizeBytes; a longer message closes its connection. */
export const MAX_MESSAGE_BYTES = 48_000_000;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
const DESERIALIZE_OPTIONS = { validation: { utf8: false } } as const;

export type Request =
  | {
      opCode: typeof OP_MSG;
      requestId: number;
      body: Document;
      sequences: Record<string, Document[]>;
      moreToCome: boolean;
    }
  | { opCode: typeof OP_QUERY; requestId: number; collection: string; body: Document };

/** A message that cannot be read: the connection it came on is closed. */
export class WireError extends Error {
  override name = 'WireError';
}

/** Reads a complete message (header included). */
export function parseMessage(frame: Buffer): Request {
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  try {
    if (opCode === OP_MSG) return parseOpMsg(frame, requestId);
    if (opCode === OP_QUERY) return parseOpQuery(frame, requestId);
  } catch (error) {
    if (error instanceof WireError) throw error;
    throw new WireError(
      `malformed message (opCode ${opCode}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  throw new WireError(`unsupported opCode ${opCode}; the emulator speaks OP_MSG (and OP_QUERY for the handshake)`);
}

function parseOpMsg(frame: Buffer, requestId: number): Request {
  const flags = frame.readUInt32LE(HEADER_BYTES);
  // The CRC-32C checksum is skipped, not verified: TCP on one machine does not corrupt bytes.
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  let offset = HEADER_BYTES + 4;
  let body: Document | undefined;
  const sequences: Record<string, Document[]> = {};
  while (offset < end) {
    const kind = frame.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const size = documentLength(frame, offset, end);
      if (body) throw new WireError('OP_MSG has more than one body section');
      body = deserialize(frame.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
      offset += size;
    } else if (kind === 1) {
      const size = frame.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new WireError('OP_MSG document sequence overruns the message');
      const nameEnd = frame.indexOf(0, offset + 4);
      if (nameEnd < 0 || nameEnd >= sectionEnd) throw new WireError('OP_MSG document sequence has no identifier');
      const identifier = frame.toString('utf8', offset + 4, nameEnd);
      const docs: Document[] = [];
      let position = nameEnd + 1;
      while (position < sectionEnd) {
        const docSize = documentLength(frame, position, sectionEnd);
        const doc = deserialize(frame.subarray(position, position + docSize), DESERIALIZE_OPTIONS);
        rememberDocumentSize(doc, docSize);
        docs.push(doc);
        position += docSize;
      }
      sequences[identifier] = docs;
      offset = sectionEnd;
    } else {
      throw new WireError(`OP_MSG section kind ${kind} is unknown`);
    }
  }
  if (!body) throw new WireError('OP_MSG has no body section');
  return { opCode: OP_MSG, requestId, body, sequences, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

function parseOpQuery(frame: Buffer, requestId: number): Request {
  let offset = HEADER_BYTES + 4;
  const nameEnd = frame.indexOf(0, offset);
  if (nameEnd < 0) throw new WireError('OP_QUERY has no collection name');
  const collection = frame.toString('utf8', offset, nameEnd);
  offset = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = documentLength(frame, offset, frame.length);
  const body = deserialize(frame.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  return { opCode: OP_QUERY, requestId, collection, body };
}

function documentLength(frame: Buffer, offset: number, end: number): number {
  if (offset + 5 > end) throw new WireError('truncated BSON document');
  const size = frame.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new WireError('BSON document length overruns the message');
  return size;
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.allocUnsafe(HEADER_BYTES);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** An OP_MSG reply with one body section. */
export function encodeOpMsg(responseTo: number, doc: Document): Buffer {
  const body = serialize(doc, { ignoreUndefined: true });
  const length = HEADER_BYTES + 4 + 1 + body.length;
  const prefix = Buffer.alloc(5); // flagBits 0, section kind 0
  return Buffer.concat([header(length, responseTo, OP_MSG), prefix, body], length);
}

/** An OP_REPLY with one document (the answer to an OP_QUERY handshake). */
export function encodeOpReply(responseTo: number, doc: Document): Buffer {
  const body = serialize(doc, { ignoreUndefined: true });
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom
  fields.writeInt32LE(1, 16); // numberReturned
  const length = HEADER_BYTES + 20 + body.length;
  return Buffer.concat([header(length, responseTo, OP_REPLY), fields, body], length);
}
