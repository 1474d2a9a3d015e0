// Profiles each system's server (`node --cpu-prof`) through the steady and
// burst scenarios, in runs of their own so that the measured runs carry no
// profiler, and summarizes where its CPU time went in each phase. The same
// treatment for every system, so the profiles compare.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBurst, type BurstParams } from '../scenarios/burst.js';
import type { DeliveryRunResult, ProfileFiles } from '../scenarios/delivery-run.js';
import type { ScenarioContext } from '../scenarios/scenario-context.js';
import { runSteady, type SteadyParams } from '../scenarios/steady.js';
import { SYSTEM_LABELS, type SystemName } from '../systems/system-name.js';
import { summarizeAllocations, type AllocationProfile, type AllocationSummary } from './allocation-profile-summary.js';
import { summarizeCpuProfile, type CpuProfile, type ProfileSummary } from './cpu-profile-summary.js';

export type ScenarioProfile = {
  /** The .cpuprofile file (not committed: open it in Chrome DevTools or speedscope). */
  file: string;
  /** Deliveries in the profiled run, to put CPU time per delivery. */
  delivered: number;
  connect: ProfileSummary;
  deliver: ProfileSummary;
  /** What the server allocated during the delivery phase (sampled in the same run). */
  allocations: AllocationSummary;
};

export type SystemProfile = { system: SystemName; steady: ScenarioProfile; burst: ScenarioProfile };

export async function profileSystems(
  context: ScenarioContext,
  systems: readonly SystemName[],
  steady: SteadyParams,
  burst: BurstParams,
  dir: string,
): Promise<SystemProfile[]> {
  context.print('profiling the servers (node --cpu-prof) through steady and burst');
  const profiles: SystemProfile[] = [];
  for (const system of systems) {
    const files = (scenario: string): ProfileFiles => ({
      cpuProfile: { dir, name: `${system}-${scenario}.cpuprofile` },
      allocationProfile: join(dir, `${system}-${scenario}.heapprofile`),
    });
    const steadyRun = await runSteady(context, system, steady, files('steady'));
    const burstRun = await runBurst(context, system, burst, files('burst'));
    const profile = {
      system,
      steady: await summarize(files('steady'), steadyRun),
      burst: await summarize(files('burst'), burstRun),
    };
    for (const scenario of ['steady', 'burst'] as const) {
      const { busyMs, byArea } = profile[scenario].deliver;
      const areas = byArea.slice(0, 4).map((area) => `${area.area} ${(area.share * 100).toFixed(0)}%`);
      context.print(
        `profile ${scenario.padEnd(7)}${SYSTEM_LABELS[system].padEnd(18)} delivery: ${(busyMs / 1000).toFixed(1)} s busy; ${areas.join(', ')}`,
      );
    }
    profiles.push(profile);
  }
  return profiles;
}

async function summarize(
  files: ProfileFiles,
  run: Pick<DeliveryRunResult, 'phases' | 'deliveries'>,
): Promise<ScenarioProfile> {
  const file = join(files.cpuProfile.dir, files.cpuProfile.name);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const allocations = JSON.parse(await readFile(files.allocationProfile, 'utf8')) as AllocationProfile;
  return {
    file,
    delivered: run.deliveries.delivered,
    connect: summarizeCpuProfile(profile, { window: run.phases.connect }),
    deliver: summarizeCpuProfile(profile, { window: run.phases.deliver }),
    allocations: summarizeAllocations(allocations),
  };
}
