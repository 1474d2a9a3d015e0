// The JSON one run of `pnpm bench` writes to packages/bench/results/.
import type { EmulatorBenchmarkOptions, PhaseResult } from '../emulator-benchmark.js';
import type { SystemProfile } from '../profile/system-profiles.js';
import type { BurstParams, BurstResult } from '../scenarios/burst.js';
import type { CapacityPlan, CapacityResult } from '../scenarios/capacity.js';
import type { HeapParams, HeapResult } from '../scenarios/heap.js';
import type { MetricsCostResult } from '../scenarios/metrics-cost.js';
import type { SteadyParams, SteadyResult } from '../scenarios/steady.js';
import type { MachineInfo, SourceVersion } from './machine-info.js';

export type RunConfig = {
  /** Steady and burst run this many times per system, the systems taking turns. */
  rounds: number;
  steady: SteadyParams;
  burst: BurstParams;
  capacity: { wantedSteps: number[]; plan: CapacityPlan };
  heap: HeapParams;
  emulator: EmulatorBenchmarkOptions;
  profile: boolean;
};

export type RunResult = {
  /** full: every scenario and system at full size, the only kind RESULTS.md is written from. */
  kind: 'full' | 'quick' | 'partial';
  startedAt: string;
  finishedAt: string;
  source: SourceVersion;
  machine: MachineInfo;
  config: RunConfig;
  /** Load averages (1, 5, 15 min) as the run started and ended: others' work on the machine. */
  loadAverage: { start: number[]; end: number[] };
  steady: (SteadyResult & { round: number })[];
  burst: (BurstResult & { round: number })[];
  capacity: CapacityResult[];
  /** Where each server's heap per connection goes (heap snapshots, idle and loaded). */
  heap: HeapResult[];
  emulator: PhaseResult[];
  /** Each system's server profiled through steady and burst; empty when not profiled. */
  profiles: SystemProfile[];
  /** livebell's steady scenario with and without metrics (only when `metrics-cost` is named). */
  metricsCost?: MetricsCostResult;
};
