import { CommandError } from '../command-error.js';
import type { Document } from './document-copy.js';

/**
 * Every aggregation stage MongoDB 8.0 knows. A stage outside this list is
 * answered as MongoDB answers it (code 40324, "Unrecognized pipeline stage
 * name"); one inside it that the emulator cannot run is refused by name.
 */
const MONGODB_STAGES = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$changeStream',
  '$changeStreamSplitLargeEvent',
  '$collStats',
  '$count',
  '$currentOp',
  '$densify',
  '$documents',
  '$facet',
  '$fill',
  '$geoNear',
  '$graphLookup',
  '$group',
  '$indexStats',
  '$limit',
  '$listClusterCatalog',
  '$listLocalSessions',
  '$listSampledQueries',
  '$listSearchIndexes',
  '$listSessions',
  '$lookup',
  '$match',
  '$merge',
  '$out',
  '$planCacheStats',
  '$project',
  '$querySettings',
  '$queryStats',
  '$rankFusion',
  '$redact',
  '$replaceRoot',
  '$replaceWith',
  '$sample',
  '$scoreFusion',
  '$search',
  '$searchMeta',
  '$set',
  '$setWindowFields',
  '$shardedDataDistribution',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unionWith',
  '$unset',
  '$unwind',
  '$vectorSearch',
]);

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

/** MongoDB's stages the emulator does not run, ascending (for the README). */
export function unsupportedStages(): string[] {
  return [...MONGODB_STAGES].filter((name) => !SUPPORTED_STAGES.has(name) && name !== '$changeStream').sort();
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
