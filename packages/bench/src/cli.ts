#!/usr/bin/env node
// `pnpm bench <scenario>`: livebell's benchmarks. Each scenario prints its
// numbers on stdout; none of them is a test, and nothing asserts a time.
import { parseArgs } from 'node:util';
import { runEmulatorBenchmark } from './emulator-benchmark.js';

type Scenario = { describe: string; run(quick: boolean): Promise<unknown> };

const print = (line: string) => process.stdout.write(`${line}\n`);

const scenarios: Record<string, Scenario> = {
  emulator: {
    describe: 'mongo emulator: inserts/s and insert-to-watcher latency (10,000 inserts; --quick: 1,000)',
    run: (quick) => runEmulatorBenchmark({ inserts: quick ? 1_000 : 10_000, watchers: 3, writers: 10 }, print),
  },
};

const USAGE = `Usage: pnpm bench <scenario> [--quick]

Scenarios:
${Object.entries(scenarios)
  .map(([name, scenario]) => `  ${name.padEnd(10)} ${scenario.describe}`)
  .join('\n')}

  --quick   a smaller run, for a fast check`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true, options: { quick: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const [name] = parsed.positionals;
  if (parsed.values.help) {
    print(USAGE);
    return;
  }
  const scenario = name === undefined ? undefined : scenarios[name];
  if (!scenario) {
    process.stderr.write(`${name === undefined ? 'bench: name a scenario' : `bench: unknown scenario '${name}'`}\n\n${USAGE}\n`);
    process.exit(2);
  }
  await scenario.run(parsed.values.quick === true);
}

await main();
