import { formatCount, formatSeconds } from '../format.js';
import type { ReportInput } from '../report-input.js';

/** The title, where the numbers come from, and the machine they were measured on. */
export function headerSection({ result, files }: ReportInput): string {
  const { machine, source } = result;
  const date = `${result.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const duration = (Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000;
  const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(' / ');
  const openFiles = machine.openFileLimit === null ? 'unknown' : formatCount(machine.openFileLimit);
  return [
    '# Benchmark results: livebell, a Socket.IO design, and a bare ws relay',
    '',
    `Written by \`pnpm bench\` (${result.kind} run) from [${files.json}](${files.json}). Do not edit by hand: \`pnpm bench report\` rewrites it from the JSON.`,
    '',
    `- **Date**: ${date} (run took ${formatSeconds(duration)})`,
    `- **Commit**: \`${source.commit.slice(0, 12)}\`${source.dirty ? ' with uncommitted changes in the measured packages' : ''}`,
    `- **Machine**: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, Node.js ${machine.node}, ${machine.platform}; open-file limit ${openFiles} per process`,
    `- **Load average** (1 / 5 / 15 min): ${load(result.loadAverage.start)} at the start, ${load(result.loadAverage.end)} at the end. The machine is shared with other work; the "other CPU" columns show how much of it ran during each measurement.`,
  ].join('\n');
}
