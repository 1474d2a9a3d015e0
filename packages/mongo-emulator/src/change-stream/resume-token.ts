import { EJSON, Timestamp } from 'bson';
import { CommandError } from '../command-error.js';

/**
 * Resume tokens are laid out like MongoDB's KeyString tokens: "82", then the
 * event's cluster Timestamp as 16 uppercase hex digits (t in the high 32 bits,
 * i in the low 32, big-endian), then one byte saying what the token marks at
 * that Timestamp. Every write has its own Timestamp, so plain string comparison
 * of `_data` orders tokens by commit, and at one Timestamp:
 *   event (01) < the invalidate it causes (02) < high-water mark (03).
 * A high-water mark token at T means "everything up to and including T was
 * scanned"; resuming after it resumes at the first write after T.
 */
export type ResumeToken = { _data: string };

/** What a token marks at its Timestamp. */
export type TokenPosition = 'event' | 'invalidate' | 'highWaterMark';

const suffixes: Record<TokenPosition, string> = { event: '01', invalidate: '02', highWaterMark: '03' };
const TOKEN_PATTERN = /^82([0-9A-F]{16})(01|02|03)$/;

export type ParsedResumeToken = { ts: Timestamp; position: TokenPosition };

export function makeResumeToken(ts: Timestamp, position: TokenPosition): ResumeToken {
  const hex = ts.t.toString(16).padStart(8, '0') + ts.i.toString(16).padStart(8, '0');
  return { _data: `82${hex.toUpperCase()}${suffixes[position]}` };
}

/** Parses a token a client sent back; anything not made by makeResumeToken is FailedToParse. */
export function parseResumeToken(token: unknown, option: string): ParsedResumeToken {
  const data = (token as { _data?: unknown } | null)?._data;
  const match = typeof data === 'string' ? TOKEN_PATTERN.exec(data.toUpperCase()) : null;
  const digits = match?.[1];
  if (!match || digits === undefined) {
    throw new CommandError(
      'FailedToParse',
      `${option}: cannot parse resume token ${describe(token)}; expected { _data: "82" + 16 hex digits + "01"|"02"|"03" } as this server hands out`,
    );
  }
  const ts = new Timestamp({ t: parseInt(digits.slice(0, 8), 16), i: parseInt(digits.slice(8), 16) });
  const position = match[2] === '01' ? 'event' : match[2] === '02' ? 'invalidate' : 'highWaterMark';
  return { ts, position };
}

function describe(value: unknown): string {
  try {
    const text = EJSON.stringify(value, { relaxed: true });
    return text.length > 200 ? `${text.slice(0, 200)}...` : text;
  } catch {
    return String(value);
  }
}
