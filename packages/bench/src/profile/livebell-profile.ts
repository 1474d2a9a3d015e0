// Profiles livebell's server (`node --cpu-prof`) through the steady and burst
// scenarios, in runs of their own so that the measured runs are not slowed
// by the profiler, and summarizes where its CPU time went in each phase.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhaseWindow } from '../clock.js';
import { runBurst, type BurstParams } from '../scenarios/burst.js';
import type { ScenarioContext } from '../scenarios/scenario-context.js';
import { runSteady, type SteadyParams } from '../scenarios/steady.js';
import { summarizeCpuProfile, type CpuProfile, type ProfileSummary } from './cpu-profile-summary.js';

export type ScenarioProfile = {
  /** The .cpuprofile file (not committed: open it in Chrome DevTools or speedscope). */
  file: string;
  connect: ProfileSummary;
  deliver: ProfileSummary;
};

export type ProfileReport = { steady: ScenarioProfile; burst: ScenarioProfile };

export async function profileLivebell(context: ScenarioContext, steady: SteadyParams, burst: BurstParams, dir: string): Promise<ProfileReport> {
  context.print('profiling livebell (node --cpu-prof) through steady and burst');
  const steadyFile = 'livebell-steady.cpuprofile';
  const steadyRun = await runSteady(context, 'livebell', steady, { dir, name: steadyFile });
  const burstFile = 'livebell-burst.cpuprofile';
  const burstRun = await runBurst(context, 'livebell', burst, { dir, name: burstFile });
  const report = {
    steady: await summarize(join(dir, steadyFile), steadyRun.phases),
    burst: await summarize(join(dir, burstFile), burstRun.phases),
  };
  for (const [scenario, profile] of Object.entries(report)) {
    const { busyMs, byArea } = profile.deliver;
    const areas = byArea.slice(0, 5).map((area) => `${area.area} ${(area.share * 100).toFixed(0)}%`);
    context.print(`profile ${scenario} delivery: ${(busyMs / 1000).toFixed(1)} s busy; ${areas.join(', ')}`);
  }
  return report;
}

async function summarize(file: string, phases: { connect: PhaseWindow; deliver: PhaseWindow }): Promise<ScenarioProfile> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  return {
    file,
    connect: summarizeCpuProfile(profile, { window: phases.connect }),
    deliver: summarizeCpuProfile(profile, { window: phases.deliver }),
  };
}
