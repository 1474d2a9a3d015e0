import { readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SYSTEM_NAMES } from '../systems/system-name.js';
import { latencyCdfSpec, memorySpec, renderSvg, type CdfSeries, type MemoryPoint } from './charts.js';
import { medianBy } from './median-round.js';
import { resultsMarkdown, type ReportFiles } from './results-markdown.js';
import type { RunResult } from './run-result.js';

const LATENCY_CHART = 'latency-cdf.svg';
const MEMORY_CHART = 'memory-per-connection.svg';

/** Writes RESULTS.md and the two charts into `dir` (the bench package); returns the paths. */
export async function writeReport(result: RunResult, dir: string, jsonPath: string): Promise<string[]> {
  const series: CdfSeries[] = [];
  for (const system of SYSTEM_NAMES) {
    const steady = medianBy(
      result.steady.filter((r) => r.system === system),
      (r) => r.latency.p99,
    );
    if (steady)
      series.push({
        scenario: `steady: ${result.config.steady.subscribers.toLocaleString('en-US')} subscribers, ${result.config.steady.ratePerSecond}/s`,
        system,
        points: steady.cdf,
      });
  }
  for (const system of SYSTEM_NAMES) {
    const burst = medianBy(
      result.burst.filter((r) => r.system === system),
      (r) => r.lastArrivalMs,
    );
    if (burst)
      series.push({
        scenario: `burst: ${result.config.burst.subscribers.toLocaleString('en-US')} in one insert`,
        system,
        points: burst.cdf,
      });
  }
  const memory: MemoryPoint[] = result.capacity.flatMap((c) =>
    c.steps.map((step) => ({
      system: c.system,
      connections: step.connections,
      rssBytes: step.memory.rssBytes,
      rssPerConnectionBytes: step.rssPerConnectionBytes,
      heapPerConnectionBytes: step.heapPerConnectionBytes,
    })),
  );
  const written: string[] = [];
  const write = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    written.push(path);
  };
  await write(LATENCY_CHART, await renderSvg(latencyCdfSpec(series)));
  await write(MEMORY_CHART, await renderSvg(memorySpec(memory)));
  await write('RESULTS.md', resultsMarkdown(result, reportFiles(jsonPath)));
  return written;
}

/** What RESULTS.md links to, relative to the bench package, for the run saved at `jsonPath`. */
export function reportFiles(jsonPath: string): ReportFiles {
  return { json: `results/${basename(jsonPath)}`, latencyChart: LATENCY_CHART, memoryChart: MEMORY_CHART };
}

/** The newest full run's JSON in `resultsDir` (names start with the run's time); what RESULTS.md shows. */
export async function newestFullRun(resultsDir: string): Promise<string | undefined> {
  const newest = (await readdir(resultsDir))
    .filter((name) => name.endsWith('-full.json'))
    .sort()
    .at(-1);
  return newest === undefined ? undefined : join(resultsDir, newest);
}
