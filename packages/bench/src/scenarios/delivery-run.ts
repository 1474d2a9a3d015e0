// What steady and burst share: subscribe one client per user, insert (each
// scenario its own way), wait for the deliveries, and count them: latency,
// lost, duplicated, misrouted, CPU and the server's memory afterwards.
import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicUs, type PhaseWindow } from '../clock.js';
import { startCpuMeter, type CpuUse } from '../cpu-meter.js';
import { cdfPoints, type CdfPoint } from '../latency-cdf.js';
import { summarize, type LatencySummary } from '../latency-stats.js';
import { tallyDeliveries, type DeliveryTally } from '../load/delivery-ledger.js';
import type { FleetOpenResult } from '../load/load-fleet.js';
import type { GcPauses, MemorySample } from '../systems/memory-probe.js';
import type { SystemName } from '../systems/system-name.js';
import { benchUserIds } from '../user-ids.js';
import { expectedPerWorker, withSystemUnderLoad, type ScenarioContext } from './scenario-context.js';

export type DeliveryRunResult = {
  system: SystemName;
  connect: FleetOpenResult;
  latency: LatencySummary;
  cdf: CdfPoint[];
  deliveries: DeliveryTally;
  disconnects: number;
  resyncs: number;
  /** From the first insert until the deliveries settled. */
  cpu: CpuUse;
  /** The server's garbage-collection pauses over the same window. */
  gc: GcPauses;
  serverMemory: MemorySample;
  /** The connect and delivery phases, to cut them out of a server CPU profile. */
  phases: { connect: PhaseWindow; deliver: PhaseWindow };
  notes: string[];
};

/** Where a profiled run writes the server's CPU profile and its allocation samples. */
export type ProfileFiles = { cpuProfile: { dir: string; name: string }; allocationProfile: string };

export type DeliveryRunOptions = {
  label: string;
  subscribers: number;
  workers: number;
  /** Give up on stragglers after this long without any receipt. */
  quietMs: number;
  cpuProfile?: { dir: string; name: string } | undefined;
  /** Sample the server's allocations over the delivery phase into this file. */
  allocationProfile?: string | undefined;
  /** Extra environment for the server. */
  serverEnv?: Record<string, string> | undefined;
  /** Scrape the server's `GET /metrics` this often while delivering, as Prometheus would. */
  scrapeMetricsEveryMs?: number | undefined;
};

/** One sample per this many bytes allocated: thousands of samples a second here, at little cost. */
const ALLOCATION_SAMPLING_BYTES = 32 * 1024;

/** Listen this long after the last expected delivery, to catch duplicates. */
const DUPLICATE_GRACE_MS = 1000;
const CONNECT_CONCURRENCY = 100;

/**
 * `insert(users)` inserts notification 0, 1, ... for the subscribed users and
 * returns, per sequence number, the user it was for.
 */
export async function runDeliveries<T>(
  context: ScenarioContext,
  system: SystemName,
  options: DeliveryRunOptions,
  insert: (users: readonly string[]) => Promise<{ targets: readonly string[]; info: T }>,
): Promise<DeliveryRunResult & { insert: T }> {
  const session = {
    workers: options.workers,
    label: options.label,
    ...(options.cpuProfile ? { cpuProfile: options.cpuProfile } : {}),
    ...(options.serverEnv ? { serverEnv: options.serverEnv } : {}),
  };
  return withSystemUnderLoad(context, system, session, async ({ server, fleet, serverExited }) => {
    const users = benchUserIds(options.subscribers);
    const connectFrom = monotonicUs();
    const connect = await fleet.open(system, server.url, context.jwtSecret, users, CONNECT_CONCURRENCY);
    const connectTo = monotonicUs();
    const notes: string[] = [];
    if (connect.failed > 0)
      notes.push(`${connect.failed} of ${users.length} clients failed to connect: ${connect.firstError ?? ''}`);

    const meter = await startCpuMeter({ server: server.pid, database: context.databasePid, load: fleet.pids });
    await server.gcPauses();
    if (options.allocationProfile) await server.startAllocationSampling(ALLOCATION_SAMPLING_BYTES);
    const scraper = options.scrapeMetricsEveryMs ? scrapeMetrics(server.url, options.scrapeMetricsEveryMs) : null;
    const { targets, info } = await insert(users);
    const settled = await fleet.settle(expectedPerWorker(fleet, targets), options.quietMs);
    const cpu = await meter();
    const scrapes = await scraper?.stop();
    if (scrapes !== undefined) notes.push(`/metrics scraped ${scrapes.count} times, ${scrapes.failed} failed`);
    const gc = await server.gcPauses();
    if (options.allocationProfile) await server.stopAllocationSampling(options.allocationProfile);
    const deliverTo = monotonicUs();
    await sleep(DUPLICATE_GRACE_MS);
    const reports = await fleet.reports();
    const { tally, latenciesMs } = tallyDeliveries(targets.length, reports);
    if (!settled.every((s) => s.complete))
      notes.push(`deliveries stopped before all arrived (waited ${options.quietMs / 1000} s after the last one)`);
    if (serverExited()) notes.push('the server process exited during the run');
    return {
      system,
      connect,
      latency: summarize(latenciesMs),
      cdf: cdfPoints(latenciesMs),
      deliveries: tally,
      disconnects: reports.reduce((sum, r) => sum + r.disconnects, 0),
      resyncs: reports.reduce((sum, r) => sum + r.resyncs, 0),
      cpu,
      gc,
      serverMemory: await server.memory(),
      phases: { connect: { fromUs: connectFrom, toUs: connectTo }, deliver: { fromUs: connectTo, toUs: deliverTo } },
      notes,
      insert: info,
    };
  });
}

/** Fetches the server's /metrics every `everyMs` until stopped; stop() tells how many scrapes ran. */
function scrapeMetrics(serverUrl: string, everyMs: number) {
  const url = new URL('/metrics', serverUrl.replace(/^ws/, 'http'));
  let count = 0;
  let failed = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const scrape = async () => {
    try {
      const response = await fetch(url);
      await response.text();
      if (response.ok) count += 1;
      else failed += 1;
    } catch {
      failed += 1;
    }
  };
  const timer = setInterval(() => (inFlight = scrape()), everyMs);
  return {
    async stop(): Promise<{ count: number; failed: number }> {
      clearInterval(timer);
      await inFlight;
      return { count, failed };
    },
  };
}

/** "1000/1000 delivered, 0 lost, 0 duplicated, 0 misrouted" */
export function deliveryLine(tally: DeliveryTally): string {
  return `${tally.delivered}/${tally.expected} delivered, ${tally.lost} lost, ${tally.duplicated} duplicated, ${tally.misrouted} misrouted`;
}
