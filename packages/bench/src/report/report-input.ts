import type { BurstResult } from '../scenarios/burst.js';
import type { CapacityStep } from '../scenarios/capacity.js';
import type { SteadyResult } from '../scenarios/steady.js';
import type { SystemName } from '../systems/system-name.js';
import { medianRounds, rowOf, type MedianRound, type Round } from './median-round.js';
import type { RunResult } from './run-result.js';

/** Where RESULTS.md links to, relative to it. */
export type ReportFiles = { json: string; latencyChart: string; memoryChart: string };

/** One run's results, with the median rounds every section reads. */
export interface ReportInput {
  result: RunResult;
  files: ReportFiles;
  /** Steady per system: the round with the median p99. */
  steady: MedianRound<Round<SteadyResult>>[];
  /** Burst per system: the round with the median last arrival. */
  burst: MedianRound<Round<BurstResult>>[];
  medianSteady: (system: SystemName) => Round<SteadyResult> | undefined;
  medianBurst: (system: SystemName) => Round<BurstResult> | undefined;
  /** Capacity per system: its last (highest) step. */
  topCapacityStep: (system: SystemName) => CapacityStep | undefined;
}

export function reportInput(result: RunResult, files: ReportFiles): ReportInput {
  const steady = medianRounds<Round<SteadyResult>>(result.steady, (round) => round.latency.p99);
  const burst = medianRounds<Round<BurstResult>>(result.burst, (round) => round.lastArrivalMs);
  return {
    result,
    files,
    steady,
    burst,
    medianSteady: (system) => rowOf(steady, system)?.median,
    medianBurst: (system) => rowOf(burst, system)?.median,
    topCapacityStep: (system) => result.capacity.find((c) => c.system === system)?.steps.at(-1),
  };
}
