import type { SystemProfile } from '../../profile/system-profiles.js';
import { COST_CATEGORIES } from '../../profile/cost-category.js';
import type { BurstResult } from '../../scenarios/burst.js';
import type { SteadyResult } from '../../scenarios/steady.js';
import { SYSTEM_LABELS, type SystemName } from '../../systems/system-name.js';
import {
  ALLOCATED_PER_DELIVERY,
  CPU_SHARE,
  mapValues,
  perDelivery,
  type Column,
  type Measure,
} from '../cost-measures.js';
import { formatCount, formatMicroseconds, formatSigned } from '../format.js';
import { markdownTable } from '../markdown-table.js';
import { medianRounds, type Round } from '../median-round.js';
import type { ReportInput } from '../report-input.js';
import type { RunResult } from '../run-result.js';
import { allocationBlock, profileBlock } from './livebell-profile.js';

/** Where each server's CPU time and allocations go, from profiled runs of steady and burst; then livebell in detail. */
export function cpuProfileSection({ result }: ReportInput): string {
  const { profiles } = result;
  if (profiles.length === 0) return '';
  const livebell = profiles.find((p) => p.system === 'livebell');
  return [
    '## Where the servers spend their CPU',
    '',
    'A separate run of steady and of burst per system, its server under `node --cpu-prof` (so the measured runs above carry no profiler); each summary covers only the phase named, cut out of the profile by the monotonic clock. ' +
      'First the three servers side by side per delivered notification: CPU by category of self time, then bytes allocated; then livebell in detail.',
    '',
    '### Where server CPU goes (share of sampled self time by category, delivery phase)',
    '',
    "Shares, because the profiler's own sampling thread competes for the 2 busy cores and runs mostly while the main thread waits, so a profile undercounts busy time. The amounts come from /proc, in the measured runs, below each table.",
    '',
    categoryComparison(
      `Steady (${formatCount(result.config.steady.ratePerSecond * result.config.steady.durationS)} notifications)`,
      profiles,
      'steady',
      CPU_SHARE,
    ),
    '',
    measuredCpuLine(result, profiles, 'steady'),
    '',
    categoryComparison(
      `Burst (${formatCount(result.config.burst.subscribers)} notifications)`,
      profiles,
      'burst',
      CPU_SHARE,
    ),
    '',
    measuredCpuLine(result, profiles, 'burst'),
    '',
    '### Bytes the server allocates per delivered notification (by category, delivery phase)',
    '',
    "Sampled by V8's heap profiler in the same runs (one sample per 32 KiB, objects already collected included). Allocation is what the garbage collector pays for: the GC pauses in the steady and burst tables follow it.",
    '',
    categoryComparison('Steady', profiles, 'steady', ALLOCATED_PER_DELIVERY),
    '',
    categoryComparison('Burst', profiles, 'burst', ALLOCATED_PER_DELIVERY),
    ...(livebell
      ? [
          '',
          '### livebell in detail',
          '',
          "Self time by area and by function, as a share of the busy (non-idle) time; then livebell's own functions by inclusive time (with what they call synchronously: work resumed after an `await` is not under them).",
          '',
          profileBlock('Steady, delivery phase', livebell.steady.deliver),
          '',
          allocationBlock('Steady, delivery phase: what allocates', livebell.steady),
          '',
          profileBlock('Burst, delivery phase', livebell.burst.deliver),
          '',
          profileBlock(
            `Burst, connect phase (${formatCount(result.config.burst.subscribers)} subscribers authenticating and subscribing)`,
            livebell.burst.connect,
            6,
          ),
        ]
      : []),
  ].join('\n');
}

/** Server and database CPU per delivered notification (all threads, /proc) in each system's median measured round, in µs. */
export function measuredServerCpu(
  result: RunResult,
  scenario: 'steady' | 'burst',
): { system: SystemName; serverUs: number; databaseUs: number }[] {
  const rounds: readonly Round<SteadyResult | BurstResult>[] = result[scenario];
  const key = (r: Round<SteadyResult | BurstResult>) => ('lastArrivalMs' in r ? r.lastArrivalMs : r.latency.p99);
  return medianRounds(rounds, key).map(({ system, median }) => ({
    system,
    serverUs: perDelivery(median.cpu.serverS * 1e6, median.deliveries.delivered),
    databaseUs: perDelivery(median.cpu.databaseS * 1e6, median.deliveries.delivered),
  }));
}

/**
 * The amounts under a share table, and livebell's excess over the floor by
 * category, estimated as share times measured CPU per notification.
 */
function measuredCpuLine(result: RunResult, profiles: readonly SystemProfile[], scenario: 'steady' | 'burst'): string {
  const measured = measuredServerCpu(result, scenario);
  const cells = measured.map(
    (m) =>
      `${SYSTEM_LABELS[m.system]} ${formatMicroseconds(m.serverUs)} in the server and ${formatMicroseconds(m.databaseUs)} in the database`,
  );
  const lines = [
    `CPU per delivered notification in the measured runs (all threads, /proc, median round): ${cells.join('; ')}.`,
  ];
  const estimate = (system: SystemName) => {
    const profile = profiles.find((p) => p.system === system);
    const total = measured.find((m) => m.system === system)?.serverUs;
    return profile && total !== undefined
      ? mapValues(CPU_SHARE.of(profile[scenario]).byCategory, (share) => share * total)
      : null;
  };
  const livebell = estimate('livebell');
  const floor = estimate('ws');
  const livebellCpu = measured.find((m) => m.system === 'livebell');
  const floorCpu = measured.find((m) => m.system === 'ws');
  if (livebell && floor && livebellCpu && floorCpu) {
    const excess = COST_CATEGORIES.map((category) => ({ category, us: livebell[category] - floor[category] }))
      .filter((e) => e.us >= 1)
      .sort((a, b) => b.us - a.us)
      .slice(0, 6);
    lines.push(
      `livebell's server spends ${formatMicroseconds(livebellCpu.serverUs - floorCpu.serverUs)} more per notification than the floor's, and its database ${formatMicroseconds(livebellCpu.databaseUs - floorCpu.databaseUs)} more; ` +
        `by category (share × measured CPU, an estimate): ${excess.map((e) => `${e.category} +${formatMicroseconds(e.us)}`).join(', ')}.`,
    );
  }
  return lines.join(' ');
}

/** One row per category, one column per system, and livebell's excess over the floor. */
function categoryComparison(
  title: string,
  profiles: readonly SystemProfile[],
  scenario: 'steady' | 'burst',
  measure: Measure,
): string {
  const columns: Column[] = profiles.map((profile) => ({ system: profile.system, ...measure.of(profile[scenario]) }));
  const floor = columns.find((c) => c.system === 'ws');
  const livebell = columns.find((c) => c.system === 'livebell');
  const excess =
    measure.compare && floor && livebell
      ? (pick: (c: Column) => number) => [formatSigned(pick(livebell) - pick(floor), measure.format)]
      : null;
  const used = COST_CATEGORIES.filter((category) => columns.some((c) => c.byCategory[category] >= measure.floor));
  const headers = ['category', ...columns.map((c) => SYSTEM_LABELS[c.system]), ...(excess ? ['livebell − floor'] : [])];
  const rows = used.map((category) => [
    category,
    ...columns.map((c) => measure.format(c.byCategory[category])),
    ...(excess?.((c) => c.byCategory[category]) ?? []),
  ]);
  rows.push([
    `**${measure.totalLabel}**`,
    ...columns.map((c) => `**${measure.format(c.total)}**`),
    ...(excess?.((c) => c.total).map((cell) => `**${cell}**`) ?? []),
  ]);
  return [`#### ${title}`, '', markdownTable(headers, rows, ['l', ...headers.slice(1).map(() => 'r' as const)])].join(
    '\n',
  );
}
