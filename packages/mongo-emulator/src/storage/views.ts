import { CommandError } from '../command-error.js';
import type { Catalog } from './catalog.js';
import type { Collection } from './collection.js';
import type { Document } from './document-copy.js';
import { runPipeline, type FindSpec } from './document-query.js';

/** MongoDB's limit on views defined on views. */
const MAX_VIEW_DEPTH = 20;

/** What a read of a view runs: the stored documents of the collection at the end of its chain, then the pipeline. */
export type ResolvedView = { source: Collection | undefined; pipeline: Document[] };

/**
 * Resolves a read-only view (MongoDB's `create` with viewOn) to the collection
 * it finally reads and the pipelines of every view on the way, in the order
 * they run; undefined when `db.name` is not a view. A view whose source does
 * not exist reads nothing, as in MongoDB.
 */
export function resolveView(catalog: Catalog, db: string, name: string): ResolvedView | undefined {
  let current = catalog.get(db, name);
  if (!current?.isView) return undefined;
  const pipelines: Document[][] = [];
  for (let depth = 0; current?.isView; depth += 1) {
    if (depth >= MAX_VIEW_DEPTH) {
      throw new CommandError(
        'ViewDepthLimitExceeded',
        `View depth too deep or view cycle detected; maximum depth is ${MAX_VIEW_DEPTH}`,
      );
    }
    pipelines.unshift(current.options.pipeline ?? []);
    current = catalog.get(db, current.options.viewOn ?? '');
  }
  return { source: current, pipeline: pipelines.flat() };
}

/** Throws CommandNotSupportedOnView when `db.name` is a view: views are read-only. */
export function refuseView(catalog: Catalog, db: string, name: string): void {
  if (catalog.get(db, name)?.isView) {
    throw new CommandError('CommandNotSupportedOnView', `Namespace ${db}.${name} is a view, not a collection`);
  }
}

/** The documents a read of a view sees after `stages` (a find's or an aggregate's), run after the view's own. */
export function readView(catalog: Catalog, db: string, view: ResolvedView, stages: Document[]): Document[] {
  const docs = view.source ? [...view.source.documents()] : [];
  const resolver = (name: string) => [...(catalog.get(db, name)?.documents() ?? [])];
  return runPipeline(docs, [...view.pipeline, ...stages], resolver);
}

/** A find (filter, sort, skip, limit, projection) as the pipeline stages that do the same on a view. */
export function findStages(spec: FindSpec): Document[] {
  const stages: Document[] = [];
  if (spec.filter && Object.keys(spec.filter).length > 0) stages.push({ $match: spec.filter });
  if (spec.sort && Object.keys(spec.sort).length > 0) stages.push({ $sort: spec.sort });
  if (spec.skip) stages.push({ $skip: spec.skip });
  if (spec.limit) stages.push({ $limit: spec.limit });
  if (spec.projection && Object.keys(spec.projection).length > 0) stages.push({ $project: spec.projection });
  return stages;
}
