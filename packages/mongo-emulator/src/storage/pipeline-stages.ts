import { CommandError } from '../command-error.js';
import type { Document } from './document-copy.js';

/**
 * The stages the emulator runs (through mingo), besides `$changeStream` as a
 * first stage. The emulator only reads: $out and $merge are not among them.
 */
export const SUPPORTED_STAGES: ReadonlySet<string> = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$count',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$graphLookup',
  '$group',
  '$limit',
  '$lookup',
  '$match',
  '$project',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$set',
  '$setWindowFields',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
]);

/** MongoDB 8.0's other stages: known to MongoDB, refused by name here. */
const UNSUPPORTED_STAGES: readonly string[] = [
  '$changeStreamSplitLargeEvent',
  '$collStats',
  '$currentOp',
  '$geoNear',
  '$indexStats',
  '$listClusterCatalog',
  '$listLocalSessions',
  '$listSampledQueries',
  '$listSearchIndexes',
  '$listSessions',
  '$merge',
  '$out',
  '$planCacheStats',
  '$querySettings',
  '$queryStats',
  '$rankFusion',
  '$scoreFusion',
  '$search',
  '$searchMeta',
  '$shardedDataDistribution',
  '$vectorSearch',
];

/**
 * Every aggregation stage MongoDB 8.0 knows. A stage outside this set is
 * answered as MongoDB answers it (code 40324, "Unrecognized pipeline stage
 * name"); one inside it that the emulator cannot run is refused by name.
 */
const MONGODB_STAGES: ReadonlySet<string> = new Set([...SUPPORTED_STAGES, ...UNSUPPORTED_STAGES, '$changeStream']);

/** MongoDB's stages the emulator does not run (for the README). */
export function unsupportedStages(): readonly string[] {
  return UNSUPPORTED_STAGES;
}

/** The name of a pipeline stage: its one field. */
export function stageName(stage: Document): string {
  return Object.keys(stage)[0] ?? '';
}

/** Throws MongoDB's 40324 for a stage name MongoDB does not know at all. */
export function checkKnownStage(name: string): void {
  if (!MONGODB_STAGES.has(name)) {
    throw new CommandError('Location40324', `Unrecognized pipeline stage name: '${name}'`);
  }
}

/**
 * Throws for a stage the emulator cannot run: 40324 when MongoDB does not know
 * it either, InvalidOptions (naming the stage) when only the emulator lacks it.
 */
export function checkRunnableStage(name: string): void {
  checkKnownStage(name);
  if (!SUPPORTED_STAGES.has(name) && name !== '$changeStream') {
    throw new CommandError('InvalidOptions', `${name} is not supported by the livebell MongoDB emulator`);
  }
}
