import { EJSON } from 'bson';

/**
 * A string that is equal for two BSON values MongoDB's equality match treats
 * as equal in the common cases (numbers of any width, strings, ObjectIds,
 * dates, booleans, null/missing), used as a Map key for _id lookup and
 * equality indexes. Other values (documents, binaries, ...) key by their
 * canonical Extended JSON, which is exact for identical values. A key that is
 * too fine can only miss a cross-type match, which this function avoids for
 * the types above. The other way round, Collection.candidates relies on equal
 * keys meaning equal values for strings, ObjectIds, booleans, dates and finite
 * numbers (it skips re-testing such an equality on what an index found): keep
 * those keys injective, one prefix per kind.
 */
export function valueKey(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return `n:${value}`;
    case 'string':
      return `s:${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `n:${value}`;
    default:
      break;
  }
  if (value instanceof Date) return `d:${value.getTime()}`;
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (bsonType === 'ObjectId') return `o:${(value as { toHexString(): string }).toHexString()}`;
  if (bsonType === 'Long' || bsonType === 'Int32' || bsonType === 'Double') {
    const long = value as { toString(): string; valueOf?(): unknown };
    return `n:${bsonType === 'Long' ? long.toString() : String(long.valueOf?.())}`;
  }
  return `x:${EJSON.stringify(value, { relaxed: false })}`;
}
