import { deserialize, serialize } from 'bson';
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Document } from '../storage/document-copy.js';

// A file of BSON documents back to back, each self-delimited by its length
// prefix. Reading stops at the first incomplete or unreadable record (a write
// cut short by a crash), which `readRecords` reports so the tail can be cut.

export type ReadResult = { records: Document[]; validBytes: number; totalBytes: number };

export function readRecords(path: string): ReadResult {
  if (!existsSync(path)) return { records: [], validBytes: 0, totalBytes: 0 };
  const bytes = readFileSync(path);
  const records: Document[] = [];
  let offset = 0;
  while (offset + 5 <= bytes.length) {
    const size = bytes.readInt32LE(offset);
    if (size < 5 || offset + size > bytes.length) break;
    try {
      records.push(deserialize(bytes.subarray(offset, offset + size)));
    } catch {
      break;
    }
    offset += size;
  }
  return { records, validBytes: offset, totalBytes: bytes.length };
}

export function encodeRecord(record: Document): Uint8Array {
  return serialize(record, { ignoreUndefined: true });
}

/** An append-only file descriptor that writes synchronously (durable against a crash of this process). */
export class AppendFile {
  readonly #fd: number;
  #size: number;

  constructor(path: string, validBytes?: number) {
    this.#fd = openSync(path, 'a+');
    if (validBytes !== undefined && fstatSync(this.#fd).size > validBytes) ftruncateSync(this.#fd, validBytes);
    this.#size = fstatSync(this.#fd).size;
  }

  get size(): number {
    return this.#size;
  }

  append(chunks: Uint8Array[]): void {
    if (chunks.length === 0) return;
    const buffer = Buffer.concat(chunks);
    let written = 0;
    while (written < buffer.length) written += writeSync(this.#fd, buffer, written);
    this.#size += buffer.length;
  }

  truncate(): void {
    ftruncateSync(this.#fd, 0);
    this.#size = 0;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
