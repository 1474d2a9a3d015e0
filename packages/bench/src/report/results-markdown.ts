// RESULTS.md, written from one run's JSON: one section per file in
// sections/, in the order a reader wants them (the headline first, how it was
// measured, each scenario, the targets, then where the CPU time went).
import { reportInput, type ReportFiles } from './report-input.js';
import type { RunResult } from './run-result.js';
import { burstSection } from './sections/burst.js';
import { capacitySection } from './sections/capacity.js';
import { cpuProfileSection } from './sections/cpu-profiles.js';
import { emulatorSection } from './sections/emulator.js';
import { headerSection } from './sections/header.js';
import { headlineSection } from './sections/headline.js';
import { heapSection } from './sections/heap.js';
import { methodSection } from './sections/method.js';
import { steadySection } from './sections/steady.js';
import { targetsSection } from './sections/targets.js';

export type { ReportFiles } from './report-input.js';

const SECTIONS = [
  headerSection,
  headlineSection,
  methodSection,
  steadySection,
  burstSection,
  capacitySection,
  heapSection,
  emulatorSection,
  targetsSection,
  cpuProfileSection,
];

/** The whole Markdown; a section with nothing to show (its scenario did not run) is left out. */
export function resultsMarkdown(result: RunResult, files: ReportFiles): string {
  const input = reportInput(result, files);
  const sections = SECTIONS.map((section) => section(input)).filter((text) => text !== '');
  return `${sections.join('\n\n')}\n`;
}
