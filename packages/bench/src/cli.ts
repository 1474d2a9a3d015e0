#!/usr/bin/env node
// `pnpm bench [scenario...] [--quick]`: livebell against a Socket.IO design
// and a bare ws relay, plus the emulator alone. No scenario: all of
// them, written to results/ (and, for a full run, RESULTS.md and the charts).
// None of this is a test: nothing asserts a time.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  NAMED_ONLY_SCENARIOS,
  packageDir,
  runComparison,
  SCENARIO_NAMES,
  type ScenarioName,
} from './comparison-run.js';
import { newestFullRun, writeReport } from './report/write-report.js';
import type { RunResult } from './report/run-result.js';
import { isSystemName, SYSTEM_NAMES, type SystemName } from './systems/system-name.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

const USAGE = `Usage: pnpm bench [scenario...] [options]

Scenarios (default: all, and the results are written):
  steady     1,000 subscribers, 200 notifications/s to random users for 30 s: latency p50/p95/p99/max
  burst      10,000 subscribers, one bulk insert of one notification each: last arrival, deliveries/s
  capacity   idle subscribers in steps of 1k, 5k, 10k, 20k, ... 50k: RSS, heap, per connection, connect rate
  heap       heap snapshots idle and with 2,000 subscribers: what each server keeps per connection
  emulator   the mongo emulator alone: inserts/s and insert-to-watcher latency
  metrics-cost  (only when named) livebell's steady with metrics on (scraped every 5 s) and off: server CPU
  report     rewrite RESULTS.md and the charts from a results JSON (default: the newest full run)

Options:
  --quick            small sizes, under 2 minutes in all
  --system NAME      only this system (livebell, socketio, ws); repeatable
  --rounds N         run steady and burst N times per system (default: 3, --quick: 1)
  --profile          also profile livebell's server through steady and burst (on for a full run)
  --no-profile       do not profile
  -h, --help         this text`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      strict: true,
      options: {
        quick: { type: 'boolean' },
        system: { type: 'string', multiple: true },
        profile: { type: 'boolean' },
        rounds: { type: 'string' },
        'no-profile': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    print(USAGE);
    return;
  }
  const [first, ...rest] = parsed.positionals;
  if (first === 'report') {
    await rewriteReport(rest[0]);
    return;
  }
  const known: readonly string[] = [...SCENARIO_NAMES, ...NAMED_ONLY_SCENARIOS];
  const unknown = parsed.positionals.filter((name) => !known.includes(name));
  if (unknown.length > 0) fail(`unknown scenario '${unknown.join("', '")}'`);
  const systemNames = parsed.values.system ?? [...SYSTEM_NAMES];
  const badSystem = systemNames.find((name) => !isSystemName(name));
  if (badSystem !== undefined) fail(`unknown system '${badSystem}'`);
  const systems: SystemName[] = systemNames.filter(isSystemName);

  const everything = parsed.positionals.length === 0;
  const scenarios = (everything ? [...SCENARIO_NAMES] : parsed.positionals) as ScenarioName[];
  const quick = parsed.values.quick === true;
  const profile = parsed.values['no-profile']
    ? false
    : parsed.values.profile
      ? true
      : everything && !quick
        ? undefined
        : false;
  const rounds = parsed.values.rounds === undefined ? undefined : Number(parsed.values.rounds);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1)) fail('--rounds takes a whole number >= 1');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = join(packageDir, 'results');
  const logDir = join(resultsDir, 'logs', stamp);

  const result = await runComparison({
    quick,
    systems,
    scenarios,
    logDir,
    print,
    ...(profile === undefined ? {} : { profile }),
    ...(rounds === undefined ? {} : { rounds }),
  });
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `${stamp}-${result.kind}.json`);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  print(`results: ${file}`);
  if (result.kind === 'full') {
    for (const written of await writeReport(result, packageDir, file)) print(`wrote ${written}`);
  }
}

/** `pnpm bench report [file]`: the Markdown and charts again, from a saved run. */
async function rewriteReport(file: string | undefined): Promise<void> {
  const resultsDir = join(packageDir, 'results');
  const path = file ?? (await newestFullRun(resultsDir));
  if (path === undefined) fail('no full run in results/; run `pnpm bench` first or name a file');
  const result = JSON.parse(await readFile(path, 'utf8')) as RunResult;
  for (const written of await writeReport(result, packageDir, path)) print(`wrote ${written}`);
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

await main();
