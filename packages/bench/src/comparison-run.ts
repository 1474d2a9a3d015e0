// One run of the comparison: the three systems, one after another (never two
// at once on 2 cores), through steady, burst and capacity, against one
// emulator process; then the emulator alone, and a profiled rerun of
// each system. Database, server and load workers are separate processes.
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_JWT_SECRET } from './access-token.js';
import { BenchDatabase } from './database/bench-database.js';
import { startEmulatorProcess } from '@livebell/test-support';
import { runEmulatorBenchmark } from './emulator-benchmark.js';
import { WANTED_OPEN_FILES } from './node-process.js';
import { profileSystems } from './profile/system-profiles.js';
import { machineInfo, sourceVersion } from './report/machine-info.js';
import type { RunConfig, RunResult } from './report/run-result.js';
import { runBurst } from './scenarios/burst.js';
import { capacityPlan, DESCRIPTOR_RESERVE, runCapacity } from './scenarios/capacity.js';
import { runHeap } from './scenarios/heap.js';
import type { ScenarioContext } from './scenarios/scenario-context.js';
import { runSteady } from './scenarios/steady.js';
import { runMetricsCost } from './scenarios/metrics-cost.js';
import { SYSTEM_NAMES, type SystemName } from './systems/system-name.js';

export const SCENARIO_NAMES = ['steady', 'burst', 'capacity', 'heap', 'emulator'] as const;
/** Scenarios that run only when named: they answer one question and are not part of a full run. */
export const NAMED_ONLY_SCENARIOS = ['metrics-cost'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number] | (typeof NAMED_ONLY_SCENARIOS)[number];

const BENCH_DB = 'livebell_bench';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The full sizes; --quick shrinks them to run in well under 2 minutes. */
export function runConfig(quick: boolean, openFileLimit: number | null): RunConfig {
  const wantedSteps = quick ? [500, 1000, 2000] : [1000, 5000, 10_000, 20_000, 30_000, 40_000, 50_000];
  const limit = Math.min(openFileLimit ?? WANTED_OPEN_FILES, WANTED_OPEN_FILES);
  return {
    rounds: quick ? 1 : 3,
    steady: quick
      ? { subscribers: 200, ratePerSecond: 100, durationS: 5, seed: 5, workers: 2 }
      : { subscribers: 1000, ratePerSecond: 200, durationS: 30, seed: 5, workers: 2 },
    burst: { subscribers: quick ? 1000 : 10_000, workers: 2 },
    capacity: { wantedSteps, plan: capacityPlan(wantedSteps, limit - DESCRIPTOR_RESERVE, limit) },
    heap: { connections: quick ? 200 : 2000 },
    emulator: { inserts: quick ? 1000 : 10_000, watchers: 3, writers: 10 },
    profile: !quick,
  };
}

export interface ComparisonOptions {
  quick: boolean;
  systems: readonly SystemName[];
  scenarios: readonly ScenarioName[];
  /** Overrides the config's choice (profiling is on for full runs). */
  profile?: boolean;
  /** Overrides the config's rounds. */
  rounds?: number;
  logDir: string;
  print: (line: string) => void;
}

export async function runComparison(options: ComparisonOptions): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const source = sourceVersion(repoRoot);
  const config = runConfig(options.quick, machine.openFileLimit);
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.rounds !== undefined) config.rounds = options.rounds;
  const { print } = options;
  await mkdir(options.logDir, { recursive: true });
  print(
    `livebell benchmark (${options.quick ? 'quick' : 'full size'}): ${options.scenarios.join(', ')} for ${options.systems.join(', ')}; ${machine.cores} cores, ` +
      `${machine.memoryGiB} GiB, Node ${machine.node}, open-file limit ${String(machine.openFileLimit)}; logs in ${options.logDir}`,
  );
  const wants = (scenario: ScenarioName) => options.scenarios.includes(scenario);
  const everything = SCENARIO_NAMES.every(wants) && SYSTEM_NAMES.every((system) => options.systems.includes(system));
  const result: RunResult = {
    kind: options.quick ? 'quick' : everything ? 'full' : 'partial',
    startedAt,
    finishedAt: startedAt,
    source,
    machine,
    config,
    loadAverage: { start: loadavg(), end: [] },
    steady: [],
    burst: [],
    capacity: [],
    heap: [],
    emulator: [],
    profiles: [],
  };

  const comparing =
    wants('steady') || wants('burst') || wants('capacity') || wants('heap') || wants('metrics-cost') || config.profile;
  if (comparing) {
    const emulator = await startEmulatorProcess();
    const database = await BenchDatabase.connect(emulator.uri, BENCH_DB);
    const context: ScenarioContext = {
      mongodbUri: emulator.uri,
      database,
      databasePid: emulator.pid,
      jwtSecret: BENCH_JWT_SECRET,
      logDir: options.logDir,
      print,
    };
    try {
      // Rounds take turns between the systems, so that a busy spell on a shared machine hits all of them.
      for (let round = 1; round <= config.rounds && wants('steady'); round += 1) {
        for (const system of options.systems)
          result.steady.push({ ...(await runSteady(context, system, config.steady)), round });
      }
      for (let round = 1; round <= config.rounds && wants('burst'); round += 1) {
        for (const system of options.systems)
          result.burst.push({ ...(await runBurst(context, system, config.burst)), round });
      }
      if (wants('capacity'))
        for (const system of options.systems)
          result.capacity.push(await runCapacity(context, system, config.capacity.plan));
      if (wants('heap'))
        for (const system of options.systems) result.heap.push(await runHeap(context, system, config.heap));
      if (wants('metrics-cost')) result.metricsCost = await runMetricsCost(context, config.steady, config.rounds);
      if (config.profile)
        result.profiles = await profileSystems(context, options.systems, config.steady, config.burst, options.logDir);
    } finally {
      await database.close();
      await emulator.stop();
    }
  }
  if (wants('emulator')) result.emulator = await runEmulatorBenchmark(config.emulator, print);
  result.finishedAt = new Date().toISOString();
  result.loadAverage.end = loadavg();
  return result;
}
