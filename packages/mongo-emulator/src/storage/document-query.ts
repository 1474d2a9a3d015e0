import { Aggregator, ProcessingMode, Query } from 'mingo';
import type { CollectionResolver } from 'mingo/types';
import { CommandError } from '../command-error.js';
import type { Collection } from './collection.js';
import type { Document } from './document-copy.js';
import { bounded } from './evaluation-limit.js';

// The boundary to mingo, which supplies every query, projection, sort and
// aggregation semantic. Its errors (an unknown operator, a bad expression)
// become BadValue with mingo's message, which names the operator.

export type FindSpec = {
  filter?: Document;
  sort?: Document;
  skip?: number;
  limit?: number;
  projection?: Document;
};

export function compileFilter(filter: Document): Query {
  return withQueryErrors(() => new Query(filter, {}));
}

/**
 * The documents of `collection` matching `filter`, in insertion order (never
 * copied); at most `limit` of them. The condition an index lookup proved for
 * every candidate is not tested again: a `$in` over thousands of values costs
 * mingo time linear in them per document, the lookup a Set probe per value.
 */
export function matchingDocuments(
  collection: Collection,
  filter: Document,
  limit = Number.POSITIVE_INFINITY,
): Document[] {
  const { docs, satisfied } = collection.candidates(filter);
  // The proven condition is a plain value, $eq or $in of scalars: compiling the rest validates the whole filter.
  const rest = satisfied === undefined ? filter : withoutField(filter, satisfied);
  const query = compileFilter(rest);
  const everyCandidate = Object.keys(rest).length === 0;
  const matches: Document[] = [];
  bounded(rest, () =>
    withQueryErrors(() => {
      for (const doc of docs) {
        if (matches.length >= limit) break;
        if (everyCandidate || query.test(doc)) matches.push(doc);
      }
    }),
  );
  return matches;
}

/** A copy of `filter` without one top-level field (fromEntries keeps a field named __proto__ as data). */
function withoutField(filter: Document, field: string): Document {
  return Object.fromEntries(Object.entries(filter).filter(([key]) => key !== field));
}

/** find semantics: filter, sort, skip, limit, projection (projected documents are new objects). */
export function findDocuments(collection: Collection | undefined, spec: FindSpec): Document[] {
  if (!collection) {
    compileFilter(spec.filter ?? {}); // a bad filter is an error even on a missing collection
    return [];
  }
  const hasSort = spec.sort !== undefined && Object.keys(spec.sort).length > 0;
  // Without a sort, matching can stop once skip + limit documents are found.
  const enough = !hasSort && spec.limit ? (spec.skip ?? 0) + spec.limit : undefined;
  const matches = matchingDocuments(collection, spec.filter ?? {}, enough);
  return bounded(spec.projection, () =>
    withQueryErrors(() => {
      if (!hasSort && spec.projection === undefined) {
        const start = spec.skip ?? 0;
        return matches.slice(start, spec.limit ? start + spec.limit : undefined);
      }
      const query = new Query({}, {});
      let cursor = query.find<Document>(matches, emptyToUndefined(spec.projection));
      if (hasSort && spec.sort) cursor = cursor.sort(spec.sort);
      if (spec.skip) cursor = cursor.skip(spec.skip);
      if (spec.limit) cursor = cursor.limit(spec.limit);
      return cursor.all();
    }),
  );
}

/** One document under a find projection. */
export function projectDocument(doc: Document, projection: Document): Document {
  return bounded(projection, () =>
    withQueryErrors(() => new Query({}, {}).find<Document>([doc], projection).all()[0] ?? doc),
  );
}

/**
 * Stages that never write into the documents they receive (they test, order,
 * count or build new documents), so stored documents may pass through them
 * uncopied. $addFields, for one, sets nested fields in place.
 */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$sort', '$skip', '$limit', '$count']);

/**
 * Runs aggregation stages over documents. Inputs are cloned unless every
 * stage is read-only, because others such as $addFields would otherwise
 * change stored documents.
 */
export function runPipeline(
  docs: Document[],
  pipeline: Document[],
  collectionResolver?: CollectionResolver,
): Document[] {
  if (pipeline.length === 0) return docs;
  const readOnly = pipeline.every((stage) => Object.keys(stage).every((name) => READ_ONLY_STAGES.has(name)));
  const processingMode = readOnly ? ProcessingMode.CLONE_OFF : ProcessingMode.CLONE_INPUT;
  // Pipelines are where expressions run: always under the operation's time limit.
  return bounded(
    pipeline,
    () => withQueryErrors(() => new Aggregator(pipeline, { processingMode, collectionResolver }).run<Document>(docs)),
    true,
  );
}

export function withQueryErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError('BadValue', error instanceof Error ? error.message : String(error));
  }
}

function emptyToUndefined(projection: Document | undefined): Document | undefined {
  return projection && Object.keys(projection).length > 0 ? projection : undefined;
}
