import { CommandError } from '../command-error.js';
import type { Document } from '../storage/document-copy.js';
import { isPlainObject } from '../storage/field-path.js';

// Typed reads of command fields: a field of the wrong type is a TypeMismatch
// that names the command and the field, as MongoDB's IDL parser answers.

export function collectionName(body: Document, command: string): string {
  const name = body[command];
  if (typeof name !== 'string' || name.length === 0) {
    throw new CommandError('InvalidNamespace', `collection name for ${command} must be a non-empty string`);
  }
  if (name.includes('$') || name.includes('\u0000'))
    throw new CommandError('InvalidNamespace', `Invalid collection name: ${name}`);
  return name;
}

export function optionalDocument(body: Document, field: string, command: string): Document | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value))
    throw new CommandError('TypeMismatch', `BSON field '${command}.${field}' must be an object`);
  return value;
}

export function optionalNumber(body: Document, field: string, command: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : longValue(value);
  if (number === undefined || Number.isNaN(number)) {
    throw new CommandError('TypeMismatch', `BSON field '${command}.${field}' must be a number`);
  }
  return number;
}

export function optionalBoolean(body: Document, field: string, command: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  throw new CommandError('TypeMismatch', `BSON field '${command}.${field}' must be a boolean`);
}

export function documentArray(value: unknown, what: string): Document[] {
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw new CommandError('TypeMismatch', `${what} must be an array of objects`);
  }
  return value;
}

/** A Long (or Int32/Double wrapper) as a number. */
export function longValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const wrapped = value as { _bsontype?: unknown; toNumber?: () => number; valueOf?: () => unknown } | null;
  if (wrapped?._bsontype === 'Long' && wrapped.toNumber) return wrapped.toNumber();
  if (wrapped?._bsontype === 'Int32' || wrapped?._bsontype === 'Double') return Number(wrapped.valueOf?.());
  return undefined;
}
