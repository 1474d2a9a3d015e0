import type { ProfileSummary } from '../../profile/cpu-profile-summary.js';
import type { ScenarioProfile } from '../../profile/system-profiles.js';
import { ALLOCATED_PER_DELIVERY, perDelivery } from '../cost-measures.js';
import { formatCount, formatPercent, formatSeconds } from '../format.js';
import { markdownTable } from '../markdown-table.js';

/** What allocates in livebell's server, per delivered notification. */
export function allocationBlock(title: string, profile: ScenarioProfile, top = 12): string {
  const { allocations, delivered } = profile;
  return [
    `#### ${title}`,
    '',
    `${ALLOCATED_PER_DELIVERY.format(perDelivery(allocations.totalBytes, delivered))} per delivered notification in all.`,
    '',
    markdownTable(
      ['function (bytes allocated itself)', 'where', 'per notification', 'share'],
      allocations.topFunctions
        .slice(0, top)
        .map((f) => [
          `\`${f.name}\``,
          f.location,
          ALLOCATED_PER_DELIVERY.format(perDelivery(f.bytes, delivered)),
          formatPercent(f.share),
        ]),
      ['l', 'l', 'r', 'r'],
    ),
  ].join('\n');
}

/** livebell's CPU by area, by function (self time), and its own functions by inclusive time. */
export function profileBlock(title: string, summary: ProfileSummary, top = 10): string {
  const ms = (v: number) => `${formatCount(v)} ms`;
  return [
    `#### ${title}`,
    '',
    `Sampled busy ${formatSeconds(summary.busyMs / 1000)} of ${formatSeconds(summary.sampledMs / 1000)} (an undercount under contention, see above; the shares are the point).`,
    '',
    markdownTable(
      ['area (self time)', 'CPU', 'share'],
      summary.byArea.slice(0, top).map((a) => [a.area, ms(a.selfMs), formatPercent(a.share)]),
      ['l', 'r', 'r'],
    ),
    '',
    markdownTable(
      ['function (self time)', 'where', 'CPU', 'share'],
      summary.topSelf
        .slice(0, top)
        .map((f) => [`\`${f.name}\``, f.location || f.area, ms(f.ms), formatPercent(f.share)]),
      ['l', 'l', 'r', 'r'],
    ),
    '',
    markdownTable(
      ["livebell's function (inclusive)", 'where', 'CPU', 'share'],
      summary.topLivebellTotal
        .slice(0, Math.min(top, 8))
        .map((f) => [`\`${f.name}\``, f.location, ms(f.ms), formatPercent(f.share)]),
      ['l', 'l', 'r', 'r'],
    ),
  ].join('\n');
}
