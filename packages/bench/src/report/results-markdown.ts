// RESULTS.md, written from one run's JSON: the tables, the ratios against the
// floor and Socket.IO, the targets, and where livebell's CPU time went.
import { formatMs, formatRate } from '../latency-stats.js';
import { categoryTotals, COST_CATEGORIES, type CostCategory } from '../profile/cost-category.js';
import type { ProfileSummary } from '../profile/cpu-profile-summary.js';
import type { ScenarioProfile, SystemProfile } from '../profile/system-profiles.js';
import type { GcPauses } from '../systems/memory-probe.js';
import { ratio, ratioSentence, formatRatio } from '../ratio-format.js';
import type { BurstResult } from '../scenarios/burst.js';
import type { CapacityResult } from '../scenarios/capacity.js';
import type { SteadyResult } from '../scenarios/steady.js';
import { SYSTEM_LABELS, SYSTEM_NAMES, type SystemName } from '../systems/system-name.js';
import { markdownTable } from './markdown-table.js';
import { medianBy } from './median-round.js';
import type { RunResult } from './run-result.js';

export type ReportFiles = { json: string; latencyChart: string; memoryChart: string };

const GIB = 2 ** 30;
const MIB = 2 ** 20;
const n = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
const mib = (bytes: number) => `${n(bytes / MIB)} MiB`;
const kib = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : 'n/a');
const seconds = (s: number) => (Number.isFinite(s) ? `${s.toFixed(1)} s` : 'n/a');
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

type Round<T> = T & { round: number };

/** Per system, the round with the median of `key`, and every round's `key`. */
function medianRounds<T extends { system: SystemName }>(
  rounds: readonly T[],
  key: (r: T) => number,
): { system: SystemName; median: T; all: number[] }[] {
  return SYSTEM_NAMES.flatMap((system) => {
    const mine = rounds.filter((r) => r.system === system);
    const median = medianBy(mine, key);
    return median ? [{ system, median, all: mine.map(key) }] : [];
  });
}

function spread(values: readonly number[], format: (v: number) => string): string {
  if (values.length < 2) return format(values[0] ?? Number.NaN);
  return `${format(Math.min(...values))} to ${format(Math.max(...values))}`;
}

export function resultsMarkdown(result: RunResult, files: ReportFiles): string {
  const steady = medianRounds<Round<SteadyResult>>(result.steady, (r) => r.latency.p99);
  const burst = medianRounds<Round<BurstResult>>(result.burst, (r) => r.lastArrivalMs);
  const find = <T extends { system: SystemName }>(rows: readonly T[], system: SystemName) =>
    rows.find((r) => r.system === system);
  const medians: Medians = {
    steady: (system) => steady.find((r) => r.system === system)?.median,
    burst: (system) => burst.find((r) => r.system === system)?.median,
  };
  const sections = [
    header(result, files),
    headline(result, medians),
    method(result),
    steadySection(result, steady, find),
    burstSection(result, burst, find),
    capacitySection(result, files),
    heapSection(result),
    emulatorSection(result),
    targetsSection(result, medians),
    profileSection(result),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function header(result: RunResult, files: ReportFiles): string {
  const { machine, source } = result;
  const date = `${result.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(' / ');
  return [
    "# Benchmark results: livebell, the seed's Socket.IO design, and a bare ws relay",
    '',
    `Written by \`pnpm bench\` (${result.kind} run) from [${files.json}](${files.json}). Do not edit by hand: \`pnpm bench report\` rewrites it from the JSON.`,
    '',
    `- **Date**: ${date} (run took ${seconds((Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000)})`,
    `- **Commit**: \`${source.commit.slice(0, 12)}\`${source.dirty ? ' with uncommitted changes in the measured packages' : ''}`,
    `- **Machine**: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory, Node.js ${machine.node}, ${machine.platform}; open-file limit ${machine.openFileLimit === null ? 'unknown' : n(machine.openFileLimit)} per process`,
    `- **Load average** (1 / 5 / 15 min): ${load(result.loadAverage.start)} at the start, ${load(result.loadAverage.end)} at the end. The machine is shared with other work; the "other CPU" columns show how much of it ran during each measurement.`,
  ].join('\n');
}

/** Each system's median round of steady and of burst. */
type Medians = {
  steady: (system: SystemName) => Round<SteadyResult> | undefined;
  burst: (system: SystemName) => Round<BurstResult> | undefined;
};

function headline(result: RunResult, { steady: s, burst: b }: Medians): string {
  const lines: string[] = ['## Headline', ''];
  const livebellSteady = s('livebell');
  if (livebellSteady) {
    lines.push(
      `- **Steady** (${n(result.config.steady.subscribers)} subscribers, ${n(result.config.steady.ratePerSecond)}/s for ${result.config.steady.durationS} s): ` +
        `livebell p99 ${formatMs(livebellSteady.latency.p99)}: ` +
        `${ratioSentence(
          'livebell',
          'p99',
          livebellSteady.latency.p99,
          references(s, (r) => r.latency.p99),
        )} (lower is better); ` +
        `p50 ${formatMs(livebellSteady.latency.p50)} = ${formatRatio(ratio(livebellSteady.latency.p50, s('ws')?.latency.p50 ?? Number.NaN))} floor.`,
    );
  }
  const livebellBurst = b('livebell');
  if (livebellBurst) {
    lines.push(
      `- **Burst** (${n(result.config.burst.subscribers)} subscribers, one bulk insert): livebell's last delivery after ${formatMs(livebellBurst.lastArrivalMs)}, ` +
        `${formatRate(livebellBurst.deliveriesPerSecond)}: ` +
        `${ratioSentence(
          'livebell',
          'throughput',
          livebellBurst.deliveriesPerSecond,
          references(b, (r) => r.deliveriesPerSecond),
        )} (higher is better).`,
    );
  }
  const capacity = result.capacity.find((c) => c.system === 'livebell');
  const top = capacity?.steps.at(-1);
  if (capacity && top) {
    lines.push(
      `- **Capacity**: livebell held ${n(top.connections)} idle subscribers in ${mib(top.memory.rssBytes)} RSS ` +
        `(${kib(top.rssPerConnectionBytes)} RSS, ${kib(top.heapPerConnectionBytes)} JS heap per connection); ` +
        `${capacityComparison(result.capacity, top.connections)}. Stopped: ${capacity.stoppedBecause}.`,
    );
  }
  lines.push(`- **Deliveries**: ${deliverySentence(result)}.`);
  return lines.join('\n');
}

function references<T>(of: (system: SystemName) => T | undefined, key: (r: T) => number) {
  return [
    { label: 'floor', value: ((r) => (r ? key(r) : Number.NaN))(of('ws')) },
    { label: 'Socket.IO', value: ((r) => (r ? key(r) : Number.NaN))(of('socketio')) },
  ];
}

function capacityComparison(capacity: readonly CapacityResult[], connections: number): string {
  const at = (system: SystemName) =>
    capacity.find((c) => c.system === system)?.steps.find((step) => step.connections === connections);
  const parts = (['socketio', 'ws'] as const).flatMap((system) => {
    const step = at(system);
    return step ? [`${SYSTEM_LABELS[system]} ${mib(step.memory.rssBytes)}`] : [];
  });
  return parts.length > 0 ? `at the same count ${parts.join(', ')}` : 'no other system reached the same count';
}

function deliverySentence(result: RunResult): string {
  const runs = [
    ...result.steady.map((r) => ({ scenario: 'steady', ...r })),
    ...result.burst.map((r) => ({ scenario: 'burst', ...r })),
  ];
  const bad = runs.filter((r) => r.deliveries.lost + r.deliveries.duplicated + r.deliveries.misrouted > 0);
  if (runs.length === 0) return 'no delivery scenario ran';
  if (bad.length === 0)
    return `0 lost, 0 duplicated and 0 misrouted in all ${runs.length} runs (every system, scenario and round)`;
  return bad
    .map(
      (r) =>
        `${SYSTEM_LABELS[r.system]} ${r.scenario} round ${r.round}: ${r.deliveries.lost} lost, ${r.deliveries.duplicated} duplicated, ${r.deliveries.misrouted} misrouted`,
    )
    .join('; ');
}

function method(result: RunResult): string {
  const { steady, burst, rounds, capacity } = result.config;
  return [
    '## How it was measured',
    '',
    '- **Systems**: (1) livebell as shipped: `apps/server/dist/main.js` with `NODE_ENV=production` and its defaults, clients are `@trpc/client` `createWSClient` + `wsLink` subscribed to `notifications.onEvent`; ' +
      "(2) the seed's architecture, minimal and faithful (`src/systems/socketio-server.ts`): one change stream with the seed's pipeline, Socket.IO, JWT in the handshake, a room per user, `io.to(room).emit()` per notification, clients are `socket.io-client` (WebSocket transport); " +
      '(3) the floor (`src/systems/ws-relay-server.ts`): the same change stream, a `Map` from user id to sockets, one `JSON.stringify` per event, clients are `ws`. ' +
      'Every system authenticates each connection with an HS256 JWT, and every server watches with its own single change stream.',
    '- **Processes**: the database (the livebell mongo emulator, one process for the whole run), the server under test, and the load generator split over ' +
      `${steady.workers} worker processes (more for capacity when one process cannot hold the connections) each run on their own; the orchestrator inserts with the official driver, like an admin backend. ` +
      'One system at a time: 2 cores cannot measure two at once. Each system starts on an empty, freshly indexed `notifications` collection.',
    `- **Latency**: every document carries \`data.sentAt\`, epoch milliseconds (performance.timeOrigin + performance.now()) taken just before its insert; the client that receives it subtracts that from the same clock at receipt. ` +
      'So latency includes the database: insert, oplog, change stream. The emulator alone (below) shows that share.',
    `- **Steady**: ${n(steady.subscribers)} subscribers (distinct users), ${n(steady.ratePerSecond)} \`insertOne\`/s for ${steady.durationS} s to users drawn by a seeded generator (the same sequence for every system), open loop. ` +
      `**Burst**: ${n(burst.subscribers)} subscribers, then one \`insertMany\` of one notification per subscriber (what \`admin.send\` does); its latency is counted from the start of that call. ` +
      `Both ran ${rounds} ${rounds === 1 ? 'time' : 'times'} per system, the systems taking turns; tables show the round with the median p99 (burst: median last arrival) and the range over rounds.`,
    `- **Capacity**: idle subscribers opened in steps (${capacity.plan.steps.map(n).join(', ')}; asked for ${capacity.wantedSteps.map(n).join(', ')}); after each step a full GC in the server (\`--expose-gc\`, a probe preloaded with \`--import\` answers over IPC) and its RSS and heap. Per connection = growth over the idle server / connections. Clients bind to loopback source addresses 127.0.0.2, .3, ... to stay clear of the ephemeral-port limit.`,
    '- **Deliveries**: each notification has a sequence number; the workers count first receipts, duplicates and notifications that reached the wrong user, and the orchestrator counts what never arrived (after 10 to 15 s without any receipt).',
    '- **What the baselines leave out**: the Socket.IO server keeps no resume token (the seed saves one per change, which would only slow it) and neither baseline validates documents, replays missed events or counts unread notifications. livebell does all of that on the measured path: its numbers include the price of being gap-free and typed.',
  ].join('\n');
}

type Find = <T extends { system: SystemName }>(rows: readonly T[], system: SystemName) => T | undefined;

/** "85 pauses, 480 ms, longest 14 ms"; n/a for runs recorded before GC pauses were measured. */
function gcCell(gc: GcPauses | undefined): string {
  if (!gc) return 'n/a';
  return `${n(gc.scavenges + gc.others)} pauses, ${n(gc.scavengeMs + gc.otherMs)} ms, longest ${n(gc.longestMs)} ms`;
}

function cpuCells(cpu: { serverS: number; databaseS: number; loadS: number; otherS: number }): string[] {
  return [seconds(cpu.serverS), seconds(cpu.databaseS), seconds(cpu.loadS), seconds(cpu.otherS)];
}

function steadySection(
  result: RunResult,
  rows: { system: SystemName; median: Round<SteadyResult>; all: number[] }[],
  find: Find,
): string {
  if (rows.length === 0) return '';
  const table = markdownTable(
    [
      'system',
      'p50',
      'p95',
      'p99',
      'max',
      'p99 over rounds',
      'delivered',
      'lost',
      'duplicated',
      'server CPU',
      'database CPU',
      'load CPU',
      'other CPU',
      'server GC',
    ],
    rows.map(({ system, median, all }) => [
      SYSTEM_LABELS[system],
      formatMs(median.latency.p50),
      formatMs(median.latency.p95),
      formatMs(median.latency.p99),
      formatMs(median.latency.max),
      spread(all, formatMs),
      `${n(median.deliveries.delivered)} / ${n(median.deliveries.expected)}`,
      n(median.deliveries.lost),
      n(median.deliveries.duplicated),
      ...cpuCells(median.cpu),
      gcCell(median.gc),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const { steady } = result.config;
  return [
    `## Steady: ${n(steady.subscribers)} subscribers, ${n(steady.ratePerSecond)} notifications/s for ${steady.durationS} s`,
    '',
    table,
    '',
    ratioLines(
      rows.map((r) => r.median),
      find,
      [
        { metric: 'p50', key: (r: SteadyResult) => r.latency.p50 },
        { metric: 'p99', key: (r: SteadyResult) => r.latency.p99 },
        { metric: 'server CPU', key: (r: SteadyResult) => r.cpu.serverS },
      ],
    ),
    '',
    "CPU columns: seconds used during the insert-and-deliver window by the server, the database, the load workers, and the rest of the machine (other people's work). Server GC: the stop-the-world pauses of the server's garbage collector in the same window (a PerformanceObserver in the preloaded probe).",
    notesOf(rows.map((r) => r.median)),
  ]
    .filter((line) => line !== null)
    .join('\n');
}

function burstSection(
  result: RunResult,
  rows: { system: SystemName; median: Round<BurstResult>; all: number[] }[],
  find: Find,
): string {
  if (rows.length === 0) return '';
  const table = markdownTable(
    [
      'system',
      'last arrival',
      'deliveries/s',
      'p50',
      'p99',
      'last arrival over rounds',
      'insert acknowledged',
      'delivered',
      'lost',
      'duplicated',
      'server CPU',
      'database CPU',
      'load CPU',
      'other CPU',
      'server GC',
    ],
    rows.map(({ system, median, all }) => [
      SYSTEM_LABELS[system],
      formatMs(median.lastArrivalMs),
      formatRate(median.deliveriesPerSecond),
      formatMs(median.latency.p50),
      formatMs(median.latency.p99),
      spread(all, formatMs),
      formatMs(median.insertMs),
      `${n(median.deliveries.delivered)} / ${n(median.deliveries.expected)}`,
      n(median.deliveries.lost),
      n(median.deliveries.duplicated),
      ...cpuCells(median.cpu),
      gcCell(median.gc),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  return [
    `## Burst fan-out: one bulk insert of ${n(result.config.burst.subscribers)} notifications, one per subscriber`,
    '',
    table,
    '',
    ratioLines(
      rows.map((r) => r.median),
      find,
      [
        { metric: 'last arrival', key: (r: BurstResult) => r.lastArrivalMs },
        { metric: 'deliveries/s', key: (r: BurstResult) => r.deliveriesPerSecond },
        { metric: 'server CPU', key: (r: BurstResult) => r.cpu.serverS },
      ],
    ),
    '',
    `Connecting the ${n(result.config.burst.subscribers)} subscribers took ` +
      rows
        .map(({ system, median }) => `${seconds(median.connect.elapsedMs / 1000)} (${SYSTEM_LABELS[system]})`)
        .join(', ') +
      '. Deliveries/s = deliveries / time to the last one.',
    notesOf(rows.map((r) => r.median)),
  ].join('\n');
}

function ratioLines<T extends { system: SystemName }>(
  rows: readonly T[],
  find: Find,
  metrics: { metric: string; key: (r: T) => number }[],
): string {
  const livebell = find(rows, 'livebell');
  const socketio = find(rows, 'socketio');
  const floor = find(rows, 'ws');
  const value = (r: T | undefined, key: (r: T) => number) => (r ? key(r) : Number.NaN);
  return metrics
    .flatMap(({ metric, key }) => [
      livebell
        ? `- ${ratioSentence('livebell', metric, key(livebell), [
            { label: 'floor', value: value(floor, key) },
            { label: 'Socket.IO', value: value(socketio, key) },
          ])}`
        : null,
      socketio
        ? `- ${ratioSentence('Socket.IO', metric, key(socketio), [{ label: 'floor', value: value(floor, key) }])}`
        : null,
    ])
    .filter((line): line is string => line !== null)
    .join('\n');
}

function notesOf(
  rows: readonly { system: SystemName; notes: string[]; disconnects: number; resyncs: number }[],
): string {
  const notes = rows.flatMap((r) => [
    ...r.notes.map((note) => `${SYSTEM_LABELS[r.system]}: ${note}`),
    ...(r.disconnects > 0 ? [`${SYSTEM_LABELS[r.system]}: ${n(r.disconnects)} unexpected disconnects`] : []),
    ...(r.resyncs > 0 ? [`${SYSTEM_LABELS[r.system]}: ${n(r.resyncs)} resync events after the first`] : []),
  ]);
  return notes.length > 0 ? `\nNotes: ${notes.join('; ')}.` : '';
}

function capacitySection(result: RunResult, files: ReportFiles): string {
  if (result.capacity.length === 0) return '';
  const rows = result.capacity.flatMap((c) =>
    c.steps.map((step) => [
      SYSTEM_LABELS[c.system],
      n(step.connections),
      mib(step.memory.rssBytes),
      mib(step.memory.heapUsedBytes),
      kib(step.rssPerConnectionBytes),
      kib(step.heapPerConnectionBytes),
      formatRate(step.connectRate),
      n(step.failed),
      seconds(step.cpu.serverS),
    ]),
  );
  return [
    '## Capacity: idle subscribers in steps',
    '',
    markdownTable(
      [
        'system',
        'connections',
        'RSS',
        'JS heap',
        'RSS per connection',
        'heap per connection',
        'connect rate',
        'failed',
        'server CPU to connect the step',
      ],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    result.capacity
      .map(
        (c) =>
          `- ${SYSTEM_LABELS[c.system]}: idle server ${mib(c.baseline.rssBytes)} RSS, ${mib(c.baseline.heapUsedBytes)} heap; stopped: ${c.stoppedBecause}; ${c.workers} load workers.`,
      )
      .join('\n'),
    '',
    `Connect rate: new subscribers per second in the step, each counted when the server will deliver to it (livebell: the subscription's first \`resync\` event; Socket.IO: \`connect\`, after the auth middleware and the room join; ws: \`open\`, after the token check). ${result.config.steady.workers} workers open 100 at a time each.`,
    '',
    `![Server memory against idle subscribers](${files.memoryChart})`,
    '',
    `![Insert-to-receipt latency CDFs](${files.latencyChart})`,
  ].join('\n');
}

function heapSection(result: RunResult): string {
  if (result.heap.length === 0) return '';
  const livebell = result.heap.find((h) => h.system === 'livebell');
  const bytes = (b: number) => (b >= 1024 ? kib(b) : `${n(b)} B`);
  const top = (kinds: readonly { kind: string; bytes: number }[], count: number) =>
    kinds
      .slice(0, count)
      .map((k) => `\`${k.kind}\` ${bytes(k.bytes)}`)
      .join(', ');
  return [
    '### Where the heap per connection goes',
    '',
    `Heap snapshots of each server, idle and with ${n(result.config.heap.connections)} idle subscribers: the growth per connection of the objects' own (self) size, by constructor (closures by function name, V8's internals by category). ` +
      'A Map or Set counts its backing table, not what its entries point to.',
    '',
    ...(livebell
      ? [
          markdownTable(
            ['livebell: kind', 'objects per connection', 'bytes per connection'],
            livebell.perConnection.slice(0, 15).map((k) => [`\`${k.kind}\``, k.count.toFixed(1), bytes(k.bytes)]),
            ['l', 'r', 'r'],
          ),
          '',
        ]
      : []),
    result.heap
      .map(
        (h) =>
          `- ${SYSTEM_LABELS[h.system]}: ${kib(h.bytesPerConnection)} of heap objects per connection; most: ${top(h.perConnection, 6)}.`,
      )
      .join('\n'),
  ].join('\n');
}

function emulatorSection(result: RunResult): string {
  if (result.emulator.length === 0) return '';
  const { emulator } = result.config;
  return [
    '## The database alone (mongo emulator)',
    '',
    `${n(emulator.inserts)} inserts into a collection watched by ${emulator.watchers} change streams configured as livebell's (updateLookup, pre-images), the emulator in its own process; latency from the insert call to each watcher's event.`,
    '',
    markdownTable(
      ['scenario', 'inserts/s', 'insert-to-watcher p50', 'p95', 'p99', 'max'],
      result.emulator.map((phase) => [
        phase.name,
        formatRate(phase.insertsPerSecond),
        formatMs(phase.latency.p50),
        formatMs(phase.latency.p95),
        formatMs(phase.latency.p99),
        formatMs(phase.latency.max),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'The emulator is a development database written in TypeScript, not MongoDB: the end-to-end numbers above include it, the same for every system.',
  ].join('\n');
}

function targetsSection(result: RunResult, { steady: s, burst: b }: Medians): string {
  const rows: string[][] = [];
  const verdict = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : '**not met**');
  const lp99 = s('livebell')?.latency.p99 ?? Number.NaN;
  const fp99 = s('ws')?.latency.p99 ?? Number.NaN;
  const sp99 = s('socketio')?.latency.p99 ?? Number.NaN;
  rows.push([
    'livebell p99 latency within 1.3x of the floor, and ahead of Socket.IO',
    `${formatMs(lp99)} = ${formatRatio(ratio(lp99, fp99))} floor, ${formatRatio(ratio(lp99, sp99))} Socket.IO`,
    verdict(Number.isNaN(lp99 + fp99 + sp99) ? null : lp99 <= 1.3 * fp99 && lp99 < sp99),
  ]);
  const lt = b('livebell')?.deliveriesPerSecond ?? Number.NaN;
  const ft = b('ws')?.deliveriesPerSecond ?? Number.NaN;
  const st = b('socketio')?.deliveriesPerSecond ?? Number.NaN;
  rows.push([
    'livebell burst throughput within 1.3x of the floor, and ahead of Socket.IO',
    `${formatRate(lt)} = ${formatRatio(ratio(lt, ft))} floor, ${formatRatio(ratio(lt, st))} Socket.IO`,
    verdict(Number.isNaN(lt + ft + st) ? null : lt * 1.3 >= ft && lt > st),
  ]);
  const top = result.capacity.find((c) => c.system === 'livebell')?.steps.at(-1);
  if (top) {
    const at20k = top.memory.rssBytes + Math.max(0, 20_000 - top.connections) * top.rssPerConnectionBytes;
    const measured = top.connections >= 20_000;
    rows.push([
      '20,000 concurrent subscribers on one node in under 1 GB RSS',
      measured
        ? `${mib(top.memory.rssBytes)} at ${n(top.connections)}`
        : `${mib(top.memory.rssBytes)} at ${n(top.connections)} (the most this machine allows); about ${mib(at20k)} at 20,000 at ${kib(top.rssPerConnectionBytes)} each`,
      measured ? verdict(top.memory.rssBytes < 1e9) : `${verdict(at20k < 1e9)} (extrapolated)`,
    ]);
  } else {
    rows.push(['20,000 concurrent subscribers on one node in under 1 GB RSS', 'capacity not run', verdict(null)]);
  }
  const livebellRuns = [...result.steady, ...result.burst].filter((r) => r.system === 'livebell');
  const lost = livebellRuns.reduce((sum, r) => sum + r.deliveries.lost, 0);
  const duplicated = livebellRuns.reduce((sum, r) => sum + r.deliveries.duplicated, 0);
  rows.push([
    '0 lost and 0 duplicated deliveries in every scenario',
    `livebell: ${n(lost)} lost, ${n(duplicated)} duplicated over ${livebellRuns.length} runs`,
    verdict(livebellRuns.length === 0 ? null : lost === 0 && duplicated === 0),
  ]);
  return [
    '## Targets (reported, never enforced)',
    '',
    markdownTable(['target', 'measured', ''], rows),
    '',
    `1 GB is read as 10^9 bytes; ${(1e9 / GIB).toFixed(2)} GiB.`,
  ].join('\n');
}

function profileSection(result: RunResult): string {
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
      `Steady (${n(result.config.steady.ratePerSecond * result.config.steady.durationS)} notifications)`,
      profiles,
      'steady',
      CPU_SHARE,
    ),
    '',
    measuredCpuLine(result, profiles, 'steady'),
    '',
    categoryComparison(`Burst (${n(result.config.burst.subscribers)} notifications)`, profiles, 'burst', CPU_SHARE),
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
            `Burst, connect phase (${n(result.config.burst.subscribers)} subscribers authenticating and subscribing)`,
            livebell.burst.connect,
            6,
          ),
        ]
      : []),
  ].join('\n');
}

type Measured = { total: number; byCategory: Record<CostCategory, number> };
type Column = Measured & { system: SystemName };

type Measure = {
  /** The total and the per-category values of one system's profile, already per delivery. */
  of: (profile: ScenarioProfile) => Measured;
  format: (value: number) => string;
  /** Categories below this are left out of the table. */
  floor: number;
  /** Whether a difference to the floor means something (amounts yes, shares no). */
  compare: boolean;
  totalLabel: string;
};

/**
 * Shares, not amounts: the profiler's sampling thread competes for the 2
 * busy cores and tends to run when the main thread sleeps, so profiles
 * undercount busy time; the split of what was sampled busy is what they tell.
 */
const CPU_SHARE: Measure = {
  of: ({ deliver }) => ({
    total: 1,
    byCategory: mapValues(
      categoryTotals(deliver.byArea, (a) => a.selfMs),
      (ms) => (deliver.busyMs > 0 ? ms / deliver.busyMs : Number.NaN),
    ),
  }),
  format: (share) => (Number.isFinite(share) ? percent(share) : 'n/a'),
  floor: 0.005,
  compare: false,
  totalLabel: 'sampled busy time',
};

const ALLOCATED_PER_DELIVERY: Measure = {
  of: ({ delivered, allocations }) => ({
    total: perDelivery(allocations.totalBytes, delivered),
    byCategory: mapValues(
      categoryTotals(allocations.byArea, (a) => a.bytes),
      (bytes) => perDelivery(bytes, delivered),
    ),
  }),
  format: (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : 'n/a'),
  floor: 100,
  compare: true,
  totalLabel: 'all',
};

/** Server CPU per delivered notification (all threads, /proc) in each system's median measured round, in µs. */
function measuredServerCpu(
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
    (m) => `${SYSTEM_LABELS[m.system]} ${us(m.serverUs)} in the server and ${us(m.databaseUs)} in the database`,
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
      `livebell's server spends ${us(livebellCpu.serverUs - floorCpu.serverUs)} more per notification than the floor's, and its database ${us(livebellCpu.databaseUs - floorCpu.databaseUs)} more; ` +
        `by category (share × measured CPU, an estimate): ${excess.map((e) => `${e.category} +${us(e.us)}`).join(', ')}.`,
    );
  }
  return lines.join(' ');
}

function perDelivery(value: number, delivered: number): number {
  return delivered > 0 ? value / delivered : Number.NaN;
}

function mapValues<K extends string>(record: Record<K, number>, map: (value: number) => number): Record<K, number> {
  return Object.fromEntries(Object.entries<number>(record).map(([key, value]) => [key, map(value)])) as Record<
    K,
    number
  >;
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
      ? (pick: (c: Column) => number) => [signed(pick(livebell) - pick(floor), measure.format)]
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

function us(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(0)} µs` : 'n/a';
}

function signed(value: number, format: (value: number) => string): string {
  const magnitude = format(Math.abs(value));
  return /^0(\.0+)?\b/.test(magnitude) ? magnitude : `${value >= 0 ? '+' : '−'}${magnitude}`;
}

function allocationBlock(title: string, profile: ScenarioProfile, top = 12): string {
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
          percent(f.share),
        ]),
      ['l', 'l', 'r', 'r'],
    ),
  ].join('\n');
}

function profileBlock(title: string, summary: ProfileSummary, top = 10): string {
  const ms = (v: number) => `${n(v)} ms`;
  return [
    `#### ${title}`,
    '',
    `Sampled busy ${seconds(summary.busyMs / 1000)} of ${seconds(summary.sampledMs / 1000)} (an undercount under contention, see above; the shares are the point).`,
    '',
    markdownTable(
      ['area (self time)', 'CPU', 'share'],
      summary.byArea.slice(0, top).map((a) => [a.area, ms(a.selfMs), percent(a.share)]),
      ['l', 'r', 'r'],
    ),
    '',
    markdownTable(
      ['function (self time)', 'where', 'CPU', 'share'],
      summary.topSelf.slice(0, top).map((f) => [`\`${f.name}\``, f.location || f.area, ms(f.ms), percent(f.share)]),
      ['l', 'l', 'r', 'r'],
    ),
    '',
    markdownTable(
      ["livebell's function (inclusive)", 'where', 'CPU', 'share'],
      summary.topLivebellTotal
        .slice(0, Math.min(top, 8))
        .map((f) => [`\`${f.name}\``, f.location, ms(f.ms), percent(f.share)]),
      ['l', 'l', 'r', 'r'],
    ),
  ].join('\n');
}
